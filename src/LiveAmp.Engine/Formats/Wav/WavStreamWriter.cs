namespace LiveAmp.Engine.Formats.Wav;

/// <summary>Writes a WAV file block by block, for recordings whose length is not known in advance. Samples go to a
/// temporary file beside <see cref="Path"/>; <see cref="Complete"/> patches the header sizes and renames it into place,
/// <see cref="Abort"/> (or disposing without completing) deletes it. Until completion the temporary file's header
/// declares 0 data bytes, which <see cref="WavReader"/> and most tools read as "to the end of the file".
/// <para>Use from one non-real-time thread (the recorder's writer thread that drains the engine's ring); not
/// thread-safe. <see cref="Append"/> reuses its conversion buffer, so it allocates only when a block is larger than any
/// before. If an append fails (bad argument, disk error) the file still completes to a valid WAV holding every frame of
/// the appends that succeeded.</para></summary>
public sealed class WavStreamWriter : IDisposable
{
    readonly FileStream _stream;
    readonly string _tempPath;
    readonly WavSampleFormat _format;
    readonly int _headerBytes;
    readonly long _maxFrames;
    byte[] _bytes = [];
    bool _finished;

    /// <summary>Creates the temporary file and writes a provisional header. Throws for a rate or channel count out of
    /// range, or when the directory cannot be written.</summary>
    public WavStreamWriter(string path, int sampleRate, int channelCount, WavSampleFormat format)
        : this(path, sampleRate, channelCount, format, OpenTemp)
    {
    }

    /// <summary>Tests substitute <paramref name="openTemp"/> to inject write failures.</summary>
    internal WavStreamWriter(string path, int sampleRate, int channelCount, WavSampleFormat format,
                             Func<string, FileStream> openTemp)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channelCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channelCount, ushort.MaxValue);
        int blockAlign = channelCount * WavEncoder.SampleBytes(format);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockAlign, ushort.MaxValue, nameof(channelCount));

        Path = path;
        SampleRate = sampleRate;
        ChannelCount = channelCount;
        _format = format;
        _tempPath = WavEncoder.TempPathFor(path);
        var header = WavEncoder.Header(format, channelCount, sampleRate, frameCount: 0);
        _headerBytes = header.Length;
        _maxFrames = WavEncoder.MaxDataBytes(_headerBytes) / blockAlign;
        _stream = openTemp(_tempPath);
        try
        {
            _stream.Write(header);
        }
        catch
        {
            _stream.Dispose();
            File.Delete(_tempPath);
            throw;
        }
    }

    static FileStream OpenTemp(string tempPath) =>
        new(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    /// <summary>The final path the file is renamed to by <see cref="Complete"/>.</summary>
    public string Path { get; }

    public int SampleRate { get; }

    public int ChannelCount { get; }

    /// <summary>Frames appended successfully so far.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Appends whole frames, interleaved (channel 0, channel 1, … of frame 0, then frame 1, …).</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="ChannelCount"/>; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The file was completed or aborted, or would exceed the 4 GB RIFF limit.</exception>
    public void Append(ReadOnlySpan<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (interleaved.Length % ChannelCount != 0)
            throw new ArgumentException(
                $"{interleaved.Length} samples is not a whole number of {ChannelCount}-channel frames", nameof(interleaved));
        long frames = interleaved.Length / ChannelCount;
        if (FrameCount + frames > _maxFrames)
            throw new InvalidOperationException($"{Path}: a WAV file holds at most {_maxFrames:N0} frames of this format");

        int byteCount = interleaved.Length * WavEncoder.SampleBytes(_format);
        if (_bytes.Length < byteCount) _bytes = new byte[byteCount];
        WavEncoder.Encode(interleaved, _format, _bytes);
        // Unbuffered stream: a write that fails leaves nothing pending that a later flush could half-write.
        _stream.Write(_bytes, 0, byteCount);
        FrameCount += frames;   // only after the write succeeded: Complete trims anything a failed write left
    }

    /// <summary>Writes the final sizes, flushes to disk and renames the file into place (replacing any file there).
    /// Completing twice, or after <see cref="Abort"/>, throws.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            long dataBytes = FrameCount * ChannelCount * WavEncoder.SampleBytes(_format);
            _stream.Flush();
            _stream.SetLength(_headerBytes + dataBytes);   // drops bytes of a write that failed half-way
            _stream.Position = _headerBytes + dataBytes;
            if ((dataBytes & 1) != 0) _stream.WriteByte(0);   // RIFF pads odd chunks to an even size
            _stream.Position = 0;
            _stream.Write(WavEncoder.Header(_format, ChannelCount, SampleRate, FrameCount));
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_tempPath, Path, overwrite: true);
        }
        catch
        {
            _stream.Dispose();
            File.Delete(_tempPath);
            throw;
        }
    }

    /// <summary>Discards the recording: closes and deletes the temporary file. Does nothing once finished.</summary>
    public void Abort()
    {
        if (_finished) return;
        _finished = true;
        _stream.Dispose();
        File.Delete(_tempPath);
    }

    /// <summary>Aborts unless <see cref="Complete"/> ran: an undisposed recording is never half-published.</summary>
    public void Dispose() => Abort();
}
