namespace LiveAmp.Engine.Formats.Wav;

/// <summary>Writes whole WAV files atomically: the samples go to a temporary file beside the target, which is renamed
/// over it when complete (and deleted if anything fails), so a reader never sees a half-written file. PCM is plain
/// rounding and clipping without dither (see <see cref="WavSampleFormat"/>). Loader/CLI thread; allocates.</summary>
public static class WavWriter
{
    const int FramesPerBlock = 4096;

    /// <summary>Writes every channel of <paramref name="buffer"/> at its sample rate.</summary>
    /// <exception cref="IOException">The file cannot be written; the target is left as it was.</exception>
    public static void Write(string path, AudioBuffer buffer, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var writer = new WavStreamWriter(path, buffer.SampleRate, buffer.ChannelCount, format);
        var interleaved = new float[Math.Min(FramesPerBlock, Math.Max(1, buffer.FrameCount)) * buffer.ChannelCount];
        for (int frame = 0; frame < buffer.FrameCount; frame += FramesPerBlock)
        {
            int frames = Math.Min(FramesPerBlock, buffer.FrameCount - frame);
            for (int c = 0; c < buffer.ChannelCount; c++)
            {
                var channel = buffer.Channels[c];
                for (int i = 0; i < frames; i++) interleaved[i * buffer.ChannelCount + c] = channel[frame + i];
            }
            writer.Append(interleaved.AsSpan(0, frames * buffer.ChannelCount));
        }
        writer.Complete();
    }

    /// <summary>Writes one channel.</summary>
    /// <exception cref="IOException">The file cannot be written; the target is left as it was.</exception>
    public static void Write(string path, ReadOnlySpan<float> mono, int sampleRate, WavSampleFormat format)
    {
        using var writer = new WavStreamWriter(path, sampleRate, 1, format);
        writer.Append(mono);
        writer.Complete();
    }
}
