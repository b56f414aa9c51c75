using System.Diagnostics;
using System.Globalization;
using LiveAmp.Host.Audio.Engine;

namespace LiveAmp.Host.Audio.Stats;

/// <summary>Which late blocks are xruns, who caused each xrun that LiveAmp's side measured, and why.</summary>
/// <remarks>A block's deadline is one period in direct mode; in ring mode it is the prefill (the queued blocks absorb
/// a slower one, which is counted but is no xrun). Wall time alone cannot tell who made a block or an underrun late:
/// on a shared machine a thread that is ready to run can wait milliseconds for a CPU, and JACK stalls every client
/// when its own driver is late. LiveAmp is blamed when its thread used the CPU time (per-thread CPU clock, taken
/// around the processing) or when the .NET runtime stopped it (a GC). A virtual CPU paused by its host while
/// LiveAmp runs can read as LiveAmp's CPU time (the host's own work for the guest, e.g. its page faults, is no steal
/// time), so the rule errs towards blaming LiveAmp, unless the <see cref="StallProbe"/> saw that CPU paused during the
/// block: that time is taken off, all of it, even where a kernel with steal-time accounting already left part of it
/// out of the clock. That errs towards the machine for a paused block; the reverse, taking off only what the clock
/// charged, blamed a chain of ~10 % CPU for blocks of 90–140 % in a soak (README, Stats).
/// In ring mode a late callback is always the server's: the native callback never waits on .NET.</remarks>
public sealed class XrunAttribution
{
    /// <summary>CPU time above this share of the deadline is LiveAmp's overload.</summary>
    public const double OverloadCpuShare = 0.9;
    /// <summary>Margin around the poll interval in which a GC was seen (its pause lies inside that interval).</summary>
    static readonly long GcSlackTicks = Stopwatch.Frequency / 200;

    readonly EngineMode mode;
    readonly double ticksPerFrame;
    readonly int prefillBlocks, deadlinePeriods;
    readonly (long Start, long End, double CpuLoad, double Period, bool Gc)[] blocks = new (long, long, double, double, bool)[512];
    int blockCount, nextBlock;
    bool sawFirstBlock;
    readonly (long From, long To, string What)[] gcs = new (long, long, string)[16];
    int gcCount, nextGc;

    readonly Func<int, long, long, long> pausedNs;

    /// <param name="pausedNs">How long a CPU was paused by the host between two Stopwatch timestamps (ns); the
    /// stall probe's answer, or null where there is none.</param>
    public XrunAttribution(EngineMode mode, double sampleRate, int prefillBlocks, Func<int, long, long, long>? pausedNs = null)
    {
        this.mode = mode;
        this.pausedNs = pausedNs ?? ((_, _, _) => 0);
        this.prefillBlocks = prefillBlocks;
        deadlinePeriods = mode == EngineMode.Ring ? Math.Max(1, prefillBlocks) : 1;
        ticksPerFrame = Stopwatch.Frequency / sampleRate;
    }

    /// <summary>Ring mode: blocks that took longer than a period but less than the prefill (no xrun).</summary>
    public long AbsorbedLateBlocks { get; private set; }

    public readonly record struct Verdict(bool ByLiveAmp, string Cause);

    /// <summary>A GC (<paramref name="what"/>) was seen to happen somewhere between these two times (Stopwatch ticks).</summary>
    public void AddGc(long fromTicks, long toTicks, string what)
    {
        gcs[nextGc] = (fromTicks, toTicks, what);
        nextGc = (nextGc + 1) % gcs.Length;
        gcCount = Math.Min(gcCount + 1, gcs.Length);
    }

