using LiveAmp.Engine.Dsp.Resampling;
using Xunit.Abstractions;
using static LiveAmp.Engine.Tests.Dsp.Resampling.ResamplerSignals;

namespace LiveAmp.Engine.Tests.Dsp.Resampling;

public sealed class ResamplerQualityTests(ITestOutputHelper output)
{
    // Every conversion between the common rates both ways, and two ratios whose reduced denominators are too large
    // for a full phase table, so that the interpolated-phase path is held to the same limits.
    public static TheoryData<int, int> RatePairs => new()
    {
        { 44100, 48000 }, { 48000, 44100 }, { 44100, 88200 }, { 88200, 44100 }, { 48000, 96000 }, { 96000, 48000 },
        { 44100, 192000 }, { 192000, 44100 }, { 48000, 192000 }, { 192000, 48000 }, { 88200, 96000 }, { 96000, 88200 },
        { 44100, 47999 }, { 48000, 44101 },
    };

    static readonly double[] PassbandHz = [20, 100, 1000, 5000, 10000, 15000, 19000, 20000];

    [Theory, MemberData(nameof(RatePairs))]
    public void ResampleAll_PassbandSines_FlatAndClean(int inputRate, int outputRate)
    {
        const double seconds = 0.1;
        double worstGainDb = 0, worstErrorDb = double.NegativeInfinity;
        foreach (double hz in PassbandHz)
        {
            var signal = Sine(hz);
            var input = Sample(signal, (int)(seconds * inputRate), inputRate);
            var actual = Resampler.ResampleAll(input, inputRate, outputRate);
            var ideal = Sample(signal, actual.Length, outputRate);
            int margin = actual.Length / 5;   // the ends see the zeros beyond the signal

            double gainDb = GainDb(actual, ideal, margin, actual.Length - margin);
            double errorDb = ErrorDb(actual, ideal, margin, actual.Length - margin);
            if (Math.Abs(gainDb) > Math.Abs(worstGainDb)) worstGainDb = gainDb;
            worstErrorDb = Math.Max(worstErrorDb, errorDb);
            Assert.True(Math.Abs(gainDb) <= 0.05, $"{inputRate}→{outputRate}, {hz} Hz: gain {gainDb:E2} dB, expected within ±0.05 dB");
            // The error holds everything that is not the ideal sine: passband error, images, aliases, rounding.
            Assert.True(errorDb <= -100, $"{inputRate}→{outputRate}, {hz} Hz: error {errorDb:F1} dB, expected ≤ −100 dB");
        }
        output.WriteLine($"{inputRate}→{outputRate}: worst gain {worstGainDb:E2} dB, worst error {worstErrorDb:F1} dB");
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(48000, 44100)]
    [InlineData(96000, 48000)]
    public void ResampleAll_At95PercentOfNyquist_IsDown3Db(int inputRate, int outputRate)
    {
        double hz = 0.95 * Math.Min(inputRate, outputRate) / 2;
        var input = Sample(Sine(hz), inputRate / 10, inputRate);
        var actual = Resampler.ResampleAll(input, inputRate, outputRate);
        var ideal = Sample(Sine(hz), actual.Length, outputRate);
        int margin = actual.Length / 5;

        double gainDb = GainDb(actual, ideal, margin, actual.Length - margin);

        output.WriteLine($"{inputRate}→{outputRate}, {hz} Hz: {gainDb:F3} dB");
        Assert.True(Math.Abs(gainDb + 3) < 0.05, $"{hz} Hz: {gainDb:F3} dB, expected −3 dB (sox's -v bandwidth)");
    }

