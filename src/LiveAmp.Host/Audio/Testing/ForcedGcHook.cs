using System.Globalization;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Audio.Testing;

/// <summary>Test hook for GC-isolation tests: while `liveamp play` runs, forces a blocking full GC every
/// <c>interval</c> ms, with a live heap of small objects grown until a forced GC pauses at least <c>min</c> ms
/// (blocking gen2 pauses grow with the number of live small objects), then trimmed or grown after each GC to keep
/// pauses between min and 1.3 × min. Enabled only by the environment variable
/// <c>LIVEAMP_TEST_FORCED_GC=interval_ms,min_pause_ms</c>; never in normal use, since forced GCs are what the
/// real-time design avoids.</summary>
public sealed class ForcedGcHook : IDisposable
{
    public const string Variable = "LIVEAMP_TEST_FORCED_GC";
    readonly List<byte[]> heap = [];
    readonly List<double> pausesMs = [];
    readonly List<long> startTimestamps = [];
    readonly Thread thread;
    readonly TimeSpan interval;
    volatile bool stop;

    readonly double minPauseMs;
    readonly ManualResetEventSlim calibrated = new();

    ForcedGcHook(TimeSpan interval, double minPauseMs)
    {
        this.interval = interval;
        this.minPauseMs = minPauseMs;
        thread = new Thread(Run) { IsBackground = true, Name = "liveamp-test-forced-gc" };
        thread.Start();
        calibrated.Wait();
    }

    void Calibrate()
    {
        while (heap.Count < 4_000_000)
        {
            Grow(5_000);
            double[] trial = [ForcedPauseMs(), ForcedPauseMs(), ForcedPauseMs()];
            Array.Sort(trial);
            if (trial[1] >= minPauseMs) break;
        }
    }

    readonly Random rng = new(3);

    void Grow(int objects)
    {
        for (int i = 0; i < objects; i++) heap.Add(new byte[rng.Next(16, 96)]);
    }

    /// <summary>The hook if the environment asks for it (and is well-formed), else null.</summary>
    public static ForcedGcHook? FromEnvironment()
    {
        string? spec = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(spec)) return null;
        var parts = spec.Split(',');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int ms) || ms < 10
            || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out double min) || min < 0)
            throw new LiveAmp.Engine.Diagnostics.LiveAmpException($"{Variable}='{spec}': expected interval_ms,min_pause_ms (e.g. 150,1.5)");
        return new ForcedGcHook(TimeSpan.FromMilliseconds(ms), min);
    }

    public int LiveObjects => heap.Count;

    /// <summary>Whether the forcing thread got SCHED_FIFO.</summary>
    public bool Realtime { get; private set; }

    public void Start() => started.Set();
    readonly ManualResetEventSlim started = new();

    static double ForcedPauseMs()
    {
        TimeSpan before = GC.GetTotalPauseDuration();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        return (GC.GetTotalPauseDuration() - before).TotalMilliseconds;
    }

    void Run()
    {
        // The thread that forces a GC does the collecting; at real-time priority (below the engine) the pause is the
        // GC's own cost rather than however long other processes keep this thread off the CPU.
        Realtime = LibC.TrySetFifo(1) == 0;
        Calibrate();
        calibrated.Set();
        started.Wait();
        while (!stop)
        {
            Thread.Sleep(interval);
            if (stop) break;
            long at = System.Diagnostics.Stopwatch.GetTimestamp();
            double pause = ForcedPauseMs();
            lock (pausesMs)
            {
                pausesMs.Add(pause);
                startTimestamps.Add(at);
            }
            // Keep pauses near the target while the process's own heap and the machine's load drift.
            if (pause > minPauseMs * 1.3 && heap.Count > 5_000) heap.RemoveRange(heap.Count - 5_000, 5_000);
            else if (pause < minPauseMs) Grow(5_000);
        }
    }

    /// <summary>count, min, median, max of the forced pauses so far, in ms.</summary>
    public (int Count, double Min, double Median, double Max) Pauses()
    {
        lock (pausesMs)
        {
            if (pausesMs.Count == 0) return (0, 0, 0, 0);
            var sorted = pausesMs.Order().ToArray();
            return (sorted.Length, sorted[0], sorted[sorted.Length / 2], sorted[^1]);
        }
    }

    /// <summary>Each forced GC: when it started (seconds after <paramref name="originTimestamp"/>) and its pause.</summary>
    public IEnumerable<(double AtSeconds, double PauseMs)> Collections(long originTimestamp)
    {
        lock (pausesMs)
            return startTimestamps.Select((t, i) => (System.Diagnostics.Stopwatch.GetElapsedTime(originTimestamp, t).TotalSeconds, pausesMs[i])).ToArray();
    }

    public void Dispose()
    {
        stop = true;
        started.Set();
        if (thread.IsAlive) thread.Join();
        GC.KeepAlive(heap);
    }
}
