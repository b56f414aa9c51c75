using LiveAmp.Engine.Kernels;

namespace LiveAmp.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class PreciseTanhTests
{
    static float[] Arguments()
    {
        var random = new Random(3);
        var x = new float[200_003];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)(Math.Pow(10, random.NextDouble() * 9 - 7) * (random.Next(2) * 2 - 1));
        x[0] = 0; x[1] = -0f; x[2] = 0.55f; x[3] = -0.55f; x[4] = 9.1f; x[5] = 1000f; x[6] = -1e30f; x[7] = float.Epsilon;
        return x;
    }

    [Fact]
    public void Vector_MatchesReference_BitForBit()
    {
        var x = Arguments();
        var y = (float[])x.Clone();
        PreciseTanh.Apply(y);
        for (int i = 0; i < x.Length; i++)
            if (BitConverter.SingleToInt32Bits(y[i]) != BitConverter.SingleToInt32Bits(PreciseTanh.Reference(x[i])))
                Assert.Fail($"x = {x[i]:R}: vector {y[i]:R}, reference {PreciseTanh.Reference(x[i]):R}");
    }

    [Fact]
    public void WithinThreeUlpOfTanh_SmallArgumentsIncluded()
    {
        var x = Arguments();
        long worst = 0;
        float at = 0;
        foreach (float v in x)
        {
            float exact = (float)Math.Tanh(v);
            float got = PreciseTanh.Reference(v);
            long ulp = got == exact ? 0 : Math.Abs((long)BitConverter.SingleToInt32Bits(got) - BitConverter.SingleToInt32Bits(exact));
            if (ulp > worst) { worst = ulp; at = v; }
        }
        Assert.True(worst <= 3, $"{worst} ulp at x = {at:R}");
    }

    /// <summary>The single expm1 path is within 2 ulp everywhere it is not just x (every 97th float in [1e-8, 12]).</summary>
    [Fact]
    public void WithinTwoUlp_DenseSweep()
    {
        long worst = 0;
        float at = 0;
        int from = BitConverter.SingleToInt32Bits(1e-8f), to = BitConverter.SingleToInt32Bits(12f);
        for (int bits = from; bits <= to; bits += 97)
        {
            float v = BitConverter.Int32BitsToSingle(bits);
            float exact = (float)Math.Tanh(v);
            float got = PreciseTanh.Reference(v);
            long ulp = Math.Abs((long)BitConverter.SingleToInt32Bits(got) - BitConverter.SingleToInt32Bits(exact));
            if (ulp > worst) { worst = ulp; at = v; }
        }
        Assert.True(worst <= 2, $"{worst} ulp at x = {at:R}");
    }
}
