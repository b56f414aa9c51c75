namespace LiveAmp.Engine.Formats.Wav;

/// <summary>The sample format declared by a WAV file's <c>fmt </c> chunk, after validation.</summary>
/// <param name="Encoding">Integer PCM or IEEE float.</param>
/// <param name="BitsPerSample">Container size of one sample in bits (8, 16, 24, 32 or 64).</param>
/// <param name="ValidBitsPerSample">Bits that carry signal (WAVE_FORMAT_EXTENSIBLE may declare fewer than the
/// container, left-justified); equal to <paramref name="BitsPerSample"/> otherwise.</param>
/// <param name="ChannelCount">Interleaved channels per frame, at least 1.</param>
/// <param name="SampleRate">Frames per second (Hz).</param>
/// <param name="IsExtensible">The file used WAVE_FORMAT_EXTENSIBLE (0xFFFE) with a sub-format GUID.</param>
/// <param name="ChannelMask">Speaker positions from WAVE_FORMAT_EXTENSIBLE; 0 when absent.</param>
public sealed record WavFormat(
    WavSampleEncoding Encoding,
    int BitsPerSample,
    int ValidBitsPerSample,
    int ChannelCount,
    int SampleRate,
    bool IsExtensible,
    uint ChannelMask)
{
    /// <summary>Bytes per frame (all channels of one time step).</summary>
    public int BlockAlign => ChannelCount * (BitsPerSample / 8);

    public override string ToString() =>
        $"{(Encoding == WavSampleEncoding.Pcm ? "PCM" : "float")} {BitsPerSample}-bit, {ChannelCount} ch, {SampleRate} Hz" +
        (IsExtensible ? " (extensible)" : "");
}
