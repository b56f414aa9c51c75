namespace LiveAmp.Host.Audio.Stats;

/// <summary>The latency of the live path, as reported by PortAudio plus what LiveAmp adds.</summary>
public sealed record LatencyBreakdown(double SampleRate, int PortAudioInputFrames, int PortAudioOutputFrames, int PrefillFrames, int ChainFrames)
{
    public int TotalFrames => PortAudioInputFrames + PortAudioOutputFrames + PrefillFrames + ChainFrames;
    /// <summary>How far a recording of the output (taken where it is handed to the device) lags the input.</summary>
    public int RecordingOffsetFrames => PrefillFrames + ChainFrames;
    public double Ms(int frames) => frames * 1000.0 / SampleRate;
}

public enum XrunKind
{
    /// <summary>Processing a block took longer than the block lasts.</summary>
    OverBudget,
    /// <summary>Ring mode: the callback found fewer processed samples than it needed.</summary>
    RingUnderrun,
    /// <summary>Ring mode: the input ring was full (engine stalled).</summary>
    RingOverrun,
    /// <summary>The callback came more than 1.5 periods after the previous one.</summary>
    LateCallback,
    /// <summary>PortAudio status flags: the server (JACK) reported an xrun somewhere in its graph.</summary>
    Server,
}

/// <summary>One xrun, stamped with the time since the stream started and its likely cause.</summary>
public sealed record XrunEvent(long Sequence, TimeSpan At, XrunKind Kind, int Count, string Cause)
{
    public bool IsOwn => Kind != XrunKind.Server;
    public bool NearGc => Cause.StartsWith("GC", StringComparison.Ordinal);
}

/// <summary>An immutable snapshot of the running stream, published by <see cref="StatsMonitor"/>.</summary>
public sealed record EngineStats
{
    public TimeSpan Elapsed { get; init; }
    public long Callbacks { get; init; }
    public long Frames { get; init; }
    public int BlockFrames { get; init; }
    public double DspLoadCurrent { get; init; }
    public double DspLoadMean1s { get; init; }
    public double DspLoadMax1s { get; init; }
    public double DspLoadMean { get; init; }
    public double DspLoadMax { get; init; }
    public double PortAudioCpuLoad { get; init; }
    public long OverBudget { get; init; }
    public long RingUnderruns { get; init; }
    public long RingOverruns { get; init; }
    public long LateCallbacks { get; init; }
    public long ServerXruns { get; init; }
    public long OwnXruns => OverBudget + RingUnderruns + RingOverruns + LateCallbacks;
    public long OwnXrunsNearGc { get; init; }
    public IReadOnlyList<XrunEvent> RecentEvents { get; init; } = [];
    public float PeakIn1s { get; init; }
    public float PeakOut1s { get; init; }
    public float RmsIn1s { get; init; }
    public float RmsOut1s { get; init; }
    public long ClippedSamples { get; init; }
    public long AudioThreadAllocatedBytes { get; init; }
    public long RecordDroppedFrames { get; init; }
    public int GcCollections { get; init; }
    public TimeSpan GcPauseTotal { get; init; }
    public required LatencyBreakdown Latency { get; init; }
    public long CallbackPolicy { get; init; }
    public long CallbackPriority { get; init; }
}
