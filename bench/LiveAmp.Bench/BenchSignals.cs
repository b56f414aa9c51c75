namespace LiveAmp.Bench;

/// <summary>Inputs for benchmarks: a real DI guitar recording when the shared captures are there.</summary>
public static class BenchSignals
{
    /// <summary>One second of clean DI guitar (../shared/golden/guitar/input.wav, float32), from its loud part.</summary>
    public static float[] Guitar(int frames)
    {
        var (samples, _) = LiveAmp.Tests.TestWav.ReadMono(LiveAmp.Tests.SharedData.File("golden", "guitar", "input.wav"));
        return samples.AsSpan(0, Math.Min(frames, samples.Length)).ToArray();
    }
}
