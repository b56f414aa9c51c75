using LiveAmp.Engine.AmpModels.TubeSaturator;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.AmpModels.TubeSaturator;

public sealed class TubeSaturatorTests
{
    const int Rate = 48_000;

    static float[] Run(TubeSaturatorSettings settings, float[] input, int maxBlock = 256)
    {
        var amp = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(settings);
        amp.Prepare(Rate, maxBlock);
        var y = (float[])input.Clone();
        amp.Process(y);
        return y;
    }

    /// <summary>Harmonic amplitudes 1..count of a steady 1 s stretch (after 0.25 s settling) for an integer f0.</summary>
    static double[] Harmonics(float[] y, int f0, int count)
    {
        var steady = y[(Rate / 4)..(Rate / 4 + Rate)];
        return [.. Enumerable.Range(1, count).Select(k => Signals.Amplitude(steady, k * f0, Rate))];
    }

    static double Thd(double[] h) => Math.Sqrt(h.Skip(1).Sum(a => a * a)) / h[0];

    static float[] Guitar(int f0 = 220, double amplitude = 0.1) => Signals.Sine(Rate * 5 / 4, f0, Rate, amplitude);

    [Fact]
    public void Clean_LowDrive_IsNearlyLinear()
    {
        var h = Harmonics(Run(new() { Character = TubeCharacter.Clean, Drive = 2 }, Guitar()), 220, 10);
        Assert.True(Thd(h) < 0.01, $"THD {Thd(h):P2}");
    }

    [Fact]
    public void Lead_HighDrive_IsStronglySaturated()
    {
        var h = Harmonics(Run(new() { Character = TubeCharacter.Lead, Drive = 8 }, Guitar()), 220, 10);
        Assert.True(Thd(h) > 0.3, $"THD {Thd(h):P2}");
    }

    [Fact]
    public void Drive_Increases_Distortion()
    {
        double previous = 0;
        foreach (var (character, drive) in new[] { (TubeCharacter.Clean, 2.0), (TubeCharacter.Crunch, 3.0), (TubeCharacter.Crunch, 8.0), (TubeCharacter.Lead, 8.0) })
        {
            double thd = Thd(Harmonics(Run(new() { Character = character, Drive = drive }, Guitar()), 220, 10));
            Assert.True(thd > previous, $"{character} drive {drive}: THD {thd:P2} not above {previous:P2}");
            previous = thd;
        }
    }

    [Theory]
    [InlineData(TubeCharacter.Clean)]
    [InlineData(TubeCharacter.Crunch)]
    [InlineData(TubeCharacter.Lead)]
    public void Asymmetry_ProducesEvenHarmonics(TubeCharacter character)
    {
        var h = Harmonics(Run(new() { Character = character, Drive = 6 }, Guitar(220, 0.2)), 220, 6);
        double secondDb = Signals.Db(h[1] / h[0]);
        Assert.True(secondDb > -45, $"{character}: 2nd harmonic at {secondDb:F1} dB");
    }

    [Theory]
    [InlineData(TubeCharacter.Clean)]
    [InlineData(TubeCharacter.Crunch)]
    [InlineData(TubeCharacter.Lead)]
    public void Output_ForLoudInputAtFullLevel_StaysWithinTheBound(TubeCharacter character)
    {
        var settings = new TubeSaturatorSettings { Character = character, Drive = 10, Level = 10 };
        var amp = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(settings);
        amp.Prepare(Rate, 512);
        var x = Signals.Noise(new Random(3), Rate, 4f);
        amp.Process(x);
        float peak = x.Max(MathF.Abs);
        Assert.True(peak <= amp.OutputBound, $"peak {peak} above the bound {amp.OutputBound}");
        // The bound is the level knob's gain: at most +21 dB (clean's make-up +6 dB, level 10 +15 dB).
        Assert.True(amp.OutputBound <= MathF.Pow(10, 21f / 20) * 1.0001f, $"bound {amp.OutputBound}");
        Assert.True(x.All(float.IsFinite));
    }

    [Fact]
    public void Oversampling_ReducesAliasing()
    {
        // f0 = 4.1 kHz: harmonics 6…23 fold back to frequencies that are not harmonics; sum their power.
        // Measured: −27.1 dB re the fundamental with 2×, −17.9 dB without (lead, drive 8, 0.2 peak input).
        const int f0 = 4100;
        double AliasDb(bool oversample)
        {
            var y = Run(new() { Character = TubeCharacter.Lead, Drive = 8, Oversample = oversample }, Guitar(f0, 0.2));
            var steady = y.AsSpan(Rate / 4, Rate);
            double fundamental = Signals.Amplitude(steady, f0, Rate), power = 0;
            for (int k = 6; k <= 23; k++)
            {
                int folded = k * f0 % Rate;
                if (folded > Rate / 2) folded = Rate - folded;
                power += Math.Pow(Signals.Amplitude(steady, folded, Rate), 2);
            }
            return 10 * Math.Log10(power) - Signals.Db(fundamental);
        }
        double with = AliasDb(true), without = AliasDb(false);
        Assert.True(with < without - 6, $"aliasing {with:F1} dB with 2×, {without:F1} dB without");
        Assert.True(with < -20, $"aliasing {with:F1} dB re fundamental (without 2×: {without:F1} dB)");
    }

