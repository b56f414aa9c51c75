using System.Numerics;
using LiveAmp.Engine.Dsp.Cabinet;
using MathNet.Numerics.IntegralTransforms;

namespace LiveAmp.Engine.Tests.Dsp.Cabinet;

public sealed class CabinetSynthesizerTests
{
    /// <summary>Magnitude of the IR, smoothed over 1/6 octave (power average), in dB.</summary>
    sealed class Response
    {
        const int FftSize = 1 << 16;
        readonly double[] _power;
        readonly int _rate;

        public Response(float[] ir, int rate)
        {
            _rate = rate;
            var s = new Complex[FftSize];
            for (int i = 0; i < ir.Length; i++) s[i] = ir[i];
            Fourier.Forward(s, FourierOptions.Matlab);
            _power = s.Take(FftSize / 2 + 1).Select(c => c.Magnitude * c.Magnitude).ToArray();
        }

        public double Db(double hz)
        {
            double lo = hz / Math.Pow(2, 1 / 12.0), hi = hz * Math.Pow(2, 1 / 12.0), sum = 0;
            int count = 0;
            for (int k = (int)Math.Ceiling(lo * FftSize / _rate); k <= (int)(hi * FftSize / _rate); k++) { sum += _power[k]; count++; }
            return 10 * Math.Log10(sum / count);
        }

        /// <summary>Frequency of the highest smoothed level on a 1/24-octave grid in [lo, hi].</summary>
        public double PeakHz(double lo, double hi)
        {
            double best = lo, bestDb = double.NegativeInfinity;
            for (double f = lo; f <= hi; f *= Math.Pow(2, 1 / 24.0))
                if (Db(f) > bestDb) { bestDb = Db(f); best = f; }
            return best;
        }
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(CabStyle, int), (float[] Ir, Response Response)> Cache = new();

    /// <summary>Synthesis and analysis are the slow part: each style and rate is built once for all tests.</summary>
    static (float[] Ir, Response Response) Build(CabStyle style, int rate) =>
        Cache.GetOrAdd((style, rate), key =>
        {
            var ir = CabinetSynthesizer.Synthesize(key.Item1, key.Item2);
            return (ir, new Response(ir, key.Item2));
        });

    public static TheoryData<CabStyle, int> StylesAndRates()
    {
        var data = new TheoryData<CabStyle, int>();
        foreach (var style in Enum.GetValues<CabStyle>()) data.Add(style, 48_000);
        data.Add(CabStyle.Closed4x12, 44_100);
        data.Add(CabStyle.OpenBack1x12, 96_000);
        return data;
    }

    [Theory, MemberData(nameof(StylesAndRates))]
    public void Synthesize_LowResonance_PeaksBetween80And130Hz(CabStyle style, int rate)
    {
        var r = Build(style, rate).Response;
        double peak = r.PeakHz(50, 250);
        Assert.InRange(peak, 80, 130);
        Assert.True(r.Db(peak) - r.Db(40) >= 6, $"{style}: only {r.Db(peak) - r.Db(40):F1} dB above 40 Hz");
        double lowMids = (r.Db(400) + r.Db(550) + r.Db(700)) / 3;
        Assert.True(r.Db(peak) - lowMids >= 2, $"{style}: resonance only {r.Db(peak) - lowMids:F1} dB above the low mids");
    }

    [Theory, MemberData(nameof(StylesAndRates))]
    public void Synthesize_PresencePeakBetween2And4kHz_ThenRollsOffAtLeast24DbBy10kHz(CabStyle style, int rate)
    {
        var r = Build(style, rate).Response;
        Assert.InRange(r.PeakHz(1500, 5000), 2000, 4000);
        Assert.True(r.Db(4000) - r.Db(10_000) >= 24, $"{style}: 4 → 10 kHz falls only {r.Db(4000) - r.Db(10_000):F1} dB");
        Assert.True(r.Db(4000) - r.Db(8000) >= 12, $"{style}: 4 → 8 kHz falls only {r.Db(4000) - r.Db(8000):F1} dB");
    }

    [Theory, MemberData(nameof(StylesAndRates))]
    public void Synthesize_ConeBreakupNotch_DipsBelowItsNeighbours(CabStyle style, int rate)
    {
        var notchHz = CabinetSynthesizer.DesignOf(style).Bells.Single(b => b.GainDb < 0).Hz;
        var r = Build(style, rate).Response;
        double neighbours = (r.Db(notchHz / 1.25) + r.Db(notchHz * 1.25)) / 2;
        Assert.True(neighbours - r.Db(notchHz) >= 3, $"{style}: notch only {neighbours - r.Db(notchHz):F1} dB deep");
    }

    [Theory, MemberData(nameof(StylesAndRates))]
    public void Synthesize_IsShortCausalAndNormalised(CabStyle style, int rate)
    {
        var ir = Build(style, rate).Ir;
        double lengthMs = ir.Length * 1000.0 / rate;
        Assert.InRange(lengthMs, 20, 100);
        Assert.True(ir.All(float.IsFinite));
        // Minimum phase: the energy is at the very start.
        int peakAt = Array.IndexOf(ir, ir.MaxBy(MathF.Abs));
        Assert.True(peakAt * 1000.0 / rate < 1, $"{style}: peak at {peakAt} frames");
        double early = ImpulseResponse.Energy(ir.AsSpan(0, rate * 10 / 1000)), total = ImpulseResponse.Energy(ir);
        Assert.True(early / total > 0.95, $"{style}: only {early / total:P1} of the energy in the first 10 ms");
        Assert.Equal(ImpulseResponse.TargetEnergy(rate), total, 4);
        Assert.True(MathF.Abs(ir[^1]) < 1e-4 * ir.Max(MathF.Abs), "the end is faded out");
        Assert.True(ir.Max(MathF.Abs) < 0.9f, "written as PCM, the IR must not clip");
    }

    [Fact]
    public void Synthesize_Closed4x12_ResonatesLowerAndIsDarkerThanOpen1x12()
    {
        var open = Build(CabStyle.OpenBack1x12, 48_000).Response;
        var closed = Build(CabStyle.Closed4x12, 48_000).Response;
        Assert.True(closed.PeakHz(50, 250) < open.PeakHz(50, 250));
        Assert.True(closed.Db(60) - closed.Db(1000) > open.Db(60) - open.Db(1000), "a closed 4x12 keeps more low end");
        Assert.True(closed.Db(6000) - closed.Db(1000) < open.Db(6000) - open.Db(1000), "a closed 4x12 is darker");
    }

    [Theory]
    [InlineData("1x12 open", CabStyle.OpenBack1x12)]
    [InlineData("2X12-Open", CabStyle.OpenBack2x12)]
    [InlineData("2x12_closed", CabStyle.Closed2x12)]
    [InlineData("4x12", CabStyle.Closed4x12)]
    [InlineData("Closed4x12", CabStyle.Closed4x12)]
    public void ParseStyle_CommonSpellings_AreRecognised(string text, CabStyle expected) =>
        Assert.Equal(expected, CabinetSynthesizer.ParseStyle(text));

    [Fact]
    public void ParseStyle_Unknown_ThrowsNamingTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => CabinetSynthesizer.ParseStyle("8x10"));
        Assert.Contains("\"8x10\"", ex.Message);
        Assert.Contains("4x12 closed", ex.Message);
    }
}
