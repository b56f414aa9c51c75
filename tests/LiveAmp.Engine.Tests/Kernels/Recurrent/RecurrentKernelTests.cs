using System.Runtime.Intrinsics;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Kernels.Recurrent;

namespace LiveAmp.Engine.Tests.Kernels.Recurrent;

/// <summary>Each vectorized recurrent kernel against its scalar reference (also run by scripts/test.sh with
/// AVX-512, AVX2 and all intrinsics disabled).</summary>
[Trait("Category", "Kernels")]
public sealed class RecurrentKernelTests
{
    static float[] Sweep()
    {
        var values = new List<float> { 0f, -0f, 1e-30f, -1e-30f, 1e-8f, -3e-6f, 87f, -87f, 100f, -100f, 1e4f, -1e4f, float.MaxValue, float.MinValue };
        for (float x = -30f; x <= 30f; x += 0.0037f) values.Add(x);
        for (float x = 1e-7f; x < 1f; x *= 1.37f) { values.Add(x); values.Add(-x); }
        while (values.Count % 8 != 0) values.Add(0.5f);
        return [.. values];
    }

    static void CheckElementwise(Func<Vector256<float>, Vector256<float>> vector, Func<float, float> reference,
                                 double absolute, double relative, string what)
    {
        var x = Sweep();
        for (int i = 0; i < x.Length; i += 8)
        {
            var result = vector(Vector256.Create(x.AsSpan(i, 8)));
            for (int k = 0; k < 8; k++)
            {
                float expected = reference(x[i + k]), actual = result[k];
                double error = Math.Abs((double)actual - expected);
                Assert.True(error <= absolute + relative * Math.Abs(expected),
                    $"{what}({x[i + k]:R}): expected {expected:R}, actual {actual:R}, error {error:E2}");
            }
        }
    }

    [Fact]
    public void Sigmoid_MatchesReference() =>
        CheckElementwise(GateMath.Sigmoid, GateMath.SigmoidReference, 1e-30, 4e-7, "sigmoid");

    [Fact]
    public void Tanh_MatchesReference_IncludingTinyArguments() =>
        CheckElementwise(GateMath.Tanh, GateMath.TanhReference, 1e-30, 4e-7, "tanh");

    [Fact]
    public void RationalTanh_MatchesReference()
    {
        foreach (float x in Sweep())
        {
            float expected = GateMath.TanhReference(x);
            float narrow = GateMath.RationalTanh(Vector256.Create(x)).ToScalar();
            Assert.True(Math.Abs(narrow - expected) <= 4e-7, $"tanh({x}): expected {expected}, Vector256 {narrow}");
            float sigmoid = GateMath.RationalSigmoid(Vector256.Create(x)).ToScalar();
            Assert.True(Math.Abs(sigmoid - GateMath.SigmoidReference(x)) <= 4e-7, $"sigmoid({x}): expected {GateMath.SigmoidReference(x)}, actual {sigmoid}");
            if (!Vector512.IsHardwareAccelerated) continue; // the 16-lane forms are only used with AVX-512
            float wide = GateMath.RationalTanh(Vector512.Create(x)).ToScalar();
            Assert.True(Math.Abs(wide - expected) <= 4e-7, $"tanh({x}): expected {expected}, Vector512 {wide}");
        }
    }

    [Fact]
    public void FastTanh_MatchesReference() =>
        CheckElementwise(GateMath.FastTanh, GateMath.FastTanhReference, 1e-30, 2.5e-7, "fast tanh");

    [Fact]
    public void FastSigmoid_MatchesReference() =>
        CheckElementwise(GateMath.FastSigmoid, GateMath.FastSigmoidReference, 1e-30, 2.5e-7, "fast sigmoid");

    [Fact]
    public void FlushTiny_ZeroesOnlyTinyValues() =>
        CheckElementwise(GateMath.FlushTiny, GateMath.FlushTinyReference, 0, 0, "flush");

