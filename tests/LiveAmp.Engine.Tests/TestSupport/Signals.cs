using LiveAmp.Engine.Dsp;

namespace LiveAmp.Engine.Tests.TestSupport;

/// <summary>Test signals and measurements shared by the DSP tests.</summary>
public static class Signals
{
    public static float[] Noise(Random rng, int frameCount, float amplitude = 1f)
    {
        var x = new float[frameCount];
        for (int i = 0; i < frameCount; i++) x[i] = (rng.NextSingle() * 2f - 1f) * amplitude;
        return x;
    }

    public static float[] Sine(int frameCount, double hz, int sampleRate, double amplitude = 1.0)
    {
        var x = new float[frameCount];
        for (int i = 0; i < frameCount; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / sampleRate));
        return x;
    }

    /// <summary>Random block lengths in [1, maxBlock] covering <paramref name="total"/> frames.</summary>
    public static List<int> RandomSplits(Random rng, int total, int maxBlock)
    {
        var sizes = new List<int>();
        for (int done = 0; done < total;)
        {
            int n = Math.Min(total - done, rng.Next(1, maxBlock + 1));
            sizes.Add(n);
            done += n;
        }
        return sizes;
    }

    /// <summary>Runs <paramref name="input"/> through <paramref name="process"/> cut into the given block sizes.</summary>
    public static float[] RunSplit(Action<float[], int, int> process, float[] input, IEnumerable<int> sizes)
    {
        var output = (float[])input.Clone();
        int at = 0;
        foreach (int n in sizes) { process(output, at, n); at += n; }
        return output;
    }

    public static float[] RunSplit(IProcessor processor, float[] input, IEnumerable<int> sizes) =>
        RunSplit((buffer, at, n) => processor.Process(buffer.AsSpan(at, n)), input, sizes);

    /// <summary>Amplitude of the component at <paramref name="hz"/> (single-bin DFT over whole periods).</summary>
    public static double Amplitude(ReadOnlySpan<float> x, double hz, int sampleRate)
    {
        double re = 0, im = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double phase = 2 * Math.PI * hz * i / sampleRate;
            re += x[i] * Math.Cos(phase);
            im -= x[i] * Math.Sin(phase);
        }
        return 2 * Math.Sqrt(re * re + im * im) / x.Length;
    }

    public static double Db(double linear) => 20 * Math.Log10(linear);

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x) s += (double)v * v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/> run <paramref name="times"/> times,
    /// after a warm-up run of the same work (see <see cref="Allocations.Measure"/>).</summary>
    public static long AllocatedBytes(Action action, int times = 1000) =>
        Allocations.Measure(() => { for (int i = 0; i < times; i++) action(); });
}
