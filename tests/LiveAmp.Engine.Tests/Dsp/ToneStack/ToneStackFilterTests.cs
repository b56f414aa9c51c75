using LiveAmp.Engine.Dsp.ToneStack;
using LiveAmp.Engine.Tests.TestSupport;
using Band = LiveAmp.Engine.Dsp.ToneStack.ToneStackFilter.Band;

namespace LiveAmp.Engine.Tests.Dsp.ToneStack;

public sealed class ToneStackFilterTests
{
    const int Rate = 48_000;

    static double MeasureDb(ToneStackFilter stack, double hz)
    {
        var x = Signals.Sine(Rate, hz, Rate, 0.25);
        var y = (float[])x.Clone();
        stack.Process(y);
        int start = Rate / 2;
        return Signals.Db(Signals.Amplitude(y.AsSpan(start), hz, Rate) / Signals.Amplitude(x.AsSpan(start), hz, Rate));
    }

    // Shelves give half their gain (in dB) at the corner, bells all of it at the centre.
    public static TheoryData<Band, double, double, double> Centres => new()
    {
        { Band.Bass, 9, ToneStackFilter.BassHz, 4.5 },
        { Band.Bass, -12, ToneStackFilter.BassHz, -6 },
        { Band.Mid, 6, ToneStackFilter.MidHz, 6 },
        { Band.Mid, -12, ToneStackFilter.MidHz, -12 },
        { Band.Treble, -8, ToneStackFilter.TrebleHz, -4 },
        { Band.Treble, 12, ToneStackFilter.TrebleHz, 6 },
        { Band.Presence, 5, ToneStackFilter.PresenceHz, 5 },
        { Band.Presence, -10, ToneStackFilter.PresenceHz, -10 },
    };

    [Theory, MemberData(nameof(Centres))]
    public void Process_OneBandMoved_ResponseAtCentreWithinATenthOfADb(Band band, double gainDb, double hz, double expectedDb)
    {
        var stack = new ToneStackFilter();
        stack.SetGainDb(band, gainDb);
        stack.Prepare(Rate, 256);
        Assert.Equal(expectedDb, MeasureDb(stack, hz), 0.1);
    }

    [Fact]
    public void Process_BassShelf_FarBelowTheCornerGivesTheFullGain()
    {
        var stack = new ToneStackFilter();
        stack.SetGainDb(Band.Bass, 10);
        stack.Prepare(Rate, 256);
        Assert.Equal(10, MeasureDb(stack, 20), 0.3);
    }

    [Fact]
    public void Process_Flat_IsExactlyTheInput()
    {
        var stack = new ToneStackFilter();
        stack.Prepare(Rate, 256);
        var x = Signals.Noise(new Random(1), 4096);
        var y = (float[])x.Clone();
        stack.Process(y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void SetGainDb_BeyondRange_IsClamped()
    {
        var stack = new ToneStackFilter();
        stack.SetGainDb(Band.Mid, 30);
        Assert.Equal(12, stack.TargetGainDb(Band.Mid));
    }

    [Fact]
    public void SetGainDb_Jump_GlidesWithoutAClick()
    {
        var stack = new ToneStackFilter();
        stack.Prepare(Rate, 64);
        var x = Signals.Sine(Rate / 2, 425, Rate, 0.5);
        var y = (float[])x.Clone();
        stack.Process(y.AsSpan(0, Rate / 4));
        stack.SetGainDb(Band.Mid, 12);
        stack.Process(y.AsSpan(Rate / 4));
        // The largest step between samples during the glide stays within the steady +12 dB sine's own.
        double steadyStep = 2 * Math.Sin(Math.PI * 425 / Rate) * 0.5 * Math.Pow(10, 12 / 20.0);
        double worst = 0;
        for (int i = 1; i < y.Length; i++) worst = Math.Max(worst, Math.Abs(y[i] - y[i - 1]));
        Assert.True(worst <= steadyStep * 1.05, $"largest step {worst} vs steady {steadyStep}");
        // 10 ms time constant: landed within 100 ms.
        Assert.Equal(12, stack.CurrentGainDb(Band.Mid));
    }

    [Fact]
    public void Process_RandomSplitsWithKnobMoves_MatchesOneBlock()
    {
        var rng = new Random(6);
        var x = Signals.Noise(rng, 24_000);
        float[] Run(IEnumerable<int> sizes)
        {
            var stack = new ToneStackFilter();
            stack.Prepare(Rate, 4096);
            var y = (float[])x.Clone();
            int at = 0;
            foreach (int n in sizes)
            {
                if (at == 8000) { stack.SetGainDb(Band.Bass, 7); stack.SetGainDb(Band.Presence, -5); }
                if (at == 16000) stack.SetGainDb(Band.Treble, 11);
                stack.Process(y.AsSpan(at, n));
                at += n;
            }
            return y;
        }
        var splits = new List<int>();
        for (int i = 0; i < 3; i++) splits.AddRange(Signals.RandomSplits(rng, 8000, 513));
        Assert.Equal(Run([8000, 8000, 8000]), Run(splits));
    }

    [Fact]
    public void Process_AfterPrepare_AllocatesNothing()
    {
        var stack = new ToneStackFilter();
        stack.Prepare(Rate, 256);
        var block = Signals.Sine(256, 440, Rate, 0.5);
        int i = 0;
        long allocated = Signals.AllocatedBytes(() => { stack.SetGainDb(Band.Mid, i++ % 24 - 12); stack.Process(block); });
        Assert.True(allocated == 0, $"allocated {allocated} B");
    }
}
