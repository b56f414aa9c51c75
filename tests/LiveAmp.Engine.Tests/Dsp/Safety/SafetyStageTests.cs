using LiveAmp.Engine.Dsp.Safety;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Safety;

public sealed class SafetyStageTests
{
    const int Rate = 48_000;

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Process_NonFiniteSample_MutesBlockCountsAndRequestsReset(float bad)
    {
        var safety = new SafetyStage();
        safety.Prepare(Rate, 64);
        var block = Signals.Sine(64, 440, Rate, 0.3);
        block[17] = bad;
        safety.Process(block);
        Assert.All(block, v => Assert.Equal(0f, v));
        Assert.Equal(1, safety.TripCount);
        Assert.True(safety.ResetRequested);
        safety.AcknowledgeReset();
        Assert.False(safety.ResetRequested);

        // The next good block fades back in instead of jumping.
        var next = Enumerable.Repeat(0.25f, 64).ToArray();
        safety.Process(next);
        Assert.True(next[0] < 0.001f && next[63] > next[0], $"fade-in {next[0]} … {next[63]}");
        Assert.Equal(1, safety.TripCount);
    }

    [Fact]
    public void Process_BelowMinus6Dbfs_IsIdentity()
    {
        var safety = new SafetyStage();
        safety.Prepare(Rate, 4096);
        var x = Signals.Noise(new Random(1), 4096, 0.5f);
        var y = (float[])x.Clone();
        safety.Process(y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void Process_HotSignal_StaysInsideUnitAndIsMonotonic()
    {
        var safety = new SafetyStage();
        safety.Prepare(Rate, 4096);
        var x = Enumerable.Range(0, 4000).Select(i => (i - 2000) / 50f).ToArray();   // −40 … +40, sorted
        var y = (float[])x.Clone();
        safety.Process(y);
        Assert.All(y, v => Assert.InRange(v, -1f, 1f));
        for (int i = 1; i < y.Length; i++) Assert.True(y[i] >= y[i - 1], $"not monotonic at {x[i]}");
        Assert.Equal(0.9, SafetyStage.Limit(0.5f + 0.5f * MathF.Atanh(0.8f)), 5);
        // Slope 1 at the knee: no kink.
        Assert.Equal(1.0, (SafetyStage.Limit(0.5001f) - SafetyStage.Limit(0.5f)) / 0.0001, 2);
    }

    [Fact]
    public void Process_AfterPrepare_AllocatesNothing()
    {
        var safety = new SafetyStage();
        safety.Prepare(Rate, 256);
        var block = Signals.Sine(256, 440, Rate, 0.9);
        long allocated = Signals.AllocatedBytes(() => safety.Process(block));
        Assert.True(allocated == 0, $"allocated {allocated} B");
    }
}
