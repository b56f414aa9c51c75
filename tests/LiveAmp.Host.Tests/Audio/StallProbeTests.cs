using System.Diagnostics;
using System.Runtime.InteropServices;
using LiveAmp.Host.Audio.Native;
using LiveAmp.Host.Audio.Stats;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>The stall probe on the real machine: a CPU that nothing of ours can get for 6 ms (a spinning thread at
/// the probe's own top real-time priority, pinned there, stands in for a host that paused the virtual CPU) reads as
/// paused on that CPU for about that long.</summary>
public sealed partial class StallProbeTests
{
    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SetAffinity(int pid, nint size, ref ulong mask);

    [Fact]
    public void A_cpu_held_for_6_ms_reads_as_paused_for_that_long_on_that_cpu()
    {
        Assert.True(OperatingSystem.IsLinux(), "the stall probe is Linux-only");
        using var probe = StallProbe.TryStart();
        Assert.True(probe is not null, "the stall probe could not start: it needs real-time priority (run as root, or see README: the audio group)");
        Assert.True(probe.Cpus >= 1);

        long from = 0, to = 0;
        string? failure = null;
        var hog = new Thread(() =>
        {
            ulong cpu0 = 1;
            if (SetAffinity(0, sizeof(ulong), ref cpu0) != 0) { failure = "sched_setaffinity failed"; return; }
            if (LibC.TrySetFifo(LibC.SchedGetPriorityMax(LibC.SchedFifo)) != 0) { failure = "SCHED_FIFO refused"; return; }
            Thread.Sleep(20);   // the probe has woken here since
            from = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(from) < TimeSpan.FromMilliseconds(6)) { }
            to = Stopwatch.GetTimestamp();
        });
        hog.Start();
        hog.Join();
        Assert.Null(failure);
        Thread.Sleep(5);   // the probe's late wake-up is recorded once the hog lets go

        long held = probe.PausedNs(0, from, to + 2_000_000);
        Assert.InRange(held, 4_500_000, 8_000_000);   // the 6 ms held, plus up to one probe period before it (see liveamp_probe.c)
        if (probe.Cpus > 1) Assert.True(probe.PausedNs(1, from, to) < 4_500_000, "CPU 1 was not held");
        // A block that a thread ended on CPU 0 as the pause began (before the probe's missed wake-up) was not in it,
        // although the pause's widest interval, from the probe's last run, reaches back before that.
        Assert.Equal(0, probe.PausedNs(0, from - 3_000_000, from));
        Assert.True(probe.Totals().Count >= 1);
    }
}