    /// <summary>Remembers a processed block; returns a verdict when it missed its deadline (an xrun), else null.</summary>
    /// <remarks>Direct mode's first block runs on a thread new to .NET (first-touch stack pages, thread set-up:
    /// measured 1.2–2 ms of CPU on the test VM) while the output before it was silence anyway: it is start-up, not
    /// judged, and kept out of the history that later xruns are judged by.</remarks>
    public Verdict? AddBlock(in BlockRecord r)
    {
        if (mode == EngineMode.Direct && !sawFirstBlock)
        {
            sawFirstBlock = true;
            return null;
        }
        double period = r.Frames * ticksPerFrame, ticksPerNs = Stopwatch.Frequency / 1e9;
        double wallLoad = (r.EndTicks - r.StartTicks) / period;
        double chargedLoad = r.CpuNs < 0 ? wallLoad : r.CpuNs * ticksPerNs / period;
        // Only a heavy-looking block is worth asking the probe about (the chain itself takes a few % of a period).
        long paused = chargedLoad < 0.5 ? 0 : Math.Max(pausedNs(r.StartCpu, r.StartTicks, r.EndTicks),
                                                       r.EndCpu == r.StartCpu ? 0 : pausedNs(r.EndCpu, r.StartTicks, r.EndTicks));
        double cpuLoad = Math.Max(0, chargedLoad - paused * ticksPerNs / period);
        bool gc = r.GcCountStart != r.GcCountEnd;
        blocks[nextBlock] = (r.StartTicks, r.EndTicks, cpuLoad, period, gc);
        nextBlock = (nextBlock + 1) % blocks.Length;
        blockCount = Math.Min(blockCount + 1, blocks.Length);
        if (wallLoad <= 1) return null;
        if (wallLoad <= deadlinePeriods)
        {
            AbsorbedLateBlocks++;
            return null;
        }
        if (gc) return new(true, "GC pause overlapped the block");
        if (cpuLoad > OverloadCpuShare * deadlinePeriods) return new(true, Inv($"overload (CPU {cpuLoad:P0} of the block period)"));
        double wallUs = (r.EndTicks - r.StartTicks) / ticksPerNs / 1000;
        if (chargedLoad > OverloadCpuShare * deadlinePeriods)
            return new(false, Inv($"the host paused this CPU for {paused / 1000.0:0} µs of the {wallUs:0} µs the block took"));
        return new(false, Inv($"preempted: the thread ran {r.CpuNs / 1000.0:0} µs of the {wallUs:0} µs the block took"));
    }

    /// <summary>Judges ring underruns/overruns or late callbacks that happened between two times (Stopwatch ticks);
    /// call it once the blocks processed up to then have been added (the stats thread waits a poll).</summary>
    public Verdict Timing(XrunKind kind, long fromTicks, long toTicks, int blockFrames)
    {
        if (kind == XrunKind.LateCallback && mode == EngineMode.Ring)
            return new(false, "the server called late (the ring callback never waits on .NET)");
        long period = (long)(Math.Max(blockFrames, 1) * ticksPerFrame);
        // What the audio thread did while the queued blocks (prefill) drained, up to the xrun.
        long from = fromTicks - (prefillBlocks + 2) * period, to = toTicks + period;
        for (int i = 0; i < gcCount; i++)
            if (gcs[i].From <= to + GcSlackTicks && gcs[i].To >= from - GcSlackTicks)
                return new(true, $"GC pause: {gcs[i].What} (the .NET runtime stopped the audio thread)");
        double busiest = 0, cpu = 0, periods = 0;
        for (int i = 0; i < blockCount; i++)
        {
            var b = blocks[i];
            if (b.End < from || b.Start > to) continue;
            if (b.Gc) return new(true, "GC pause overlapped a block");
            busiest = Math.Max(busiest, b.CpuLoad);
            cpu += b.CpuLoad * b.Period;
            periods += b.Period;
        }
        if (busiest > OverloadCpuShare * deadlinePeriods) return new(true, Inv($"overload (a block used CPU {busiest:P0} of its period)"));
        // Sustained: each block within its deadline, yet together more CPU time than real time (the ring drains).
        if (periods > 0 && cpu / periods > OverloadCpuShare) return new(true, Inv($"overload (CPU {cpu / periods:P0} of real time)"));
        string busy = Inv($"busiest block {busiest:P0} CPU");
        return kind == XrunKind.LateCallback
            ? new(false, $"the server called late ({busy})")
            : new(false, $"the engine thread was ready but not run in time ({busy})");
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
