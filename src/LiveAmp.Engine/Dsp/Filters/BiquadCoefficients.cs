namespace LiveAmp.Engine.Dsp.Filters;

/// <summary>Normalised biquad coefficients (a0 = 1) in double: <c>y = b0·x + b1·x₋₁ + b2·x₋₂ − a1·y₋₁ − a2·y₋₂</c>.
/// Designs follow Robert Bristow-Johnson's "Cookbook formulae for audio EQ biquad filter coefficients".
/// Pure functions: no allocation, any thread.</summary>
public readonly record struct BiquadCoefficients(double B0, double B1, double B2, double A1, double A2)
{
    public static BiquadCoefficients Identity => new(1, 0, 0, 0, 0);

    public static BiquadCoefficients LowPass(double cutoffHz, double q, double sampleRate)
    {
        var (cos, alpha) = Prewarp(cutoffHz, q, sampleRate);
        double b1 = 1 - cos;
        return Normalise(b1 / 2, b1, b1 / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    public static BiquadCoefficients HighPass(double cutoffHz, double q, double sampleRate)
    {
        var (cos, alpha) = Prewarp(cutoffHz, q, sampleRate);
        double b1 = 1 + cos;
        return Normalise(b1 / 2, -b1, b1 / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>Bell: <paramref name="gainDb"/> at <paramref name="centreHz"/>, 0 dB far from it.</summary>
    public static BiquadCoefficients Peaking(double centreHz, double q, double gainDb, double sampleRate)
    {
        var (cos, alpha) = Prewarp(centreHz, q, sampleRate);
        double a = Math.Pow(10, gainDb / 40);
        return Normalise(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
    }

    /// <summary>Low shelf with slope S = 1: <paramref name="gainDb"/> at DC, half of it (in dB) at
    /// <paramref name="cornerHz"/>.</summary>
    public static BiquadCoefficients LowShelf(double cornerHz, double gainDb, double sampleRate)
    {
        double a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = ShelfPrewarp(cornerHz, sampleRate);
        double s = 2 * Math.Sqrt(a) * alpha;
        return Normalise(a * ((a + 1) - (a - 1) * cos + s), 2 * a * ((a - 1) - (a + 1) * cos), a * ((a + 1) - (a - 1) * cos - s),
                         (a + 1) + (a - 1) * cos + s, -2 * ((a - 1) + (a + 1) * cos), (a + 1) + (a - 1) * cos - s);
    }

    /// <summary>High shelf with slope S = 1: <paramref name="gainDb"/> at Nyquist, half of it at the corner.</summary>
    public static BiquadCoefficients HighShelf(double cornerHz, double gainDb, double sampleRate)
    {
        double a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = ShelfPrewarp(cornerHz, sampleRate);
        double s = 2 * Math.Sqrt(a) * alpha;
        return Normalise(a * ((a + 1) + (a - 1) * cos + s), -2 * a * ((a - 1) + (a + 1) * cos), a * ((a + 1) + (a - 1) * cos - s),
                         (a + 1) - (a - 1) * cos + s, 2 * ((a - 1) - (a + 1) * cos), (a + 1) - (a - 1) * cos - s);
    }

    /// <summary>|H| in dB at <paramref name="hz"/> (analysis, tests).</summary>
    public double MagnitudeDb(double hz, double sampleRate)
    {
        double w = 2 * Math.PI * hz / sampleRate;
        System.Numerics.Complex z1 = System.Numerics.Complex.FromPolarCoordinates(1, -w), z2 = z1 * z1;
        var h = (B0 + B1 * z1 + B2 * z2) / (1 + A1 * z1 + A2 * z2);
        return 20 * Math.Log10(h.Magnitude);
    }

    static (double Cos, double Alpha) Prewarp(double hz, double q, double sampleRate)
    {
        double w0 = 2 * Math.PI * Math.Clamp(hz, 1e-3, 0.499 * sampleRate) / sampleRate;
        return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
    }

    // Shelf slope S = 1: alpha = sin(w0)/2 · sqrt((A + 1/A)(1/S − 1) + 2) = sin(w0)/√2, whatever the gain.
    static (double Cos, double Alpha) ShelfPrewarp(double hz, double sampleRate)
    {
        double w0 = 2 * Math.PI * Math.Clamp(hz, 1e-3, 0.499 * sampleRate) / sampleRate;
        return (Math.Cos(w0), Math.Sin(w0) / Math.Sqrt(2));
    }

    static BiquadCoefficients Normalise(double b0, double b1, double b2, double a0, double a1, double a2) =>
        new(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
}
