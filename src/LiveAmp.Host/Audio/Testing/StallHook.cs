using System.Diagnostics;
using System.Globalization;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Dsp;

namespace LiveAmp.Host.Audio.Testing;

/// <summary>Test hook: makes the chain overrun its budget on purpose, so tests can check that the stats see the
/// overload and name it. <c>LIVEAMP_TEST_STALL=interval_ms,stall_ms</c> busy-waits stall_ms inside one block every
/// interval (a busy wait: no allocation, no sleep the scheduler could shorten or lengthen).</summary>
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
            while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
        }
        inner.Process(block);
    }
}
