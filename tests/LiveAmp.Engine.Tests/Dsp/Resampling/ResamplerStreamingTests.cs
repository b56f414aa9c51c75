using System.Runtime.CompilerServices;
using LiveAmp.Engine.Dsp.Resampling;
using static LiveAmp.Engine.Tests.Dsp.Resampling.ResamplerSignals;

namespace LiveAmp.Engine.Tests.Dsp.Resampling;

public sealed class ResamplerStreamingTests
{
    public static TheoryData<int, int> RatePairs => new()
    {
        { 44100, 48000 }, { 48000, 44100 }, { 96000, 44100 }, { 44100, 192000 }, { 48000, 44101 }, { 48000, 48000 },
    };

    static float[] Noise(int frames, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, frames).Select(_ => rng.NextSingle() * 2 - 1)];
    }

    [Theory, MemberData(nameof(RatePairs))]
    public void Process_RandomBlockSplits_MatchOneBlockBitForBit(int inputRate, int outputRate)
    {
        var input = Noise(20_000, inputRate + outputRate);
        var whole = new Resampler();
        whole.Prepare(inputRate, outputRate, maxInputFrames: input.Length);
        var expected = new float[whole.MaxOutputFrames(input.Length)];
        int expectedCount = whole.Process(input, expected);

        // Blocks up to 300 frames against a 128-frame maximum: long blocks are split inside Process.
        var split = new Resampler();
        split.Prepare(inputRate, outputRate, maxInputFrames: 128);
        var actual = new float[expected.Length];
        var rng = new Random(42);
        int produced = 0;
        for (int at = 0; at < input.Length;)
        {
            int frames = Math.Min(rng.Next(0, 301), input.Length - at);
            int count = split.Process(input.AsSpan(at, frames), actual.AsSpan(produced));
            Assert.True(count <= split.MaxOutputFrames(frames), $"{count} frames from {frames} exceeds the bound");
            produced += count;
            at += frames;
        }

        Assert.Equal(expectedCount, produced);
        Assert.Equal(expected.AsSpan(0, expectedCount).ToArray(), actual.AsSpan(0, produced).ToArray());
    }

    [Theory, MemberData(nameof(RatePairs))]
    public void Process_TotalOutput_IsCeilingOfInputTimesRatio(int inputRate, int outputRate)
    {
        var resampler = new Resampler();
        resampler.Prepare(inputRate, outputRate, maxInputFrames: 64);
        var output = new float[resampler.MaxOutputFrames(64)];
        long total = 0;
        for (int block = 1; block <= 1000; block++)
        {
            int predicted = resampler.OutputFramesFor(64);
            int produced = resampler.Process(new float[64], output);
            Assert.Equal(predicted, produced);
            total += produced;
            // Output j is produced once input frame floor(j·in/out) has arrived.
            long expected = (long)Math.Ceiling(block * 64L * (double)outputRate / inputRate - 1e-9);
            Assert.Equal(expected, total);
        }
    }

    [Fact]
    public void Reset_ThenSameInput_RepeatsExactly()
    {
        var resampler = new Resampler();
        resampler.Prepare(44100, 48000, 256);
        var input = Noise(256, 3);
        var first = new float[resampler.MaxOutputFrames(256)];
        var second = new float[first.Length];
        for (int i = 0; i < 5; i++) resampler.Process(input, first);
        resampler.Reset();
        resampler.Process(input, first);
        int a = resampler.Process(input, first);
        resampler.Reset();
        resampler.Process(input, second);
        int b = resampler.Process(input, second);
        Assert.Equal(a, b);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Process_EqualRates_PassesThroughWithoutLatency()
    {
        var resampler = new Resampler();
        resampler.Prepare(48000, 48000, 64);
        var input = Noise(100, 5);
        var output = new float[100];

        Assert.Equal(100, resampler.Process(input, output));
        Assert.Equal(input, output);
        Assert.Equal(0, resampler.LatencyInputFrames);
        Assert.Equal(0, resampler.LatencySeconds);
        Assert.Equal(input, Resampler.ResampleAll(input, 48000, 48000));
    }

    [Fact]
    public void ResampleAll_Length_IsRoundedInputTimesRatio()
    {
        Assert.Equal(48000, Resampler.ResampleAll(new float[44100], 44100, 48000).Length);
        Assert.Equal(1088, Resampler.ResampleAll(new float[1000], 44100, 48000).Length);   // 1088.44
        Assert.Equal(1090, Resampler.ResampleAll(new float[1001], 44100, 48000).Length);   // 1089.52
        Assert.Equal(919, Resampler.ResampleAll(new float[1000], 48000, 44100).Length);    // 918.75
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(48000, 44100)]
    [InlineData(96000, 44100)]
    [InlineData(48000, 44101)]
    public void ResampleAll_Impulse_PeaksAtTheAlignedTime(int inputRate, int outputRate)
    {
        // An impulse at input frame 1000 is the band-limited pulse centred on time 1000 / inputRate.
        var input = new float[2000];
        input[1000] = 1;
        var output = Resampler.ResampleAll(input, inputRate, outputRate);
        double center = 1000.0 * outputRate / inputRate;
        int peak = Array.IndexOf(output, output.Max());
        Assert.True(Math.Abs(peak - center) <= 0.5, $"peak at {peak}, expected at {center:F2}");
    }

    [Fact]
    public void Process_AfterPrepare_AllocatesNothing()
    {
        foreach (var (inputRate, outputRate) in new[] { (44100, 48000), (48000, 44101), (96000, 44100) })
        {
            var resampler = new Resampler();
            resampler.Prepare(inputRate, outputRate, maxInputFrames: 64);
            var input = Sample(Sine(440), 200, inputRate);
            var output = new float[resampler.MaxOutputFrames(200)];
            long allocated = Allocations.Measure(() => RunBlocks(resampler, input, output, 1000));

            Assert.True(allocated == 0, $"{inputRate}→{outputRate}: Process allocated {allocated} B in 1000 blocks");
        }
    }

    static void RunBlocks(Resampler resampler, float[] input, float[] output, int blocks)
    {
        for (int i = 0; i < blocks; i++)
        {
            resampler.Process(input.AsSpan(0, 64), output);
            resampler.Process(input, output);   // longer than the prepared maximum: split inside
            resampler.OutputFramesFor(64);
        }
        resampler.Reset();
    }

    [Fact]
    public void Process_OutputTooShort_ThrowsBeforeChangingState()
    {
        var resampler = new Resampler();
        resampler.Prepare(44100, 48000, 64);
        var input = Noise(64, 1);
        int needed = resampler.OutputFramesFor(64);
        var e = Assert.Throws<ArgumentException>(() => resampler.Process(input, new float[needed - 1]));
        Assert.Contains($"output holds {needed - 1} frames but {needed} will be produced", e.Message);
        Assert.Equal(needed, resampler.OutputFramesFor(64));
    }

    [Theory]
    [InlineData(0, 48000)]
    [InlineData(-1, 48000)]
    [InlineData(double.NaN, 48000)]
    [InlineData(44100, double.PositiveInfinity)]
    [InlineData(44100, 2e6)]
    [InlineData(0.5, 1)]
    public void Prepare_BadRate_Throws(double inputRate, double outputRate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler().Prepare(inputRate, outputRate, 64));
        Assert.Contains("a sample rate must be from 1 to 1,000,000 Hz", e.Message);
    }

    [Theory]
    [InlineData(1000, 256_001)]
    [InlineData(768_000, 2000)]
    public void Prepare_RatioAbove256_Throws(double inputRate, double outputRate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler().Prepare(inputRate, outputRate, 64));
        Assert.Contains("exceeds the supported ratio of 256", e.Message);
    }

    [Fact]
    public void ResampleAll_Empty_IsEmpty() => Assert.Empty(Resampler.ResampleAll([], 44100, 48000));

    [Fact]
    public void Process_BeforePrepare_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new Resampler().Process([], []));
}
