using System.Diagnostics;
using System.Globalization;
using LiveAmp.Host.Audio.Buffers;
using LiveAmp.Host.Audio.Engine;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Audio.Stats;

/// <summary>A non-real-time thread that drains the stream's telemetry and counters every few milliseconds,
/// has xruns judged (<see cref="XrunAttribution"/>, with the <see cref="StallProbe"/> it runs), watches for a dead audio server, and publishes an
/// <see cref="EngineStats"/> snapshot through a <see cref="SeqLocked{T}"/>: without allocating (every GC pauses the
/// engine thread) and without a lock a reader could hold against the monitor.</summary>
public sealed class StatsMonitor : IDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    /// <summary>Snapshots are published less often than the poll: nobody looks more often (the UI redraws stats at
    /// 4 Hz, the headless mode lists new xruns at 10 Hz), and each publish copies a few hundred bytes.</summary>
    public static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>No callback for this long while the stream should run means the server is gone.</summary>
    public static readonly TimeSpan CallbackTimeout = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan FirstCallbackTimeout = TimeSpan.FromSeconds(3);
    /// <summary>How many of the newest xrun events a snapshot carries (the counters count all of them).</summary>
    public const int RecentEventsKept = 32;

    readonly LiveStream stream;
    readonly Thread thread;
    volatile bool stop;
    readonly SeqLocked<EngineStats> published;
    EngineStats latest;   // what was published last (this thread's copy)
    string? lostReason;
    readonly ManualResetEventSlim lost = new();

    // Accumulators (monitor thread only).
    double loadSum, loadMax, windowLoadSum, windowLoadMax, lastLoad, loadMean1s, loadMax1s;
    long blocks, windowBlocks, clipped, allocated, windowFrames;
    float windowPeakIn, windowPeakOut, windowSumSquaresIn, windowSumSquares, peakIn1s, peakOut1s, rmsIn1s, rmsOut1s;
    long windowStart;
    CallbackCounters last;
    long lastProgressTicks, lastPublishTicks;
    long overBudget, ownOverBudget, own, ownNearGc, machine, eventSequence;
    readonly Queue<XrunEvent> events = new();
    readonly XrunAttribution attribution;
    StallProbe? probe;
    (long Ticks, int GcCount, TimeSpan Pause) lastGc;
    int gcsWhilePlaying;
    long allocatedAtStart;
    TimeSpan gcMaxPause;
    // Underruns, overruns and late callbacks seen in a poll, judged a poll later when the blocks around them are in.
    readonly Queue<(XrunKind Kind, long Count, long FromTicks, long ToTicks, TimeSpan At)> pending = new();

    public StatsMonitor(LiveStream stream)
    {
        this.stream = stream;
        latest = new EngineStats { Latency = Latency(default) };
        published = new SeqLocked<EngineStats>(latest);
        attribution = new XrunAttribution(stream.Mode, stream.SampleRate, stream.PrefillBlocks,
            (cpu, from, to) => probe?.PausedNs(cpu, from, to) ?? 0);
        thread = new Thread(Run) { IsBackground = true, Name = "liveamp-stats" };
        probe = StallProbe.TryStart();   // before the stream starts: the first blocks are judged too
    }

    /// <summary>A copy of the latest snapshot.</summary>
    public EngineStats Current => published.Read();

    /// <summary>Set when the audio server stopped calling back (JACK killed, device unplugged).</summary>
    public WaitHandle LostHandle => lost.WaitHandle;
    public string? LostReason => Volatile.Read(ref lostReason);

    public void Start()
    {
        windowStart = lastProgressTicks = Stopwatch.GetTimestamp();
        lastGc = (windowStart, GC.CollectionCount(0), GC.GetTotalPauseDuration());
        allocatedAtStart = GC.GetTotalAllocatedBytes();
        thread.Start();
    }

    /// <summary>Takes one last sample and stops the thread.</summary>
    public EngineStats Stop()
    {
        stop = true;
        if (thread.IsAlive) thread.Join();
        Sample(final: true);
        probe?.Dispose();
        return Current;
    }

    public void Dispose()
    {
        stop = true;
        if (thread.IsAlive) thread.Join();
        probe?.Dispose();
    }

    void Run()
    {
        while (!stop)
        {
            Thread.Sleep(Poll);
            Sample(final: false);
        }
    }

    LatencyBreakdown Latency(in CallbackCounters c) => new(stream.SampleRate,
        (int)Math.Round(stream.PortAudioInputLatency * stream.SampleRate), (int)Math.Round(stream.PortAudioOutputLatency * stream.SampleRate),
        (int)c.PrefillFrames, stream.ChainLatencyFrames);

    void Sample(bool final)
    {
        long now = Stopwatch.GetTimestamp();
        TimeSpan at = Stopwatch.GetElapsedTime(stream.StartTimestamp, now);
        (long Ticks, int GcCount, TimeSpan Pause) gcNow = (now, GC.CollectionCount(0), GC.GetTotalPauseDuration());
        if (gcNow.GcCount != lastGc.GcCount || gcNow.Pause != lastGc.Pause)
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            TimeSpan pause = gcNow.Pause - lastGc.Pause;
            gcsWhilePlaying += gcNow.GcCount - lastGc.GcCount;
            if (pause > gcMaxPause) gcMaxPause = pause;
            attribution.AddGc(lastGc.Ticks, now, string.Create(CultureInfo.InvariantCulture,
                $"gen{info.Generation}{(info.Concurrent ? " background" : "")}, {pause.TotalMilliseconds:0.0} ms paused"));
        }
        long previousPoll = lastGc.Ticks;
        lastGc = gcNow;

        double ticksPerFrame = Stopwatch.Frequency / stream.SampleRate;
        while (stream.Telemetry.TryTake(out var r))
        {
            double load = (r.EndTicks - r.StartTicks) / (r.Frames * ticksPerFrame);
            lastLoad = load;
            loadSum += load;
            loadMax = Math.Max(loadMax, load);
            windowLoadSum += load;
            windowLoadMax = Math.Max(windowLoadMax, load);
            blocks++;
            windowBlocks++;
            windowFrames += r.Frames;
            windowPeakIn = Math.Max(windowPeakIn, r.PeakIn);
            windowPeakOut = Math.Max(windowPeakOut, r.PeakOut);
            windowSumSquaresIn += r.SumSquaresIn;
            windowSumSquares += r.SumSquaresOut;
            clipped += r.ClippedSamples;
            allocated += r.AllocatedBytes;
            if (attribution.AddBlock(r) is { } verdict)
            {
                overBudget++;
                if (verdict.ByLiveAmp) ownOverBudget++;
                Record(XrunKind.OverBudget, 1, Stopwatch.GetElapsedTime(stream.StartTimestamp, r.StartTicks), verdict);
            }
        }

        var c = stream.ReadCounters();
        if (c.Callbacks != last.Callbacks) lastProgressTicks = now;
        // The shim stamps its last underrun (CLOCK_MONOTONIC ns, Stopwatch's clock on Linux): more precise than the poll.
        bool stamped = c.LastUnderrunNs > previousPoll && Stopwatch.Frequency == 1_000_000_000 && OperatingSystem.IsLinux();
        TimeSpan underrunAt = stamped ? Stopwatch.GetElapsedTime(stream.StartTimestamp, c.LastUnderrunNs) : at;
        Defer(XrunKind.RingUnderrun, c.Underruns - last.Underruns, previousPoll, now, underrunAt);
        Defer(XrunKind.RingOverrun, c.Overruns - last.Overruns, previousPoll, now, at);
        Defer(XrunKind.LateCallback, c.LateCallbacks - last.LateCallbacks, previousPoll, now, at);
        long server = Math.Max(c.ServerInputOverflows - last.ServerInputOverflows, c.ServerOutputUnderflows - last.ServerOutputUnderflows);
        if (server > 0) AddEvent(new XrunEvent(++eventSequence, at, XrunKind.Server, (int)server, false, "reported by the audio server (any client or the driver)"));
        last = c;
        while (pending.TryPeek(out var p) && (final || now - p.ToTicks >= Poll.TotalSeconds * Stopwatch.Frequency))
        {
            pending.Dequeue();
            Record(p.Kind, p.Count, p.At, attribution.Timing(p.Kind, p.FromTicks, p.ToTicks, (int)c.LastFrameCount));
        }

        if (Stopwatch.GetElapsedTime(windowStart, now) >= TimeSpan.FromSeconds(1) || final)
        {
            if (windowBlocks > 0)
            {
                loadMean1s = windowLoadSum / windowBlocks;
                loadMax1s = windowLoadMax;
                peakIn1s = windowPeakIn;
                peakOut1s = windowPeakOut;
                rmsIn1s = windowFrames > 0 ? MathF.Sqrt(windowSumSquaresIn / windowFrames) : 0;
                rmsOut1s = windowFrames > 0 ? MathF.Sqrt(windowSumSquares / windowFrames) : 0;
            }
            windowStart = now;
            windowLoadSum = windowLoadMax = 0;
            windowBlocks = windowFrames = 0;
            windowPeakIn = windowPeakOut = windowSumSquaresIn = windowSumSquares = 0;
        }

        if (!final && lostReason is null && stream.StartTimestamp != 0)
        {
            TimeSpan silent = Stopwatch.GetElapsedTime(lastProgressTicks, now);
            if (c.Callbacks > 0 && silent > CallbackTimeout)
                SetLost($"the audio server stopped calling back ({silent.TotalMilliseconds:0} ms without a callback): was the JACK server stopped or the device unplugged?");
            else if (c.Callbacks == 0 && silent > FirstCallbackTimeout)
                SetLost($"the stream started but no audio callback came in {FirstCallbackTimeout.TotalSeconds:0} s");
        }

        if (!final && Stopwatch.GetElapsedTime(lastPublishTicks, now) < PublishInterval) return;
        lastPublishTicks = now;
        var previous = latest;
        var pauses = probe?.Totals() ?? (0, 0);
        // A new record only when a figure changed: the UI redraws on a new one, and each one is garbage.
        var latency = previous.Latency.PrefillFrames == c.PrefillFrames && previous.Latency.ChainFrames == stream.ChainLatencyFrames
            ? previous.Latency : Latency(c);
        bool noFullWindow = loadMean1s == 0 && loadMax1s == 0 && windowBlocks > 0; // first second: show it as it fills
        latest = new EngineStats
        {
            Elapsed = at,
            Callbacks = c.Callbacks,
            Frames = c.Frames,
            BlockFrames = (int)c.LastFrameCount,
            DspLoadCurrent = lastLoad,
            DspLoadMean1s = noFullWindow ? windowLoadSum / windowBlocks : loadMean1s,
            DspLoadMax1s = noFullWindow ? windowLoadMax : loadMax1s,
            DspLoadMean = blocks > 0 ? loadSum / blocks : 0,
            DspLoadMax = loadMax,
            PortAudioCpuLoad = lostReason is null && !final ? stream.PortAudioCpuLoad : previous.PortAudioCpuLoad,
            OverBudget = overBudget,
            OwnOverBudget = ownOverBudget,
            RingUnderruns = c.Underruns,
            RingUnderrunFrames = c.UnderrunFrames,
            RingOverruns = c.Overruns,
            LateCallbacks = c.LateCallbacks,
            ServerXruns = Math.Max(c.ServerInputOverflows, c.ServerOutputUnderflows),
            AbsorbedLateBlocks = attribution.AbsorbedLateBlocks,
            OwnXruns = own,
            OwnXrunsNearGc = ownNearGc,
            MachineXruns = machine,
            RecentEvents = eventSequence == previous.RecentEventsSequence ? previous.RecentEvents : events.ToArray(),
            RecentEventsSequence = eventSequence,
            PeakIn1s = noFullWindow ? windowPeakIn : peakIn1s,
            PeakOut1s = noFullWindow ? windowPeakOut : peakOut1s,
            RmsIn1s = noFullWindow && windowFrames > 0 ? MathF.Sqrt(windowSumSquaresIn / windowFrames) : rmsIn1s,
            RmsOut1s = noFullWindow && windowFrames > 0 ? MathF.Sqrt(windowSumSquares / windowFrames) : rmsOut1s,
            ClippedSamples = clipped,
            AudioThreadAllocatedBytes = allocated,
            RecordDroppedFrames = c.RecordDroppedFrames,
            GcCollections = GC.CollectionCount(0),
            GcPauseTotal = GC.GetTotalPauseDuration(),
            StallProbeCpus = probe?.Cpus ?? 0,
            HostPauses = pauses.Count,
            HostPauseLongest = TimeSpan.FromTicks(pauses.LongestNs / 100),
            GcsWhilePlaying = gcsWhilePlaying,
            AllocatedWhilePlaying = GC.GetTotalAllocatedBytes() - allocatedAtStart,
            GcMaxPauseWhilePlaying = gcMaxPause,
            Latency = latency,
            CallbackPolicy = c.CallbackPolicy,
            CallbackPriority = c.CallbackPriority,
        };
        published.Write(latest);
    }

    void Defer(XrunKind kind, long count, long fromTicks, long toTicks, TimeSpan at)
    {
        if (count > 0) pending.Enqueue((kind, count, fromTicks, toTicks, at));
    }

    void Record(XrunKind kind, long count, TimeSpan at, XrunAttribution.Verdict verdict)
    {
        if (verdict.ByLiveAmp)
        {
            own += count;
            if (verdict.Cause.StartsWith("GC", StringComparison.Ordinal)) ownNearGc += count;
        }
        else machine += count;
        AddEvent(new XrunEvent(++eventSequence, at, kind, (int)count, verdict.ByLiveAmp, verdict.Cause));
    }

    void AddEvent(XrunEvent e)
    {
        events.Enqueue(e);
        while (events.Count > RecentEventsKept) events.Dequeue();
    }

    void SetLost(string reason)
    {
        Volatile.Write(ref lostReason, reason);
        lost.Set();
    }
}
