using LiveAmp.Engine.Dsp;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>A fixed gain: the simplest processor for stream tests, and
/// the reference for end-to-end tests (output = input × gain exactly).</summary>
public sealed class GainProcessor(float gain) : IProcessor
{
    public float Gain { get; } = gain;

    public void Prepare(int sampleRate, int maxBlockFrames) { }

    public void Process(Span<float> block)
    {
        for (int i = 0; i < block.Length; i++) block[i] *= Gain;
    }

    public void Reset() { }

    public int LatencyFrames => 0;
}
