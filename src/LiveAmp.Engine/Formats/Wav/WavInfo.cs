namespace LiveAmp.Engine.Formats.Wav;

/// <summary>What <see cref="WavReader.ReadInfo"/> learns from a WAV file's header without decoding samples.</summary>
/// <param name="Format">The validated sample format.</param>
/// <param name="FrameCount">Whole frames available in the data chunk (a partial last frame is dropped).</param>
/// <param name="DataOffset">Byte offset of the first sample in the file.</param>
/// <param name="DataByteCount">Bytes of sample data that will be read.</param>
/// <param name="DataSizeRepaired">The data chunk declared 0 bytes or more than the file holds (a recorder that
/// never patched its header, or a truncated copy), so the data was taken to run to the end of the file.</param>
public sealed record WavInfo(WavFormat Format, long FrameCount, long DataOffset, long DataByteCount, bool DataSizeRepaired)
{
    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)FrameCount / Format.SampleRate;
}
