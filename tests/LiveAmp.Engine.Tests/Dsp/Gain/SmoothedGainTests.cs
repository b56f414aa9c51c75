using LiveAmp.Engine.Dsp.Gain;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Gain;

public sealed class SmoothedGainTests
{
    const int Rate = 48_000;

    [Fact]
    public void Process_Steady_AppliesTheGainInDb()
    {
        var gain = new SmoothedGain(-6);
        gain.Prepare(Rate, 64);
        float[] block = [1f, -0.5f];
        gain.Process(block);
        Assert.Equal(Math.Pow(10, -6 / 20.0), block[0], 6);
        Assert.Equal(-0.5 * Math.Pow(10, -6 / 20.0), block[1], 6);
    }

    [Fact]
    public void GainDb_Change_GlidesWithTheTimeConstantAndLands()
    {
        var gain = new SmoothedGain(0);
        gain.Prepare(Rate, 64);
        gain.GainDb = -20;
        var ones = Enumerable.Repeat(1f, Rate / 100).ToArray();   // one time constant: 10 ms
        gain.Process(ones);
        // After one time constant, 1 − 1/e of the linear step is done.
        double expected = 0.1 + 0.9 * Math.Exp(-1);
        Assert.Equal(expected, ones[^1], 3);
        // No jump: the first sample moved by one small step only.
        Assert.True(ones[0] > 0.99f, $"first sample {ones[0]}");
        var more = Enumerable.Repeat(1f, Rate).ToArray();
        gain.Process(more);
        Assert.Equal(0.1, gain.CurrentGain, 12);
    }

    [Fact]
    public void Process_RandomSplitsDuringGlides_MatchesOneBlock()
    {
        var rng = new Random(8);
        var x = Signals.Noise(rng, 20_000);
        float[] Run(IEnumerable<int> sizes)
        {
            var g = new SmoothedGain(0);
            g.Prepare(Rate, 4096);
            var y = (float[])x.Clone();
            int at = 0, index = 0;
            foreach (int n in sizes)
            {
                // Knob changes land at fixed frame positions whatever the split.
                while (index < 3 && at >= 5000 * (index + 1)) g.GainDb = new[] { -12.0, 6, -40 }[index++];
                g.Process(y.AsSpan(at, n));
                at += n;
            }
            return y;
        }
        var splits = new List<int>();
        foreach (int piece in Enumerable.Repeat(1000, 20)) splits.AddRange(Signals.RandomSplits(rng, piece, 300));
        Assert.Equal(Run(Enumerable.Repeat(1000, 20)), Run(splits));
    }

    [Fact]
    public void Process_AfterPrepare_AllocatesNothing()
    {
        var gain = new SmoothedGain(3);
        gain.Prepare(Rate, 256);
        var block = Signals.Sine(256, 440, Rate, 0.5);
        int i = 0;
        long allocated = Signals.AllocatedBytes(() => { gain.GainDb = (i++ % 7) - 3; gain.Process(block); });
        Assert.True(allocated == 0, $"allocated {allocated} B");
    }
}