    [Theory]
    [InlineData(8, 1)]
    [InlineData(24, 9)]
    [InlineData(32, 17)]
    [InlineData(64, 17)]
    [InlineData(96, 33)]
    [InlineData(72, 40)]
    public void GateMatVec_MatchesReference(int rows, int cols)
    {
        var random = new Random(rows * 100 + cols);
        float[] Fill(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var columns = Fill(rows * cols);
        var bias = Fill(rows);
        var input = Fill(cols);
        var expected = new float[rows];
        var actual = new float[rows];
        GateMatVec.Reference(columns, bias, input, expected);
        GateMatVec.Compute(columns, bias, input, actual);
        for (int r = 0; r < rows; r++)
            Assert.True(Math.Abs(expected[r] - actual[r]) <= 1e-5, $"row {r}: expected {expected[r]}, actual {actual[r]}");
    }

    [Theory]
    [InlineData(8, 1, 8, TanhMode.Exact)]
    [InlineData(24, 25, 8, TanhMode.Exact)]
    [InlineData(16, 17, 8, TanhMode.Fast)]
    [InlineData(16, 24, 16, TanhMode.Exact)]
    [InlineData(32, 33, 16, TanhMode.Exact)]
    [InlineData(16, 17, 16, TanhMode.Fast)]
    public void FusedLstmStep_MatchesReference(int hp, int cols, int block, TanhMode mode)
    {
        if (block == 16 && !Vector512.IsHardwareAccelerated) block = 8; // the layers never ask for 16 then
        var random = new Random(hp * 31 + cols);
        float[] Fill(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var columns = Fill(4 * hp * cols, 1.5);
        var bias = Fill(4 * hp, 1);
        var input = Fill(cols, 1);
        var cell = Fill(hp, 2);
        cell[3] = 1e-20f;
        int gRow = FusedLstmStep.RowOf(2, 3, block);
        bias[gRow] = 0;
        for (int j = 0; j < cols; j++) columns[j * 4 * hp + gRow] = 0; // g = 0 with a tiny old cell: flushes to 0
        var expectedCell = cell.ToArray();
        var expectedHidden = new float[hp];
        var actualHidden = new float[hp];
        FusedLstmStep.Reference(columns, bias, input, expectedCell, expectedHidden, block, mode);
        FusedLstmStep.Step(columns, bias, input, cell, actualHidden, block, mode);
        for (int k = 0; k < hp; k++)
        {
            Assert.True(Math.Abs(expectedCell[k] - cell[k]) <= 2e-6, $"c[{k}]: expected {expectedCell[k]}, actual {cell[k]}");
            Assert.True(Math.Abs(expectedHidden[k] - actualHidden[k]) <= 2e-6, $"h[{k}]: expected {expectedHidden[k]}, actual {actualHidden[k]}");
        }
        Assert.Equal(0f, cell[3]);
    }

    [Theory]
    [InlineData(8, TanhMode.Exact)]
    [InlineData(8, TanhMode.Fast)]
    [InlineData(16, TanhMode.Exact)]
    [InlineData(16, TanhMode.Fast)]
    public void RunMonoBlock_MatchesReferenceSteps(int hp, TanhMode mode)
    {
        if (!FusedLstmStep.SupportsMonoBlock(hp, hp)) return; // the layers fall back to Step then
        var random = new Random(hp * 7 + (int)mode);
        float[] Fill(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var columns = Fill(4 * hp * (1 + hp), 0.8);
        var bias = Fill(4 * hp, 1);
        var head = Fill(hp, 1);
        var samples = Fill(64, 1);
        var hidden = Fill(hp, 0.5);
        var cell = Fill(hp, 2);
        // Reference: one Step-layout frame at a time, then the head's dot product.
        var state = new float[1 + hp];
        hidden.CopyTo(state, 1);
        var expectedCell = cell.ToArray();
        var next = new float[hp];
        var expected = new float[samples.Length];
        for (int t = 0; t < samples.Length; t++)
        {
            state[0] = samples[t];
            FusedLstmStep.Reference(columns, bias, state, expectedCell, next, hp, mode);
            next.CopyTo(state, 1);
            expected[t] = PaddedDot.Reference(head, next) + 0.25f;
        }
        FusedLstmStep.RunMonoBlock(columns, bias, hidden, cell, head, 0.25f, samples, mode);
        for (int t = 0; t < samples.Length; t++)
            Assert.True(Math.Abs(expected[t] - samples[t]) <= 1e-5, $"y[{t}]: expected {expected[t]}, actual {samples[t]}");
        for (int k = 0; k < hp; k++)
        {
            Assert.True(Math.Abs(expectedCell[k] - cell[k]) <= 1e-5, $"c[{k}]: expected {expectedCell[k]}, actual {cell[k]}");
            Assert.True(Math.Abs(state[1 + k] - hidden[k]) <= 1e-5, $"h[{k}]: expected {state[1 + k]}, actual {hidden[k]}");
        }
    }

    [Theory]
    [InlineData(8, TanhMode.Exact)]
    [InlineData(32, TanhMode.Exact)]
    [InlineData(16, TanhMode.Fast)]
    public void GruCell_MatchesReference(int hp, TanhMode mode)
    {
        var random = new Random(hp + 7);
        var inputGates = Enumerable.Range(0, 3 * hp).Select(_ => (float)(random.NextDouble() * 12 - 6)).ToArray();
        var hiddenGates = Enumerable.Range(0, 3 * hp).Select(_ => (float)(random.NextDouble() * 12 - 6)).ToArray();
        var hidden = Enumerable.Range(0, hp).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var expected = hidden.ToArray();
        RecurrentCells.GruReference(inputGates, hiddenGates, expected, mode);
        RecurrentCells.Gru(inputGates, hiddenGates, hidden, mode);
        for (int k = 0; k < hp; k++)
            Assert.True(Math.Abs(expected[k] - hidden[k]) <= 1e-6, $"h[{k}]: expected {expected[k]}, actual {hidden[k]}");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(64)]
    public void PaddedDot_MatchesReference(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        Assert.Equal(PaddedDot.Reference(a, b), PaddedDot.Compute(a, b), 5e-6f);
    }
}
