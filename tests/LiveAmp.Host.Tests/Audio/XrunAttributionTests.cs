using System.Diagnostics;
using LiveAmp.Host.Audio.Engine;
using LiveAmp.Host.Audio.Stats;

namespace LiveAmp.Host.Tests.Audio;

public sealed class XrunAttributionTests
{
    const double Rate = 48_000;
    const int Frames = 64;
    static readonly long Period = (long)(Frames * Stopwatch.Frequency / Rate);   // 1.33 ms in ticks
    const long Second = 1_000_000_000;

    // A block that started at `at` ticks and took `wall` periods, `cpu` of them on the CPU (-1: unknown).
    static BlockRecord Block(long at, double wall, double cpu, bool gc = false) => new()
    {
        StartTicks = at, EndTicks = at + (long)(wall * Period), Frames = Frames,
        CpuNs = cpu < 0 ? -1 : (long)(cpu * Frames / Rate * 1e9), GcCountStart = 3, GcCountEnd = gc ? 4 : 3,
    };

    // A direct-mode attribution past its first block (start-up, never judged).
    static XrunAttribution Direct(Func<int, long, long, long>? pausedNs = null)
    {
        var a = new XrunAttribution(EngineMode.Direct, Rate, 0, pausedNs);
        Assert.Null(a.AddBlock(Block(-Second, 3, 3)));
        return a;
    }

    [Fact]
    public void Direct_mode_a_block_over_its_period_is_LiveAmps_when_it_used_the_cpu_time()
    {
        var a = Direct();
        Assert.Null(a.AddBlock(Block(0, 0.5, 0.5)));
        var v = a.AddBlock(Block(Period, 1.5, 1.4))!.Value;
        Assert.True(v.ByLiveAmp);
        Assert.StartsWith("overload (CPU 140 %", v.Cause);
    }

    [Fact]
    public void A_late_block_whose_thread_hardly_ran_is_the_machines()
    {
        var v = Direct().AddBlock(Block(0, 3, 0.05))!.Value;
        Assert.False(v.ByLiveAmp);
        Assert.Matches(@"^preempted: the thread ran \d+ µs of the 4000 µs the block took$", v.Cause);
    }

    [Fact]
    public void Cpu_time_of_a_block_during_which_the_host_paused_its_cpu_is_not_LiveAmps()
    {
        // The stall probe saw CPU 1 paused for 3 ms from 0.1 ms on; the block ran there and was charged 3.1 ms of CPU.
        long pauseFrom = Second / 10_000, pauseTo = pauseFrom + 3 * Second / 1000;
        var a = Direct((cpu, from, to) => cpu == 1 ? Math.Max(0, Math.Min(to, pauseTo) - Math.Max(from, pauseFrom)) : 0);
        var paused = Block(0, 2.4, 2.3) with { StartCpu = 1, EndCpu = 1 };
        var v = a.AddBlock(paused)!.Value;
        Assert.False(v.ByLiveAmp);
        Assert.Matches(@"^the host paused this CPU for \d+ µs of the 3200 µs the block took$", v.Cause);
        Assert.True(a.AddBlock(paused with { StartCpu = 0, EndCpu = 0 })!.Value.ByLiveAmp);   // CPU 0 was not paused
    }

    [Fact]
    public void A_gc_during_the_block_and_an_unknown_cpu_clock_blame_LiveAmp()
    {
        var a = Direct();
        Assert.Equal(new XrunAttribution.Verdict(true, "GC pause overlapped the block"), a.AddBlock(Block(0, 2, 0.1, gc: true)));
        Assert.True(a.AddBlock(Block(Second, 2, -1))!.Value.ByLiveAmp);
    }

    [Fact]
    public void Ring_mode_a_block_slower_than_a_period_but_within_the_prefill_is_absorbed_not_an_xrun()
    {
        var a = new XrunAttribution(EngineMode.Ring, Rate, prefillBlocks: 2);
        Assert.Null(a.AddBlock(Block(0, 1.9, 1.9)));
        Assert.Equal(1, a.AbsorbedLateBlocks);
        var v = a.AddBlock(Block(Second, 2.5, 2.4))!.Value;
        Assert.True(v.ByLiveAmp);
        Assert.False(a.AddBlock(Block(2 * Second, 2.5, 1.0))!.Value.ByLiveAmp);   // 1.0 < 0.9 × 2 periods of CPU
    }

    [Fact]
    public void An_underrun_is_LiveAmps_after_a_gc_or_an_overloaded_block_else_the_machines()
    {
        var a = new XrunAttribution(EngineMode.Ring, Rate, prefillBlocks: 2);
        for (int i = 0; i < 100; i++) a.AddBlock(Block(i * Period, 0.05, 0.04));
        long t = 100 * Period;
        var idle = a.Timing(XrunKind.RingUnderrun, t, t, Frames);
        Assert.False(idle.ByLiveAmp);
        Assert.StartsWith("the engine thread was ready but not run in time", idle.Cause);

        a.AddGc(t - Period, t, "gen0, 3.1 ms paused");
        var gc = a.Timing(XrunKind.RingUnderrun, t, t, Frames);
        Assert.True(gc.ByLiveAmp);
        Assert.Contains("gen0, 3.1 ms paused", gc.Cause);

        long later = t + 10 * Second;   // far from that GC
        a.AddBlock(Block(later - 2 * Period, 2.2, 2.1));
        var busy = a.Timing(XrunKind.RingUnderrun, later, later, Frames);
        Assert.True(busy.ByLiveAmp);
        Assert.StartsWith("overload", busy.Cause);
        Assert.False(a.Timing(XrunKind.RingUnderrun, later + Second, later + Second, Frames).ByLiveAmp);
    }

    [Fact]
    public void Blocks_each_within_the_prefill_but_together_slower_than_real_time_make_the_underrun_LiveAmps()
    {
        var a = new XrunAttribution(EngineMode.Ring, Rate, prefillBlocks: 2);
        for (int i = 0; i < 10; i++) Assert.Null(a.AddBlock(Block(i * 11 * Period / 10, 1.1, 1.05)));
        var v = a.Timing(XrunKind.RingUnderrun, 11 * Period, 11 * Period, Frames);
        Assert.True(v.ByLiveAmp);
        Assert.Equal("overload (CPU 105 % of real time)", v.Cause);
    }

    [Fact]
    public void A_late_callback_is_the_servers_in_ring_mode_but_follows_an_overloaded_block_in_direct_mode()
    {
        var ring = new XrunAttribution(EngineMode.Ring, Rate, 2);
        ring.AddBlock(Block(0, 3, 3));
        Assert.False(ring.Timing(XrunKind.LateCallback, Period, Period, Frames).ByLiveAmp);

        var direct = Direct();
        direct.AddBlock(Block(0, 1.6, 1.5));
        Assert.True(direct.Timing(XrunKind.LateCallback, 2 * Period, 2 * Period, Frames).ByLiveAmp);
        direct.AddBlock(Block(Second, 0.1, 0.1));
        var late = direct.Timing(XrunKind.LateCallback, Second + 2 * Period, Second + 2 * Period, Frames);
        Assert.False(late.ByLiveAmp);
        Assert.StartsWith("the server called late", late.Cause);
    }
}
