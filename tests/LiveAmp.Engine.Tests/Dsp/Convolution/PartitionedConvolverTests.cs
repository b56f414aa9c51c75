using LiveAmp.Engine.Dsp.Convolution;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Convolution;

public sealed class PartitionedConvolverTests
{
    internal static double[] Direct(float[] x, float[] h)
    {
        var y = new double[x.Length];
        for (int n = 0; n < x.Length; n++)
        {
            double s = 0;
            int kMax = Math.Min(n, h.Length - 1);
            for (int k = 0; k <= kMax; k++) s += (double)h[k] * x[n - k];
            y[n] = s;
        }
        return y;
    }

    internal static void AssertMatches(double[] expected, float[] actual, string what)
    {
        double err = 0, sig = 0, peak = 0, worst = 0;
        int worstAt = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = actual[i] - expected[i];
            err += e * e; sig += expected[i] * expected[i];
            peak = Math.Max(peak, Math.Abs(expected[i]));
            if (Math.Abs(e) > worst) { worst = Math.Abs(e); worstAt = i; }
        }
        double esr = err / sig;
        Assert.True(esr <= 1e-10 && worst <= 1e-6 * peak,
            $"{what}: ESR {esr:E2}, worst |error| {worst:E2} at {worstAt} (expected {expected[worstAt]}, got {actual[worstAt]}), peak {peak:F3}");
    }

    public static TheoryData<int, int, int> Cases => new()
    {
        // IR length, partition, max block
        { 1, 64, 16 }, { 63, 64, 100 }, { 64, 64, 64 }, { 65, 64, 4096 }, { 1000, 16, 37 },
        { 8192, 64, 64 }, { 8192, 128, 300 }, { 20_000, 1024, 4096 }, { 5000, 256, 16 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Process_RandomIrRandomSplits_MatchesDirectConvolution(int irLength, int partition, int maxBlock)
    {
        var rng = new Random(irLength * 31 + partition + maxBlock);
        var h = Signals.Noise(rng, irLength);
        var x = Signals.Noise(rng, irLength + 3000);
        var conv = new PartitionedConvolver(h, partition);
        conv.Prepare(48_000, maxBlock);

        var actual = Signals.RunSplit(conv, x, Signals.RandomSplits(rng, x.Length, maxBlock));

        AssertMatches(Direct(x, h), actual, $"IR {irLength}, P {partition}, blocks ≤ {maxBlock}");
    }

    [Fact]
    public void Process_DefaultPartitionAndTenSecondIr_MatchesDirectConvolutionAtTheStart()
    {
        // A full-length (10 s at 48 kHz) IR: only the first frames are checked against direct convolution.
        var rng = new Random(5);
        var h = Signals.Noise(rng, 480_000, 0.01f);
        var x = Signals.Noise(rng, 6000);
        var conv = new PartitionedConvolver(h);
        conv.Prepare(48_000, 64);
        Assert.Equal(64, conv.PartitionFrames);
        var actual = Signals.RunSplit(conv, x, Signals.RandomSplits(rng, x.Length, 64));
        AssertMatches(Direct(x, h), actual, "10 s IR");
    }

    [Fact]
    public void Process_Impulse_ReturnsIrWithZeroLatency()
    {
        float[] h = [0.5f, -0.25f, 0.125f, 1f];
        var conv = new PartitionedConvolver(h, 16);
        conv.Prepare(48_000, 16);
        Assert.Equal(0, conv.LatencyFrames);
        float[] first = [1f];
        conv.Process(first);
        Assert.Equal(0.5f, first[0], 6);
        float[] rest = new float[5];
        conv.Process(rest);
        Assert.Equal([-0.25f, 0.125f, 1f, 0f, 0f], rest.Select(v => MathF.Round(v, 6)).ToArray());
    }

    [Fact]
    public void Reset_ThenSameInput_RepeatsOutputExactly()
    {
        var rng = new Random(3);
        var h = Signals.Noise(rng, 700);
        var x = Signals.Noise(rng, 2000);
        var conv = new PartitionedConvolver(h, 64);
        conv.Prepare(48_000, 64);
        var splits = Signals.RandomSplits(rng, x.Length, 64);
        var a = Signals.RunSplit(conv, x, splits);
        conv.Reset();
        var b = Signals.RunSplit(conv, x, splits);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(64, 8192)]
    [InlineData(37, 96_000)]
    [InlineData(4096, 2000)]
    public void Process_AfterPrepare_AllocatesNothing(int blockFrames, int irLength)
    {
        var conv = new PartitionedConvolver(Signals.Noise(new Random(1), irLength));
        conv.Prepare(48_000, blockFrames);
        var block = Signals.Sine(blockFrames, 440, 48_000, 0.1);
        int calls = Math.Max(20, 64_000 / blockFrames);
        long allocated = Signals.AllocatedBytes(() => conv.Process(block), calls);   // Measure warms up with the same number of calls
        Assert.True(allocated == 0, $"Process allocated {allocated} B");
    }

    [Fact]
    public void Constructor_EmptyIr_Throws() => Assert.Throws<ArgumentException>(() => new PartitionedConvolver([]));
}
