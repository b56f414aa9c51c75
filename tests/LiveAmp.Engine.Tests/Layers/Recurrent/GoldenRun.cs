using LiveAmp.Engine.AmpModels;

namespace LiveAmp.Engine.Tests.Layers.Recurrent;

/// <summary>Renders a model the way the golden renderers do (Prepare at 48 kHz, then blocks) and compares with
/// a reference per sample: |y − y_ref| ≤ tol·max(1, max|y_ref|).</summary>
public static class GoldenRun
{
    /// <summary>Block plans: fixed sizes, and "random" splits (seeded) of pieces 1..300 under a 512 maximum.</summary>
    public static readonly int[] BlockSizes = [1, 17, 64, 512, -1];

    public static float[] Render(IAmpModel model, float[] input, int blockSize, int length = -1)
    {
        if (length < 0) length = input.Length;
        var output = input.AsSpan(0, length).ToArray();
        if (blockSize > 0)
        {
            model.Prepare(48000, blockSize);
            for (int start = 0; start < length; start += blockSize)
                model.Process(output.AsSpan(start, Math.Min(blockSize, length - start)));
        }
        else
        {
            model.Prepare(48000, 512);
            var random = new Random(1234);
            for (int start = 0; start < length;)
            {
                int n = Math.Min(random.Next(1, 301), length - start);
                model.Process(output.AsSpan(start, n));
                start += n;
            }
        }
        return output;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.True(expected.Length <= actual.Length, $"{what}: {actual.Length} samples rendered, {expected.Length} expected");
        double peak = 0;
        foreach (float v in expected) peak = Math.Max(peak, Math.Abs(v));
        double limit = tolerance * Math.Max(1, peak), maxError = 0;
        int firstBad = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= limit) && firstBad < 0) firstBad = i;
            if (!(error <= maxError)) maxError = double.IsNaN(error) ? double.PositiveInfinity : error;
        }
        if (firstBad >= 0)
            Assert.Fail($"{what}: first bad sample {firstBad}: expected {expected[firstBad]:R}, actual {actual[firstBad]:R}; " +
                        $"max error {maxError:E3} > limit {limit:E3}");
    }

    public static float[] ReadWav(params string[] parts) => TestWav.ReadMono(SharedData.File(parts)).Samples;
}
