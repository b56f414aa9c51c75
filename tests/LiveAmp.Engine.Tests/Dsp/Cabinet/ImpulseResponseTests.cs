using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Dsp.Cabinet;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Cabinet;

public sealed class ImpulseResponseTests
{
    static float[] NoResample(float[] x, double from, double to) => throw new InvalidOperationException("should not resample");

    // A crude linear-interpolation resampler: enough to see that the delegate is used and its output checked.
    static float[] Linear(float[] x, double from, double to)
    {
        int n = (int)Math.Round(x.Length * to / from);
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            double pos = i * from / to;
            int j = (int)pos;
            double f = pos - j;
            y[i] = (float)(x[Math.Min(j, x.Length - 1)] * (1 - f) + x[Math.Min(j + 1, x.Length - 1)] * f);
        }
        return y;
    }

    static float[] Decay(int frames, float scale, int seed)
    {
        var rng = new Random(seed);
        var x = new float[frames];
        for (int i = 0; i < frames; i++) x[i] = scale * (rng.NextSingle() * 2 - 1) * MathF.Exp(-i / (frames / 6f));
        return x;
    }

    [Theory]
    [InlineData(48_000, 1.0)]
    [InlineData(96_000, 0.5)]
    [InlineData(44_100, 48_000 / 44_100.0)]
    public void Prepare_FilesAtDifferentLevels_GetTheSameDocumentedEnergy(int rate, double expectedEnergy)
    {
        var quiet = ImpulseResponse.Prepare("quiet.wav", Decay(2000, 0.01f, 1), rate, rate, NoResample);
        var loud = ImpulseResponse.Prepare("loud.wav", Decay(3000, 0.9f, 2), rate, rate, NoResample);
        Assert.Equal(expectedEnergy, ImpulseResponse.Energy(quiet), 5);
        Assert.Equal(expectedEnergy, ImpulseResponse.Energy(loud), 5);
    }

    [Fact]
    public void Prepare_OtherRate_ResamplesThroughTheDelegate()
    {
        double? seenFrom = null, seenTo = null;
        var ir = ImpulseResponse.Prepare("cab.wav", Decay(4410, 0.5f, 3), 44_100, 48_000,
            (x, from, to) => { seenFrom = from; seenTo = to; return Linear(x, from, to); });
        Assert.Equal(44_100, seenFrom);
        Assert.Equal(48_000, seenTo);
        Assert.Equal(4800, ir.Length);
        Assert.Equal(1.0, ImpulseResponse.Energy(ir), 5);
    }

    [Fact]
    public void Prepare_Trim_KeepsTheStartAndFadesOut()
    {
        var source = Enumerable.Repeat(0.1f, 48_000).ToArray();
        var ir = ImpulseResponse.Prepare("long.wav", source, 48_000, 48_000, NoResample, trimMs: 50);
        Assert.Equal(2400, ir.Length);
        Assert.Equal(ir[0], ir[2400 - 241]);                         // untouched before the 5 ms fade
        Assert.True(ir[^1] < ir[0] * 0.001f, $"last sample {ir[^1]}");
        for (int i = 2400 - 240; i < 2400; i++) Assert.True(ir[i] <= ir[i - 1]);
        Assert.Equal(1.0, ImpulseResponse.Energy(ir), 5);
    }

    [Fact]
    public void Prepare_Nan_NamesTheSampleIndex()
    {
        var x = Decay(1000, 0.5f, 4);
        x[723] = float.NaN;
        var ex = Assert.Throws<FileFormatException>(() => ImpulseResponse.Prepare("bad.wav", x, 48_000, 48_000, NoResample));
        Assert.Equal("bad.wav", ex.SourceName);
        Assert.Equal(723, ex.Location.SampleIndex);
        Assert.Contains("NaN", ex.Message);
    }

    [Fact]
    public void Prepare_InfinityAfterResampling_SaysSo()
    {
        var ex = Assert.Throws<FileFormatException>(() => ImpulseResponse.Prepare("r.wav", Decay(100, 0.5f, 5), 44_100, 48_000,
            (x, _, _) => { var y = (float[])x.Clone(); y[7] = float.PositiveInfinity; return y; }));
        Assert.Equal(7, ex.Location.SampleIndex);
        Assert.Contains("after resampling from 44100 Hz to 48000 Hz", ex.Message);
    }

    [Fact]
    public void Prepare_Empty_Throws()
    {
        var ex = Assert.Throws<FileFormatException>(() => ImpulseResponse.Prepare("empty.wav", [], 48_000, 48_000, NoResample));
        Assert.Contains("no samples", ex.Message);
        Assert.StartsWith("empty.wav: ", ex.Message);
    }

    [Fact]
    public void Prepare_Silent_Throws()
    {
        var ex = Assert.Throws<FileFormatException>(() => ImpulseResponse.Prepare("quiet.wav", new float[500], 48_000, 48_000, NoResample));
        Assert.Contains("silent", ex.Message);
    }

    [Fact]
    public void Prepare_TooLong_NamesWhereTheLimitIs()
    {
        var ex = Assert.Throws<FileFormatException>(() => ImpulseResponse.Prepare("huge.wav", new float[8000 * 10 + 1], 8000, 8000, NoResample));
        Assert.Equal(80_000, ex.Location.SampleIndex);
        Assert.Contains("80,001 samples at 8000 Hz", ex.Message);
    }
}
