using System.Runtime.InteropServices;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Audio.Stats;

/// <summary>The native stall probe (<c>liveamp_probe.c</c>): one real-time thread per CPU that notices when the host
/// paused that CPU, so that time charged to LiveAmp's audio thread by a paused virtual CPU is not taken for LiveAmp's
/// own overload. Linux only; <see cref="TryStart"/> returns null where it cannot run (no real-time rights).</summary>
public sealed partial class StallProbe : IDisposable
{
    /// <summary>The probe wakes every 0.5 ms; a wake-up this much late is a pause. A pause is surely seen when it is
    /// longer than the two together (0.8 ms): shorter than a 64-frame period, so a pause alone cannot make a direct-mode
    /// block look overloaded unseen. At 1 ms (1.3 ms seen) it could, and did: 14 such blocks in 5 minutes against 3
    /// at 0.5 ms, in the same run (README, Stats).</summary>
    const int PeriodUs = 500, ThresholdUs = 300;
    /// <summary>Benchmark hook: another period (µs), to compare periods in one run (bench/probe-period.sh).</summary>
    public const string PeriodVariable = "LIVEAMP_PROBE_PERIOD_US";
    nint handle;

    StallProbe(nint handle) => this.handle = handle;

    public static StallProbe? TryStart()
    {
        if (!OperatingSystem.IsLinux()) return null;
        int period = int.TryParse(Environment.GetEnvironmentVariable(PeriodVariable), out int us) && us >= 100 ? us : PeriodUs;
        nint h = Start(period, ThresholdUs);
        return h == 0 ? null : new StallProbe(h);
    }

    public int Cpus => CpuCount(handle);

    /// <summary>How long <paramref name="cpu"/> was paused between two Stopwatch timestamps (CLOCK_MONOTONIC ns on
    /// Linux), in ns, for a block a thread ended on that CPU at <paramref name="toTicks"/> (see liveamp_probe.c); safe
    /// from any thread.</summary>
    public long PausedNs(int cpu, long fromTicks, long toTicks) => handle == 0 || cpu < 0 ? 0 : Paused(handle, cpu, fromTicks, toTicks);

    /// <summary>Pauses seen on all CPUs so far, and the longest (ns).</summary>
    public (long Count, long LongestNs) Totals()
    {
        if (handle == 0) return (0, 0);
        long count, longest;
        unsafe { ReadTotals(handle, &count, &longest); }
        return (count, longest);
    }

    public void Dispose()
    {
        if (handle != 0) Stop(handle);
        handle = 0;
    }

    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_probe_start")] private static partial nint Start(int periodUs, int thresholdUs);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_probe_paused_ns")] private static partial long Paused(nint probe, int cpu, long fromNs, long toNs);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_probe_totals")] private static unsafe partial void ReadTotals(nint probe, long* count, long* longestNs);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_probe_cpu_count")] private static partial int CpuCount(nint probe);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_probe_stop")] private static partial void Stop(nint probe);
}
