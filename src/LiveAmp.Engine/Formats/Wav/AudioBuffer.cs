namespace LiveAmp.Engine.Formats.Wav;

/// <summary>Deinterleaved audio: one float array per channel, all of the same length, full scale ±1.</summary>
public sealed class AudioBuffer
{
    /// <summary>Wraps <paramref name="channels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">No channel, channels of different lengths, or a rate ≤ 0.</exception>
    public AudioBuffer(float[][] channels, int sampleRate, WavFormat? sourceFormat = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length == 0) throw new ArgumentException("at least one channel is needed", nameof(channels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        for (int c = 0; c < channels.Length; c++)
        {
            ArgumentNullException.ThrowIfNull(channels[c], $"{nameof(channels)}[{c}]");
            if (channels[c].Length != channels[0].Length)
                throw new ArgumentException(
                    $"channel {c} has {channels[c].Length} frames but channel 0 has {channels[0].Length}", nameof(channels));
        }
        Channels = channels;
        SampleRate = sampleRate;
        SourceFormat = sourceFormat;
    }

    /// <summary>A one-channel buffer around <paramref name="samples"/> (not copied).</summary>
    public static AudioBuffer Mono(float[] samples, int sampleRate) => new([samples], sampleRate);

    /// <summary>Samples by channel, then frame.</summary>
    public float[][] Channels { get; }

    /// <summary>The samples of a one-channel buffer, such as <see cref="WavReader.ReadMono"/> returns.</summary>
    /// <exception cref="InvalidOperationException">The buffer has several channels: pick one from
    /// <see cref="Channels"/> or read the file with <see cref="WavReader.ReadMono"/>.</exception>
    public float[] Samples => ChannelCount == 1
        ? Channels[0]
        : throw new InvalidOperationException($"{nameof(Samples)} is for one-channel buffers; this one has {ChannelCount} channels");

    /// <summary>Frames per second (Hz).</summary>
    public int SampleRate { get; }

    /// <summary>The format of the file this buffer was read from; null for buffers made in memory.</summary>
    public WavFormat? SourceFormat { get; }

    public int ChannelCount => Channels.Length;

    public int FrameCount => Channels[0].Length;

    public double DurationSeconds => (double)FrameCount / SampleRate;
}
