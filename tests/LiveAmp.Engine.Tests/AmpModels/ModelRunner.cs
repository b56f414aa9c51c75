using LiveAmp.Engine.AmpModels;

namespace LiveAmp.Engine.Tests.AmpModels;

/// <summary>Runs models over whole signals in chosen block patterns and compares with reference output.</summary>
public static class ModelRunner
{
    public static float[] Render(IAmpModel model, ReadOnlySpan<float> input, int blockSize)
    {
        model.Prepare(48_000, blockSize);
        var output = input.ToArray();
        for (int start = 0; start < output.Length; start += blockSize)
            model.Process(output.AsSpan(start, Math.Min(blockSize, output.Length - start)));
        return output;
    }

    /// <summary>Blocks of random length 1..<paramref name="maxBlock"/> (fixed seed).</summary>
    public static float[] RenderRandomSplits(IAmpModel model, ReadOnlySpan<float> input, int maxBlock, int seed)
    {
        model.Prepare(48_000, maxBlock);
        var random = new Random(seed);
        var output = input.ToArray();
        for (int start = 0; start < output.Length;)
        {
            int n = Math.Min(random.Next(1, maxBlock + 1), output.Length - start);
            model.Process(output.AsSpan(start, n));
            start += n;
        }
        return output;
    }

    /// <summary>Asserts |y − ref| ≤ tol·max(1, max|ref|) everywhere; the message names the first bad index.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        double peak = 1;
        foreach (float v in expected) peak = Math.Max(peak, Math.Abs(v));
        double bound = tolerance * peak, maxError = 0;
        int firstBad = -1, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= bound) && firstBad < 0) firstBad = i;
            if (!(error <= maxError)) { maxError = error; worst = i; }
        }
        if (firstBad >= 0)
            Assert.Fail($"{what}: first bad sample {firstBad}: expected {expected[firstBad]:R}, actual {actual[firstBad]:R}; " +
                        $"max error {maxError:E3} at {worst} (bound {bound:E3})");
    }
}
