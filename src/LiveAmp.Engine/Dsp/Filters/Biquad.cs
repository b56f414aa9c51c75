namespace LiveAmp.Engine.Dsp.Filters;

/// <summary>A biquad section in transposed direct form II with double coefficients and state, float samples.
/// Coefficients may change between calls (the tone stack glides them); the state carries over.
/// Allocation-free.</summary>
public struct Biquad
{
    double _s1, _s2;

    public BiquadCoefficients Coefficients { get; set; }

    public Biquad(BiquadCoefficients coefficients) => Coefficients = coefficients;

    public void Reset() { _s1 = 0; _s2 = 0; }

    /// <summary>Filters <paramref name="block"/> in place.</summary>
    public void Process(Span<float> block)
    {
        var c = Coefficients;
        double s1 = _s1, s2 = _s2;
        for (int i = 0; i < block.Length; i++)
        {
            double x = block[i];
            double y = c.B0 * x + s1;
            s1 = c.B1 * x - c.A1 * y + s2;
            s2 = c.B2 * x - c.A2 * y;
            block[i] = (float)y;
        }
        // Denormal guard: state this small is inaudible and would slow the next blocks down.
        if (Math.Abs(s1) < 1e-15) s1 = 0;
        if (Math.Abs(s2) < 1e-15) s2 = 0;
        _s1 = s1;
        _s2 = s2;
    }

    /// <summary>One sample (for per-sample paths like the saturator's inter-stage filters).</summary>
    public float Next(float input)
    {
        var c = Coefficients;
        double x = input;
        double y = c.B0 * x + _s1;
        _s1 = c.B1 * x - c.A1 * y + _s2;
        _s2 = c.B2 * x - c.A2 * y;
        return (float)y;
    }
}
