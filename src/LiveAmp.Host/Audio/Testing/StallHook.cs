using System.Diagnostics;
using System.Globalization;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Dsp;
using LiveAmp.Host.Audio.Native;

namespace LiveAmp.Host.Audio.Testing;

/// <summary>Test hook: makes the chain overrun its budget on purpose, so tests can check that the stats see the
/// overload and name it. <c>LIVEAMP_TEST_STALL=interval_ms,stall_ms</c> busy-waits stall_ms inside one block every
/// interval (a busy wait: no allocation, no sleep the scheduler could shorten or lengthen). The wait lasts until the
/// thread has used stall_ms of CPU time, not just until stall_ms passed: a host pause inside it (taken off the block's
/// CPU time by the attribution) must not shorten the overload it stands for.</summary>
public sealed class StallHook(IProcessor inner, TimeSpan interval, TimeSpan stall) : IProcessor
{
    public const string Variable = "LIVEAMP_TEST_STALL";
    long _nextStall;

    public static IProcessor Wrap(IProcessor processor)
    {
        string? spec = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(spec)) return processor;
        var parts = spec.Split(',');
        if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out double every) || every < 10
            || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out double ms) || ms <= 0)
            throw new LiveAmpException($"{Variable}='{spec}': expected interval_ms,stall_ms (e.g. 500,5)");
        return new StallHook(processor, TimeSpan.FromMilliseconds(every), TimeSpan.FromMilliseconds(ms));
    }

    public int LatencyFrames => inner.LatencyFrames;
    public void Prepare(int sampleRate, int maxBlockFrames) => inner.Prepare(sampleRate, maxBlockFrames);
    public void Reset() => inner.Reset();

    public void Process(Span<float> block)
    {
        long now = Stopwatch.GetTimestamp();
        if (_nextStall == 0) _nextStall = now + (long)(interval.TotalSeconds * Stopwatch.Frequency);
        else if (now >= _nextStall)
        {
            _nextStall = now + (long)(interval.TotalSeconds * Stopwatch.Frequency);
            long until = now + (long)(stall.TotalSeconds * Stopwatch.Frequency);
            long cpuNow = LibC.ThreadCpuNs();   // -1 where unknown: then wall time alone
            long cpuUntil = cpuNow < 0 ? long.MinValue : cpuNow + (long)(stall.TotalSeconds * 1e9);
            while (Stopwatch.GetTimestamp() < until || LibC.ThreadCpuNs() < cpuUntil) Thread.SpinWait(20);
        }
        inner.Process(block);
    }
}
