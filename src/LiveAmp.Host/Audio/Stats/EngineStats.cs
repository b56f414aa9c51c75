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
    /// <summary>Processing a block missed its deadline (a period; in ring mode the prefill).</summary>
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

public static class XrunKindNames
{
    public static string Name(this XrunKind kind) => kind switch
    {
        XrunKind.OverBudget => "over budget",
        XrunKind.RingUnderrun => "ring underrun",
        XrunKind.RingOverrun => "ring overrun",
        XrunKind.LateCallback => "late callback",
        _ => "server xrun",
    };
}

/// <summary>One xrun, stamped with the time since the stream started, whether LiveAmp caused it (see
/// <see cref="XrunAttribution"/>) and its likely cause.</summary>
public sealed record XrunEvent(long Sequence, TimeSpan At, XrunKind Kind, int Count, bool ByLiveAmp, string Cause);

/// <summary>A snapshot of the running stream, published by <see cref="StatsMonitor"/>. A value: the monitor publishes
/// it ten times a second without allocating, and every reader gets its own copy.</summary>
public readonly record struct EngineStats
{
    public EngineStats() { }

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
    /// <summary>Blocks that missed their deadline: one period in direct mode, the prefill in ring mode.</summary>
    public long OverBudget { get; init; }
    /// <summary>Of those, the blocks LiveAmp made late (its CPU time, a GC).</summary>
    public long OwnOverBudget { get; init; }
    /// <summary>Ring mode: blocks slower than a period that the queued blocks absorbed (no xrun).</summary>
    public long AbsorbedLateBlocks { get; init; }
    public long RingUnderruns { get; init; }
    /// <summary>Frames played as silence because the ring ran dry (then dropped when late, to keep the latency).</summary>
    public long RingUnderrunFrames { get; init; }
    public long RingOverruns { get; init; }
    public long LateCallbacks { get; init; }
    public long ServerXruns { get; init; }
    /// <summary>Xruns of LiveAmp's path that LiveAmp caused (its CPU time, a GC).</summary>
    public long OwnXruns { get; init; }
    public long OwnXrunsNearGc { get; init; }
    /// <summary>Xruns of LiveAmp's path that the machine caused (thread ready but not run, the server late).</summary>
    public long MachineXruns { get; init; }
    public IReadOnlyList<XrunEvent> RecentEvents { get; init; } = [];
    /// <summary>The sequence number of the newest event when published (the list is reused while it stays).</summary>
    public long RecentEventsSequence { get; init; }
    public float PeakIn1s { get; init; }
    public float PeakOut1s { get; init; }
    public float RmsIn1s { get; init; }
    public float RmsOut1s { get; init; }
    public long ClippedSamples { get; init; }
    public long AudioThreadAllocatedBytes { get; init; }
    public long RecordDroppedFrames { get; init; }
    public int GcCollections { get; init; }
    public TimeSpan GcPauseTotal { get; init; }
    /// <summary>CPUs watched by the <see cref="StallProbe"/> (0: not running) and the host pauses it saw.</summary>
    public int StallProbeCpus { get; init; }
    public long HostPauses { get; init; }
    public TimeSpan HostPauseLongest { get; init; }
    public int GcsWhilePlaying { get; init; }
    /// <summary>Bytes the whole process allocated since the stream started: what drives the GCs while playing.</summary>
    public long AllocatedWhilePlaying { get; init; }
    /// <summary>The longest pause seen in one 10 ms poll while playing.</summary>
    public TimeSpan GcMaxPauseWhilePlaying { get; init; }
    public required LatencyBreakdown Latency { get; init; }
    public long CallbackPolicy { get; init; }
    public long CallbackPriority { get; init; }
}