    [Theory]
    [InlineData(TubeCharacter.Clean, true)]
    [InlineData(TubeCharacter.Lead, true)]
    [InlineData(TubeCharacter.Crunch, false)]
    public void Process_RandomSplits_MatchesOneBlock(TubeCharacter character, bool oversample)
    {
        var rng = new Random(9);
        var x = Signals.Noise(rng, 20_000, 0.3f);
        var settings = new TubeSaturatorSettings { Character = character, Oversample = oversample };
        var a = Run(settings, x, 4096);
        var amp = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(settings);
        amp.Prepare(Rate, 4096);
        var b = Signals.RunSplit(amp, x, Signals.RandomSplits(rng, x.Length, 300));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Reset_ThenSameInput_RepeatsOutputExactly()
    {
        var amp = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(new() { Character = TubeCharacter.Lead });
        amp.Prepare(Rate, 128);
        var x = Signals.Noise(new Random(2), 5000, 0.3f);
        var a = (float[])x.Clone();
        amp.Process(a);
        amp.Reset();
        var b = (float[])x.Clone();
        amp.Process(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void LatencyFrames_MatchesTheDelayOfALowFrequencyPulse()
    {
        var amp = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(new() { Character = TubeCharacter.Clean, Drive = 0 });
        amp.Prepare(Rate, 256);
        Assert.Equal(15, amp.LatencyFrames);
        var noOs = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(new() { Character = TubeCharacter.Clean, Drive = 0, Oversample = false });
        noOs.Prepare(Rate, 256);
        // Cross-correlate the two outputs of a band-limited noise: the lag is the oversampler's delay.
        var rng = new Random(4);
        var x = Signals.Noise(rng, 8000, 0.05f);
        var a = (float[])x.Clone(); amp.Process(a);
        var b = (float[])x.Clone(); noOs.Process(b);
        int bestLag = 0; double best = double.NegativeInfinity;
        for (int lag = 0; lag < 40; lag++)
        {
            double c = 0;
            for (int i = 1000; i < 7000; i++) c += a[i + lag] * b[i];
            if (c > best) { best = c; bestLag = lag; }
        }
        Assert.Equal(15, bestLag);
    }

    [Fact]
    public void Tone_Up_Brightens()
    {
        static double TrebleToBassDb(double tone)
        {
            var y = Run(new() { Character = TubeCharacter.Clean, Drive = 1, Tone = tone }, Signals.Sine(Rate * 5 / 4, 200, Rate, 0.05));
            var z = Run(new() { Character = TubeCharacter.Clean, Drive = 1, Tone = tone }, Signals.Sine(Rate * 5 / 4, 5000, Rate, 0.05));
            return Signals.Db(Signals.Amplitude(z.AsSpan(Rate / 4, Rate), 5000, Rate) / Signals.Amplitude(y.AsSpan(Rate / 4, Rate), 200, Rate));
        }
        // The tone shelf spans ±9 dB: 0 → 10 moves the 5 kHz/200 Hz balance by most of 18 dB.
        Assert.InRange(TrebleToBassDb(10) - TrebleToBassDb(0), 14, 18.5);
    }

    [Fact]
    public void Level_EachStep_IsThreeDb()
    {
        var x = Guitar();
        double at4 = Signals.Rms(Run(new() { Level = 4 }, x)), at7 = Signals.Rms(Run(new() { Level = 7 }, x));
        Assert.Equal(9, Signals.Db(at7 / at4), 0.01);
    }

    [Fact]
    public void Settings_OutOfRange_AndUnknownCharacter_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(new() { Drive = 11 }));
        Assert.Equal(TubeCharacter.Lead, TubeSaturatorSettings.ParseCharacter(" Lead"));
        var fromPreset = TubeSaturatorSettings.From(new LiveAmp.Engine.Chain.DspAmpSettings { Character = "CLEAN", Drive = 2.5, Tone = 7, Level = 4 });
        Assert.Equal(new TubeSaturatorSettings { Character = TubeCharacter.Clean, Drive = 2.5, Tone = 7, Level = 4 }, fromPreset);
        Assert.Throws<ArgumentOutOfRangeException>(() => TubeSaturatorSettings.From(new LiveAmp.Engine.Chain.DspAmpSettings { Tone = -1 }));
        var ex = Assert.Throws<ArgumentException>(() => TubeSaturatorSettings.ParseCharacter("fuzz"));
        Assert.Contains("\"fuzz\"", ex.Message);
    }

    [Theory]
    [InlineData(TubeCharacter.Clean)]
    [InlineData(TubeCharacter.Crunch)]
    [InlineData(TubeCharacter.Lead)]
    public void Process_AfterPrepare_AllocatesNothing(TubeCharacter character)
    {
        var amp = new LiveAmp.Engine.AmpModels.TubeSaturator.TubeSaturator(new() { Character = character });
        amp.Prepare(Rate, 256);
        var block = Signals.Sine(256, 440, Rate, 0.2);
        long allocated = Signals.AllocatedBytes(() => amp.Process(block));
        Assert.True(allocated == 0, $"allocated {allocated} B");
    }

    [Trait("Category", "Kernels")]
    [Fact]
    public void Tanh_Approximation_IsCloseToTanhAndBounded()
    {
        double worst = 0;
        for (float x = -8; x <= 8; x += 0.001f)
        {
            float t = TubeShaper.Tanh(x);
            worst = Math.Max(worst, Math.Abs(t - Math.Tanh(x)));
            Assert.InRange(t, -1f, 1f);
        }
        Assert.True(worst < 1e-4, $"worst error {worst:E2}");
        for (float x = -2; x <= 2; x += 0.001f) Assert.True(Math.Abs(TubeShaper.Tanh(x) - Math.Tanh(x)) < 1e-6, $"tanh({x})");
    }
}
