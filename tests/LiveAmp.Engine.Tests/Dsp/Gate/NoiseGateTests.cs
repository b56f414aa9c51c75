using LiveAmp.Engine.Dsp.Gate;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Dsp.Gate;

public sealed class NoiseGateTests
{
    const int Rate = 48_000;

    static NoiseGate Prepared(double thresholdDb = -60, int maxBlock = 256)
    {
        var gate = new NoiseGate(thresholdDb, hysteresisDb: 6, attackMs: 1, holdMs: 50, releaseMs: 80);
        gate.Prepare(Rate, maxBlock);
        return gate;
    }

    static float[] SineAtRmsDb(int frames, double rmsDb) => Signals.Sine(frames, 441, Rate, Math.Sqrt(2) * Math.Pow(10, rmsDb / 20));

    [Fact]
    public void Process_NoiseBelowThreshold_IsSilenced()
    {
        var gate = Prepared(-60);
        var x = Signals.Noise(new Random(1), Rate, 0.0005f);   // ≈ −71 dBFS RMS
        var y = (float[])x.Clone();
        gate.Process(y);
        Assert.Equal(0.0, Signals.Rms(y), 12);
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public void Process_SignalAboveThreshold_PassesUnchangedAfterAttack()
    {
        var gate = Prepared(-60);
        var x = SineAtRmsDb(Rate / 2, -30);
        var y = (float[])x.Clone();
        gate.Process(y);
        Assert.True(gate.IsOpen);
        // Detector (5 ms) plus attack (1 ms) are over well within 20 ms.
        for (int i = Rate / 50; i < y.Length; i++) Assert.Equal(x[i], y[i]);
    }

    [Fact]
    public void Process_LevelBetweenCloseAndOpenThresholds_KeepsTheCurrentState()
    {
        var gate = Prepared(-60);   // opens above −60, closes below −66
        var loud = SineAtRmsDb(Rate / 4, -40);
        var between = SineAtRmsDb(Rate, -63);
        gate.Process(loud);
        gate.Process(between);
        Assert.True(gate.IsOpen, "a level inside the hysteresis band must not close an open gate");
        Assert.Equal(1.0, gate.CurrentGain);

        var closed = Prepared(-60);
        closed.Process(SineAtRmsDb(Rate, -63));
        Assert.False(closed.IsOpen, "a level inside the hysteresis band must not open a closed gate");
    }

    [Fact]
    public void Process_SignalStops_HoldsThenReleasesOverTheReleaseTime()
    {
        var gate = Prepared(-60);
        gate.Process(SineAtRmsDb(Rate / 4, -20));
        var silence = Enumerable.Repeat(1f, Rate / 4).ToArray();   // DC of 1 shows the gain; the detector sees…
        var quiet = new float[Rate / 4];                           // …silence on the input side.
        int frames = quiet.Length;
        var gains = new float[frames];
        for (int at = 0; at < frames; at += 96)
        {
            gate.Detect(quiet.AsSpan(at, 96));
            var applied = silence.AsSpan(at, 96);
            gate.Apply(applied);
            applied.CopyTo(gains.AsSpan(at));
        }
        // The detector needs ≈ 5 ms·ln(10^(6.0/10+4)) ≈ 55 ms to fall from −20 to −66 dB; then 50 ms hold, 80 ms release.
        int firstBelowOne = Array.FindIndex(gains, g => g < 1f);
        double fallStartMs = firstBelowOne * 1000.0 / Rate;
        Assert.True(fallStartMs is > 95 and < 115, $"gain started to fall after {fallStartMs:F1} ms");
        int firstZero = Array.FindIndex(gains, g => g == 0f);
        Assert.Equal(80.0, (firstZero - firstBelowOne) * 1000.0 / Rate, 0.5);
    }

    [Fact]
    public void DetectThenApply_GatesAnotherSignalWithTheInputsGains()
    {
        var gate = Prepared(-60);
        var input = SineAtRmsDb(256, -90);
        var modelOutput = Enumerable.Repeat(0.5f, 256).ToArray();
        gate.Detect(input);
        gate.Apply(modelOutput);
        Assert.All(modelOutput, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Process_RandomSplits_MatchesOneBlock()
    {
        var rng = new Random(4);
        var x = new float[3 * Rate];
        SineAtRmsDb(Rate / 2, -30).CopyTo(x, Rate / 3);
        Signals.Noise(rng, Rate / 3, 0.2f).CopyTo(x, 2 * Rate);
        var a = Signals.RunSplit(Prepared(-60, 4096), x, Enumerable.Repeat(4096, x.Length / 4096 + 1).Select((n, i) => Math.Min(n, x.Length - i * 4096)).Where(n => n > 0));
        var b = Signals.RunSplit(Prepared(-60, 4096), x, Signals.RandomSplits(rng, x.Length, 700));
        Assert.Equal(a, b);
    }

    [Fact]
    public void ThresholdDb_Lowered_OpensForTheSameSignal()
    {
        var gate = Prepared(-30);
        var x = SineAtRmsDb(Rate / 4, -40);
        gate.Process((float[])x.Clone());
        Assert.False(gate.IsOpen);
        gate.ThresholdDb = -50;
        gate.Process((float[])x.Clone());
        Assert.True(gate.IsOpen);
    }

    [Fact]
    public void Process_AfterPrepare_AllocatesNothing()
    {
        var gate = Prepared(-60);
        var block = SineAtRmsDb(256, -40);
        long allocated = Signals.AllocatedBytes(() => { gate.Detect(block); gate.Apply(block); gate.Process(block); });
        Assert.True(allocated == 0, $"allocated {allocated} B");
    }
}
