using LiveAmp.Engine.Kernels.Complex;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class ComplexKernelTests
{
    // Empty, every tail length around the 4-, 8- and 16-lane widths, and a long run.
    public static TheoryData<int> Lengths => [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 65, 1025];

    [Theory, MemberData(nameof(Lengths))]
    public void ComplexMac_RandomSpectra_MatchesReferenceBitForBit(int n)
    {
        var rng = new Random(1234 + n);
        float[] aRe = Signals.Noise(rng, n), aIm = Signals.Noise(rng, n), bRe = Signals.Noise(rng, n), bIm = Signals.Noise(rng, n);
        float[] accRe = Signals.Noise(rng, n), accIm = Signals.Noise(rng, n), expRe = [.. accRe], expIm = [.. accIm];

        ComplexMac.Reference(aRe, aIm, bRe, bIm, expRe, expIm);
        ComplexMac.Apply(aRe, aIm, bRe, bIm, accRe, accIm);

        Assert.Equal(expRe, accRe);
        Assert.Equal(expIm, accIm);
    }

    [Theory, MemberData(nameof(Lengths))]
    public void ComplexButterfly_RandomRows_MatchesReferenceBitForBit(int n)
    {
        var rng = new Random(99 + n);
        float[] aRe = Signals.Noise(rng, n), aIm = Signals.Noise(rng, n), bRe = Signals.Noise(rng, n), bIm = Signals.Noise(rng, n);
        float[] wRe = Signals.Noise(rng, n), wIm = Signals.Noise(rng, n);
        float[] eaRe = [.. aRe], eaIm = [.. aIm], ebRe = [.. bRe], ebIm = [.. bIm];

        ComplexButterfly.Reference(eaRe, eaIm, ebRe, ebIm, wRe, wIm);
        ComplexButterfly.Apply(aRe, aIm, bRe, bIm, wRe, wIm);

        Assert.Equal(eaRe, aRe);
        Assert.Equal(eaIm, aIm);
        Assert.Equal(ebRe, bRe);
        Assert.Equal(ebIm, bIm);
    }

    [Fact]
    public void ComplexMac_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => ComplexMac.Apply(new float[3], new float[3], new float[3], new float[2], new float[3], new float[3]));
}
