using LiveAmp.Engine.Dsp.Filters;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Filters;

public sealed class BiquadTests
{
    const int Rate = 48_000;

    static double MeasuredGainDb(BiquadCoefficients c, double hz)
    {
        var biquad = new Biquad(c);
        var x = Signals.Sine(Rate, hz, Rate, 0.5);
        var y = (float[])x.Clone();
        biquad.Process(y);
        // Skip the first half (transient), measure over whole periods of the rest.
        int start = Rate / 2;
        return Signals.Db(Signals.Amplitude(y.AsSpan(start), hz, Rate) / Signals.Amplitude(x.AsSpan(start), hz, Rate));
    }

    [Theory]
    [InlineData(1000, 0.7071, 100, 0)]
    [InlineData(1000, 0.7071, 1000, -3.0103)]
    [InlineData(1000, 0.7071, 10_000, -42.74)]   // bilinear warping: a decade above is −42.7, not the analog −40
    public void LowPass_Butterworth_HasDesignResponse(double cutoff, double q, double hz, double expectedDb)
    {
        var c = BiquadCoefficients.LowPass(cutoff, q, Rate);
        Assert.Equal(expectedDb, MeasuredGainDb(c, hz), 0.02);
        Assert.Equal(c.MagnitudeDb(hz, Rate), MeasuredGainDb(c, hz), 0.02);
    }

    [Fact]
    public void HighPass_AtCutoff_IsMinus3Db() =>
        Assert.Equal(-3.01, MeasuredGainDb(BiquadCoefficients.HighPass(200, Math.Sqrt(0.5), Rate), 200), 0.02);

    [Theory]
    [InlineData(6)]
    [InlineData(-9)]
    public void Shelves_AtCornerAndFarAway_GiveHalfAndFullGain(double gainDb)
    {
        var low = BiquadCoefficients.LowShelf(300, gainDb, Rate);
        Assert.Equal(gainDb / 2, MeasuredGainDb(low, 300), 0.02);
        Assert.Equal(gainDb, low.MagnitudeDb(1, Rate), 0.01);
        var high = BiquadCoefficients.HighShelf(3000, gainDb, Rate);
        Assert.Equal(gainDb / 2, MeasuredGainDb(high, 3000), 0.02);
        Assert.Equal(gainDb, high.MagnitudeDb(23_999, Rate), 0.05);
    }

    [Fact]
    public void Peaking_AtCentre_GivesGain()
    {
        var c = BiquadCoefficients.Peaking(1000, 1.4, 7.5, Rate);
        Assert.Equal(7.5, MeasuredGainDb(c, 1000), 0.02);
        Assert.True(Math.Abs(c.MagnitudeDb(50, Rate)) < 0.1);
    }

    [Fact]
    public void Process_RandomSplits_MatchesOneBlock()
    {
        var rng = new Random(2);
        var x = Signals.Noise(rng, 5000);
        var whole = new Biquad(BiquadCoefficients.Peaking(700, 2, 9, Rate));
        var a = (float[])x.Clone();
        whole.Process(a);
        var split = new Biquad(BiquadCoefficients.Peaking(700, 2, 9, Rate));
        var b = Signals.RunSplit((buf, at, n) => split.Process(buf.AsSpan(at, n)), x, Signals.RandomSplits(rng, x.Length, 100));
        Assert.Equal(a, b);
    }

    [Fact]
    public void DcBlocker_RemovesDcAndPassesAudio()
    {
        var dc = new DcBlocker();
        dc.Prepare(Rate, 256);
        var x = Signals.Sine(2 * Rate, 100, Rate, 0.5);
        for (int i = 0; i < x.Length; i++) x[i] += 0.3f;
        var y = (float[])x.Clone();
        dc.Process(y);
        var tail = y.AsSpan(Rate);
        double mean = 0;
        foreach (float v in tail) mean += v;
        mean /= tail.Length;
        Assert.True(Math.Abs(mean) < 1e-3, $"DC left: {mean}");
        Assert.Equal(0.5, Signals.Amplitude(tail, 100, Rate), 0.005);
    }

    [Fact]
    public void Process_AfterPrepare_AllocatesNothing()
    {
        var dc = new DcBlocker();
        dc.Prepare(Rate, 256);
        var filter = new BiquadFilter(rate => BiquadCoefficients.HighPass(80, 0.7, rate));
        filter.Prepare(Rate, 256);
        var block = Signals.Sine(256, 440, Rate, 0.5);
        long allocated = Signals.AllocatedBytes(() => { dc.Process(block); filter.Process(block); });
        Assert.True(allocated == 0, $"allocated {allocated} B");
    }
}
