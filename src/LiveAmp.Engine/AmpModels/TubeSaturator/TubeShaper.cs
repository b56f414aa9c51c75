using System.Runtime.CompilerServices;

namespace LiveAmp.Engine.AmpModels.TubeSaturator;

/// <summary>The saturator's transfer curves. Scalar, deterministic per value (so output never depends on how
/// blocks are cut, which a vectorized library tanh with a scalar tail could not promise).</summary>
public static class TubeShaper
{
    /// <summary>tanh from Lambert's continued fraction truncated at 7th order:
    /// <c>x(135135 + 17325x² + 378x⁴ + x⁶) / (135135 + 62370x² + 3150x⁴ + 28x⁶)</c>, within 1e-6 of tanh for
    /// |x| ≤ 2 and 1e-4 up to the clamp; beyond ±4.97 it returns ±1 (the fraction reaches 1 there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        if (x > 4.97f) return 1f;
        if (x < -4.97f) return -1f;
        float x2 = x * x;
        float num = x * (135135f + x2 * (17325f + x2 * (378f + x2)));
        float den = 135135f + x2 * (62370f + x2 * (3150f + x2 * 28f));
        return MathF.Min(1f, MathF.Max(-1f, num / den));
    }

    /// <summary>A triode-like stage: <c>tanh(x + bias) − tanh(bias)</c>. Zero at zero, slope 1 − tanh²(bias) there,
    /// and it saturates at 1 − tanh(bias) on one side and −1 − tanh(bias) on the other: the asymmetry makes even
    /// harmonics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Triode(float x, float bias, float tanhBias) => Tanh(x + bias) - tanhBias;

    /// <summary>The power stage's softer curve, <c>x / √(1 + x²)</c>: same slope at 0 as tanh but a rounder knee
    /// and a slower approach to ±1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Soft(float x) => x / MathF.Sqrt(1f + x * x);
}
