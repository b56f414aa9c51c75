using LiveAmp.Engine.Dsp;

namespace LiveAmp.Host.Audio.Engine;

/// <summary>A fixed gain: the processor `liveamp play` runs until presets and the signal chain are wired in, and
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
