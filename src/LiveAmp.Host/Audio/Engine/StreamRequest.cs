namespace LiveAmp.Host.Audio.Engine;

/// <summary>What `liveamp play` asks of the audio device and engine.</summary>
public sealed record StreamRequest
{
    /// <summary>Host API name or prefix ("jack", "alsa"); null: PortAudio's default (JACK when a server runs).</summary>
    public string? HostApi { get; init; }
    /// <summary>Device for both directions (index or name); overridden per direction below.</summary>
    public string? Device { get; init; }
    public string? InputDevice { get; init; }
    public string? OutputDevice { get; init; }
    /// <summary>1-based input channel the guitar is on.</summary>
    public int InputChannel { get; init; } = 1;
    /// <summary>1-based output channels that all receive the mono signal.</summary>
    public int[] OutputChannels { get; init; } = [1, 2];
    /// <summary>Null: the device's default rate (the server's on JACK).</summary>
    public double? SampleRate { get; init; }
    /// <summary>Frames per buffer on host APIs other than JACK (on JACK the server's period is used).</summary>
    public int BufferFrames { get; init; } = 64;
    public EngineMode Mode { get; init; } = EngineMode.Direct;
    /// <summary>Ring mode: blocks of silence queued before the first processed block.</summary>
    public int PrefillBlocks { get; init; } = 2;
    /// <summary>Reamping: these samples replace the device input (then silence); null = live input.</summary>
    public float[]? InputSamples { get; init; }
    /// <summary>Keep the output for a recorder (see <see cref="LiveStream.RecordRing"/>).</summary>
    public bool Record { get; init; }
    public bool Verbose { get; init; }
}
