using System.Diagnostics;
using LiveAmp.Host.Audio.Engine;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Audio.Stats;

/// <summary>A non-real-time thread that drains the stream's telemetry and counters every few milliseconds,
/// attributes xruns (GC overlapped, overload, scheduling), watches for a dead audio server, and publishes an
/// immutable <see cref="EngineStats"/> snapshot with a single reference write.</summary>
public sealed class StatsMonitor : IDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    /// <summary>No callback for this long while the stream should run means the server is gone.</summary>
    public static readonly TimeSpan CallbackTimeout = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan FirstCallbackTimeout = TimeSpan.FromSeconds(3);

    readonly LiveStream stream;
    readonly Thread thread;
    volatile bool stop;
    EngineStats current;
    string? lostReason;
    readonly ManualResetEventSlim lost = new();

    // Accumulators (monitor thread only).
    double loadSum, loadMax, windowLoadSum, windowLoadMax, lastLoad, loadMean1s, loadMax1s;
    long blocks, windowBlocks, clipped, allocated, windowFrames;
    float windowPeakIn, windowPeakOut, windowSumSquaresIn, windowSumSquares, peakIn1s, peakOut1s, rmsIn1s, rmsOut1s;
    long windowStart;
    CallbackCounters last;
    long lastProgressTicks;
    long overBudget, ownNearGc, eventSequence;
    readonly Queue<XrunEvent> events = new();
    readonly (long Ticks, int GcCount, TimeSpan Pause)[] gcHistory = new (long, int, TimeSpan)[4];
    long recentOverBudgetTicks = long.MinValue;

    public StatsMonitor(LiveStream stream)
    {
        this.stream = stream;
        current = new EngineStats { Latency = Latency(default) };
        thread = new Thread(Run) { IsBackground = true, Name = "liveamp-stats" };
    }

    public EngineStats Current => Volatile.Read(ref current);

    /// <summary>Set when the audio server stopped calling back (JACK killed, device unplugged).</summary>
    public WaitHandle LostHandle => lost.WaitHandle;
    public string? LostReason => Volatile.Read(ref lostReason);

    public void Start()
    {
        windowStart = lastProgressTicks = Stopwatch.GetTimestamp();
        for (int i = 0; i < gcHistory.Length; i++) gcHistory[i] = (windowStart, GC.CollectionCount(0), GC.GetTotalPauseDuration());
        thread.Start();
    }

    /// <summary>Takes one last sample and stops the thread.</summary>
    public EngineStats Stop()
    {
        stop = true;
        if (thread.IsAlive) thread.Join();
        Sample(final: true);
        return Current;
    }

    public void Dispose()
    {
        stop = true;
        if (thread.IsAlive) thread.Join();
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
        Array.Copy(gcHistory, 1, gcHistory, 0, gcHistory.Length - 1);
        gcHistory[^1] = (now, GC.CollectionCount(0), GC.GetTotalPauseDuration());
        // A GC in the last ~3 polls (≈30 ms) is taken as overlapping an event seen now.
        bool gcRecently = gcHistory[^1].GcCount != gcHistory[0].GcCount || gcHistory[^1].Pause != gcHistory[0].Pause;

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
            if (load > 1)
            {
                overBudget++;
                recentOverBudgetTicks = r.EndTicks;
                bool gc = r.GcCountStart != r.GcCountEnd;
                if (gc) ownNearGc++;
                AddEvent(new XrunEvent(++eventSequence, Stopwatch.GetElapsedTime(stream.StartTimestamp, r.StartTicks), XrunKind.OverBudget, 1,
                    gc ? "GC overlapped the block" : $"overload ({load:P0} of the block period)"));
            }
        }

        var c = stream.ReadCounters();
        if (c.Callbacks != last.Callbacks) lastProgressTicks = now;
        bool overloadRecently = Stopwatch.GetElapsedTime(recentOverBudgetTicks == long.MinValue ? 0 : recentOverBudgetTicks, now) < TimeSpan.FromMilliseconds(50)
            && recentOverBudgetTicks != long.MinValue;
        string ownCause = gcRecently ? "GC pause overlapped" : overloadRecently ? "overload (a block over budget)" : "scheduling (thread not run on time)";
        // The shim stamps its last underrun (CLOCK_MONOTONIC ns, Stopwatch's clock on Linux): more precise than the poll.
        TimeSpan underrunAt = c.LastUnderrunNs > 0 && Stopwatch.Frequency == 1_000_000_000 && OperatingSystem.IsLinux()
            ? TimeSpan.FromTicks((c.LastUnderrunNs - stream.StartTimestamp) / 100) : at;
        Counter(c.Underruns - last.Underruns, XrunKind.RingUnderrun, ownCause, underrunAt, gcRecently);
        Counter(c.Overruns - last.Overruns, XrunKind.RingOverrun, ownCause, at, gcRecently);
        Counter(c.LateCallbacks - last.LateCallbacks, XrunKind.LateCallback,
            gcRecently && stream.Mode == EngineMode.Direct ? "GC pause overlapped" : "callback delayed by the server or host", at,
            gcRecently && stream.Mode == EngineMode.Direct);
        long server = Math.Max(c.ServerInputOverflows - last.ServerInputOverflows, c.ServerOutputUnderflows - last.ServerOutputUnderflows);
        Counter(server, XrunKind.Server, "reported by the audio server (any client or the driver)", at, false);
        last = c;

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

        bool noFullWindow = loadMean1s == 0 && loadMax1s == 0 && windowBlocks > 0; // first second: show it as it fills
        Volatile.Write(ref current, new EngineStats
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
            PortAudioCpuLoad = lostReason is null && !final ? stream.PortAudioCpuLoad : current.PortAudioCpuLoad,
            OverBudget = overBudget,
            RingUnderruns = c.Underruns,
            RingOverruns = c.Overruns,
            LateCallbacks = c.LateCallbacks,
            ServerXruns = Math.Max(c.ServerInputOverflows, c.ServerOutputUnderflows),
            OwnXrunsNearGc = ownNearGc,
            RecentEvents = events.ToArray(),
            PeakIn1s = noFullWindow ? windowPeakIn : peakIn1s,
            PeakOut1s = noFullWindow ? windowPeakOut : peakOut1s,
            RmsIn1s = noFullWindow && windowFrames > 0 ? MathF.Sqrt(windowSumSquaresIn / windowFrames) : rmsIn1s,
            RmsOut1s = noFullWindow && windowFrames > 0 ? MathF.Sqrt(windowSumSquares / windowFrames) : rmsOut1s,
            ClippedSamples = clipped,
            AudioThreadAllocatedBytes = allocated,
            RecordDroppedFrames = c.RecordDroppedFrames,
            GcCollections = GC.CollectionCount(0),
            GcPauseTotal = GC.GetTotalPauseDuration(),
            Latency = Latency(c),
            CallbackPolicy = c.CallbackPolicy,
            CallbackPriority = c.CallbackPriority,
        });
    }

    void Counter(long delta, XrunKind kind, string cause, TimeSpan at, bool nearGc)
    {
        if (delta <= 0) return;
        if (nearGc && kind != XrunKind.Server) ownNearGc += delta;
        AddEvent(new XrunEvent(++eventSequence, at, kind, (int)delta, cause));
    }

    void AddEvent(XrunEvent e)
    {
        events.Enqueue(e);
        while (events.Count > 32) events.Dequeue();
    }

    void SetLost(string reason)
    {
        Volatile.Write(ref lostReason, reason);
        lost.Set();
    }
}