    [Fact]
    public void Prepare_LowerAttenuation_ShortensLatencyAndKeepsAliases100DbDown()
    {
        var full = new Resampler();
        full.Prepare(48000, 44100, 64);
        var fast = new Resampler();
        fast.Prepare(48000, 44100, 64, stopbandAttenuationDb: 120);
        output.WriteLine($"latency {full.LatencySeconds * 1e3:F2} ms at 175 dB, {fast.LatencySeconds * 1e3:F2} ms at 120 dB");
        Assert.True(fast.LatencyInputFrames < 0.75 * full.LatencyInputFrames,
                    $"{fast.LatencyInputFrames} frames at 120 dB vs {full.LatencyInputFrames} at 175 dB");

        // Stream a sine above the output Nyquist frequency and a passband sine through the short filter.
        foreach (var (hz, limitDb) in new[] { (22100.0, -100.0), (1000.0, double.NaN) })
        {
            fast.Reset();
            var input = Sample(Sine(hz), 4800, 48000);
            var streamed = new float[fast.MaxOutputFrames(input.Length)];
            int produced = fast.Process(input, streamed);
            int settled = 2 * fast.TapCount;
            if (double.IsNaN(limitDb))
            {
                var ideal = Sample(Sine(hz), produced, 44100, fast.LatencySeconds);
                Assert.True(ErrorDb(streamed, ideal, settled, produced) <= -100);
            }
            else
            {
                double aliasDb = RmsDb(streamed, settled, produced) - RmsDb(input, 0, input.Length);
                Assert.True(aliasDb <= limitDb, $"{hz} Hz at 120 dB design: alias {aliasDb:F1} dB");
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => fast.Prepare(48000, 44100, 64, stopbandAttenuationDb: 90));
    }

    public static TheoryData<int, int, double> StopbandSines => new()
    {
        { 48000, 44100, 22100 }, { 48000, 44100, 23000 }, { 48000, 44100, 23990 },
        { 96000, 48000, 24050 }, { 96000, 48000, 30000 }, { 96000, 48000, 47900 },
        { 88200, 44100, 22100 }, { 88200, 44100, 40000 },
        { 192000, 44100, 22100 }, { 192000, 44100, 60000 }, { 192000, 44100, 95000 },
        { 48000, 44101, 22100 },
    };

    [Theory, MemberData(nameof(StopbandSines))]
    public void ResampleAll_SineAboveOutputNyquist_AliasIsAtLeast100DbDown(int inputRate, int outputRate, double hz)
    {
        var input = Sample(Sine(hz), inputRate / 10, inputRate);
        var actual = Resampler.ResampleAll(input, inputRate, outputRate);
        int margin = actual.Length / 5;

        double aliasDb = RmsDb(actual, margin, actual.Length - margin) - RmsDb(input, 0, input.Length);

        output.WriteLine($"{inputRate}→{outputRate}, {hz} Hz: alias {aliasDb:F1} dB");
        Assert.True(aliasDb <= -100, $"{inputRate}→{outputRate}, {hz} Hz: alias at {aliasDb:F1} dB, expected ≤ −100 dB");
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(48000, 44100)]
    [InlineData(44100, 96000)]
    [InlineData(96000, 44100)]
    public void ResampleAll_Sweep_MatchesTheSweepSampledAtTheOutputRate(int inputRate, int outputRate)
    {
        var sweep = Sweep(20, 19500, seconds: 0.5, fadeSeconds: 0.005);
        var input = Sample(sweep, (int)(0.55 * inputRate), inputRate);

        var actual = Resampler.ResampleAll(input, inputRate, outputRate);

        var ideal = Sample(sweep, actual.Length, outputRate);
        double errorDb = ErrorDb(actual, ideal, 0, actual.Length);
        output.WriteLine($"{inputRate}→{outputRate} sweep: error {errorDb:F1} dB");
        Assert.True(errorDb <= -100, $"sweep error {errorDb:F1} dB, expected ≤ −100 dB");
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(48000, 96000)]
    public void ResampleAll_RoundTrip_ReturnsTheSweep(int rate, int otherRate)
    {
        var input = Sample(Sweep(20, 19500, 0.5, 0.005), (int)(0.55 * rate), rate);

        var back = Resampler.ResampleAll(Resampler.ResampleAll(input, rate, otherRate), otherRate, rate);

        Assert.Equal(input.Length, back.Length);
        double errorDb = ErrorDb(back, input, 0, input.Length);
        output.WriteLine($"{rate}→{otherRate}→{rate}: error {errorDb:F1} dB");
        Assert.True(errorDb <= -100, $"round trip error {errorDb:F1} dB, expected ≤ −100 dB");
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(96000, 44100)]
    [InlineData(48000, 44101)]
    public void Process_Streaming_DelaysByExactlyTheReportedLatency(int inputRate, int outputRate)
    {
        var resampler = new Resampler();
        resampler.Prepare(inputRate, outputRate, maxInputFrames: 64);
        var signal = Sine(997);
        var input = Sample(signal, inputRate / 5, inputRate);
        var streamed = new float[resampler.MaxOutputFrames(input.Length)];
        int produced = 0;
        for (int at = 0; at < input.Length; at += 64)
            produced += resampler.Process(input.AsSpan(at, Math.Min(64, input.Length - at)), streamed.AsSpan(produced));

        var ideal = Sample(signal, produced, outputRate, resampler.LatencySeconds);
        int settled = (int)Math.Ceiling(2 * resampler.LatencyOutputFrames);

        double errorDb = ErrorDb(streamed, ideal, settled, produced);
        Assert.True(errorDb <= -100, $"streamed output vs input delayed by {resampler.LatencySeconds} s: {errorDb:F1} dB");
        Assert.Equal(resampler.TapCount / 2, resampler.LatencyInputFrames);
        Assert.Equal(resampler.LatencyInputFrames / (double)inputRate, resampler.LatencySeconds, 15);
        Assert.Equal(resampler.LatencyInputFrames * (double)outputRate / inputRate, resampler.LatencyOutputFrames, 12);
    }

    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(48000, 44101)]
    public void ResampleAll_Constant_StaysConstant(int inputRate, int outputRate)
    {
        var input = Enumerable.Repeat(0.75f, inputRate / 10).ToArray();
        var actual = Resampler.ResampleAll(input, inputRate, outputRate);
        int margin = actual.Length / 5;
        for (int i = margin; i < actual.Length - margin; i++)
            Assert.True(Math.Abs(actual[i] - 0.75f) < 1e-6f, $"frame {i}: {actual[i]}");
    }
}
