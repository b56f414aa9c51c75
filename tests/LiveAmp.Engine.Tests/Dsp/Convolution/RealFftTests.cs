using LiveAmp.Engine.Dsp.Convolution;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Convolution;

[Trait("Category", "Kernels")]
public sealed class RealFftTests
{
    public static TheoryData<int> Sizes => [4, 8, 16, 32, 64, 128, 1024, 4096];

    [Theory, MemberData(nameof(Sizes))]
    public void Forward_RandomInput_MatchesNaiveDft(int size)
    {
        var rng = new Random(size);
        var x = Signals.Noise(rng, size);
        var fft = new RealFft(size);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        fft.Forward(x, re, im);

        double worst = 0, scale = Math.Sqrt(size);
        for (int k = 0; k <= size / 2; k++)
        {
            double sr = 0, si = 0;
            for (int n = 0; n < size; n++)
            {
                double phase = -2 * Math.PI * ((long)k * n % size) / size;
                sr += x[n] * Math.Cos(phase);
                si += x[n] * Math.Sin(phase);
            }
            worst = Math.Max(worst, Math.Max(Math.Abs(sr - re[k]), Math.Abs(si - im[k])) / scale);
        }
        Assert.True(worst < 2e-6, $"FFT {size}: worst error {worst:E2} relative to √N");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void Inverse_OfForward_ReturnsInput(int size)
    {
        var rng = new Random(size + 7);
        var x = Signals.Noise(rng, size);
        var fft = new RealFft(size);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        var back = new float[size];
        fft.Forward(x, re, im);
        fft.Inverse(re, im, back);
        for (int n = 0; n < size; n++) Assert.True(Math.Abs(back[n] - x[n]) < 2e-6, $"sample {n}: {back[n]} vs {x[n]}");
    }

    [Fact]
    public void Constructor_NotPowerOfTwo_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(96));
}
