namespace LiveAmp.Engine.Dsp.Filters;

/// <summary>A fixed biquad as a chain block (e.g. a high-pass before the amp). Coefficients are designed by
/// <paramref name="design"/> for the prepared rate.</summary>
public sealed class BiquadFilter(Func<double, BiquadCoefficients> design) : IProcessor
{
    Biquad _biquad;

    public int LatencyFrames => 0;

    public void Prepare(int sampleRate, int maxBlockFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        _biquad = new Biquad(design(sampleRate));
    }

    public void Process(Span<float> block) => _biquad.Process(block);

    public void Reset() => _biquad.Reset();
}
