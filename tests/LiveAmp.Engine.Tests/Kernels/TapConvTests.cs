using LiveAmp.Engine.Kernels;

namespace LiveAmp.Engine.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class TapConvTests
{
    /// <summary>Shapes that hit every tile (4×4, 4×1, single rows, scalar tails) and both bias/accumulate modes.</summary>
    [Theory]
    [InlineData(16, 16, 3, 512, 64)]
    [InlineData(8, 8, 3, 7, 17)]
    [InlineData(5, 3, 2, 1, 130)]
    [InlineData(1, 1, 32, 1, 64)]
    [InlineData(6, 1, 1, 0, 1)]
    [InlineData(2, 2, 3, 64, 64)]
    [InlineData(7, 4, 3, 2, 97)]
    [InlineData(3, 12, 5, 9, 33)]
    public void Vector_MatchesReference_BitForBit(int outs, int ins, int taps, int dilation, int frames)
    {
        var random = new Random(outs * 1000 + ins * 100 + taps);
        int lookback = (taps - 1) * dilation, stride = lookback + frames + 5;
        var src = Fill(new float[ins * stride + 3], random);
        var weights = Fill(new float[taps * ins * outs], random);
        var bias = Fill(new float[outs], random);
        foreach (bool accumulate in new[] { false, true })
            foreach (bool withBias in new[] { false, true })
            {
                var dstVector = Fill(new float[outs * (frames + 2) + 1], new Random(5));
                var dstReference = (float[])dstVector.Clone();
                var shape = new TapConv.Shape(outs, ins, taps, dilation, lookback + 2, stride, 1, frames + 2, frames, accumulate);
                TapConv.Run(weights, withBias ? bias : [], src, dstVector, shape);
                TapConv.Reference(weights, withBias ? bias : [], src, dstReference, shape);
                Assert.Equal(dstReference, dstVector);
                Assert.NotEqual(0f, dstReference[1 + frames - 1]);
            }
    }

    [Fact]
    public void Reference_IsTheCausalDilatedConvolution()
    {
        // 1 in, 1 out, taps [2, 3] with dilation 2: y_t = 2·x_{t−2} + 3·x_t + 1.
        float[] src = [10, 20, 1, 2, 3, 4];
        var dst = new float[4];
        TapConv.Run([2f, 3f], [1f], src, dst, new TapConv.Shape(1, 1, 2, 2, 2, 6, 0, 4, 4, false));
        Assert.Equal([2 * 10 + 3 * 1 + 1, 2 * 20 + 3 * 2 + 1, 2 * 1 + 3 * 3 + 1, 2 * 2 + 3 * 4 + 1], dst);
    }

    [Fact]
    public void ShapeOutsideBuffers_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TapConv.Run([1f, 1f], [], new float[4], new float[4], new TapConv.Shape(1, 1, 2, 3, 1, 4, 0, 4, 3, false)));

    static float[] Fill(float[] values, Random random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle() * 2 - 1;
        return values;
    }
}

[Trait("Category", "Kernels")]
public sealed class TapConvEpilogueTests
{
    /// <summary>The fused layer pass equals the separate passes (conv, mixin, tanh, head add) bit for bit.</summary>
    [Theory]
    [InlineData(16, 3, 2, 64, 1)]
    [InlineData(8, 3, 1, 17, 1)]
    [InlineData(4, 2, 1, 64, 2)]
    [InlineData(3, 5, 2, 33, 2)]
    [InlineData(6, 3, 2, 1, 1)]
    [InlineData(2, 3, 1, 64, 1)]
    [InlineData(6, 3, 1, 80, 2)]
    public void Fused_EqualsSeparatePasses(int channels, int taps, int condRows, int frames, int activation)
    {
        var random = new Random(channels + taps * 10 + frames);
        int dilation = 3, lookback = (taps - 1) * dilation, stride = lookback + frames;
        float[] Fill(int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = random.NextSingle() * 2 - 1; return a; }
        var src = Fill(channels * stride);
        var weights = Fill(taps * channels * channels);
        var bias = Fill(channels);
        var mix = Fill(condRows * channels);
        var cond = Fill(condRows * frames);
        int headRows = channels - 1;
        var head = Fill(headRows * frames);
        var shape = new TapConv.Shape(channels, channels, taps, dilation, lookback, stride, 0, frames, frames, false);

        var fused = new float[channels * frames];
        var fusedHead = (float[])head.Clone();
        TapConv.RunLayer(weights, bias, src, fused, shape,
            new TapConv.Epilogue(mix, cond, 0, frames, condRows, activation, fusedHead, 0, frames, headRows));

        var separate = new float[channels * frames];
        TapConv.Reference(weights, bias, src, separate, shape);
        TapConv.Reference(mix, [], cond, separate, new TapConv.Shape(channels, condRows, 1, 0, 0, frames, 0, frames, frames, true));
        foreach (int c in Enumerable.Range(0, channels))
        {
            var row = separate.AsSpan(c * frames, frames);
            if (activation == 1) PreciseTanh.Apply(row); else Activations.FastTanh(row);
            if (c < headRows)
                for (int t = 0; t < frames; t++) head[c * frames + t] += row[t];
        }
        Assert.Equal(separate, fused);
        Assert.Equal(head, fusedHead);
    }
}
