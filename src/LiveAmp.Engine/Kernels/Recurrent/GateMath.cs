using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveAmp.Engine.Kernels.Recurrent;

/// <summary>Sigmoid and tanh on <see cref="Vector256{T}"/> lanes for recurrent gates, inlined into the cell
/// kernels so that a whole gate block is one pass. The accurate forms are built on one expm1 (range reduction
/// by ln 2, a degree-7 polynomial) and stay within about 1e-7 of <c>tanhf</c>/<c>1/(1+expf(−x))</c>, including
/// near zero where <c>2σ(2x)−1</c> would lose relative precision. The fast forms are NAM's rational
/// <c>fast_tanh</c>/<c>fast_sigmoid</c> (model-formats.md §2.0.1). Each has a scalar reference.</summary>
public static class GateMath
{
    // Cody–Waite split of ln 2: n·Ln2Hi is exact for the |n| ≤ 128 used here.
    const float Ln2Hi = 0.693359375f, Ln2Lo = -2.12194440e-4f, Log2E = 1.44269504f, RoundingShift = 12582912f;
    // Below −87 expm1 is −1 to float precision; above 80 sigmoid(−x) would reach the subnormal range.
    const float ExpM1Min = -87f, ExpM1Max = 80f;
    // NAM's fast_tanh overflows to ∞/∞ = NaN beyond about 4e9; the clamp keeps a spike from poisoning the state
    // and changes nothing below it (the rational is already flat there).
    const float FastTanhLimit = 1e9f;

    /// <summary>State values smaller than this are set to zero so that silence never leaves subnormal numbers
    /// in a recurrent state (x86 handles them up to 100× slower).</summary>
    public const float FlushBelow = 1e-15f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> ExpM1(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpM1Min)), Vector256.Create(ExpM1Max));
        // Adding 1.5·2^23 rounds x·log2(e) to the integer n and leaves n in the low mantissa bits of t:
        // no float→int conversion, and (bits(t) + 127) << 23 is then exactly the bit pattern of 2^n.
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        var n = t - Vector256.Create(RoundingShift);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        // expm1(r) = r + r²·q(r), q the Taylor series to r^5 (next term below 2e-8 relative for |r| ≤ ln2/2),
        // evaluated as a polynomial in r² to halve the dependency chain.
        var r2 = r * r;
        var a = Vector256.FusedMultiplyAdd(Vector256.Create(1f / 6f), r, Vector256.Create(0.5f));
        var b = Vector256.FusedMultiplyAdd(Vector256.Create(1f / 120f), r, Vector256.Create(1f / 24f));
        var c = Vector256.FusedMultiplyAdd(Vector256.Create(1f / 5040f), r, Vector256.Create(1f / 720f));
        var q = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(c, r2, b), r2, a);
        var p = Vector256.FusedMultiplyAdd(q, r2, r);
        // expm1(x) = 2^n·expm1(r) + (2^n − 1); exact when n = 0, so small arguments keep their precision.
        var scale = Vector256.ShiftLeft(t.AsInt32() + Vector256.Create(127), 23).AsSingle();
        return Vector256.FusedMultiplyAdd(scale, p, scale - Vector256<float>.One);
    }

    /// <summary>1/d: with AVX-512 the 14-bit estimate refined by one Newton step (about 1 ulp, and no divider,
    /// which would otherwise limit throughput with five reciprocals per 8 units); elsewhere a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Reciprocal(Vector256<float> d)
    {
        if (Avx512F.VL.IsSupported)
        {
            var r = Avx512F.VL.Reciprocal14(d);
            return Vector256.FusedMultiplyAdd(r, Vector256.FusedMultiplyAdd(-d, r, Vector256<float>.One), r);
        }
        return Vector256<float>.One / d;
    }

    /// <summary>σ(x) = 1/(2 + expm1(−x)), within about 1e-7 of <see cref="SigmoidReference"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Reciprocal(Vector256.Create(2f) + ExpM1(-x));

    /// <summary>tanh(x) = −expm1(−2|x|)/(2 + expm1(−2|x|)) with the sign of x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var sign = x & Vector256.Create(-0f);
        var e = ExpM1(Vector256.Create(-2f) * Vector256.Abs(x));
        return (-e * Reciprocal(Vector256.Create(2f) + e)) | sign;
    }

    /// <summary>NAM's <c>fast_tanh</c>, same operations as <see cref="FastTanhReference"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FastTanh(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-FastTanhLimit)), Vector256.Create(FastTanhLimit));
        var ax = Vector256.Abs(x);
        var x2 = x * x;
        var numerator = x * (Vector256.Create(2.45550750702956f) + Vector256.Create(2.45550750702956f) * ax
                             + (Vector256.Create(0.893229853513558f) + Vector256.Create(0.821226666969744f) * ax) * x2);
        var denominator = Vector256.Create(2.44506634652299f)
                          + (Vector256.Create(2.44506634652299f) + x2)
                          * Vector256.Abs(x + Vector256.Create(0.814642734961073f) * x * ax);
        return numerator / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FastSigmoid(Vector256<float> x) =>
        Vector256.Create(0.5f) * (FastTanh(Vector256.Create(0.5f) * x) + Vector256<float>.One);

    /// <summary>Zero where |x| &lt; <see cref="FlushBelow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FlushTiny(Vector256<float> x) =>
        Vector256.AndNot(x, Vector256.LessThan(Vector256.Abs(x), Vector256.Create(FlushBelow)));

    // The same functions on 16 lanes, operation for operation, for the AVX-512 LSTM step (callers check
    // Vector512.IsHardwareAccelerated, which implies AVX-512F).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> ExpM1(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpM1Min)), Vector512.Create(ExpM1Max));
        var t = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        var n = t - Vector512.Create(RoundingShift);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var r2 = r * r;
        var a = Vector512.FusedMultiplyAdd(Vector512.Create(1f / 6f), r, Vector512.Create(0.5f));
        var b = Vector512.FusedMultiplyAdd(Vector512.Create(1f / 120f), r, Vector512.Create(1f / 24f));
        var c = Vector512.FusedMultiplyAdd(Vector512.Create(1f / 5040f), r, Vector512.Create(1f / 720f));
        var q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(c, r2, b), r2, a);
        var p = Vector512.FusedMultiplyAdd(q, r2, r);
        var scale = Vector512.ShiftLeft(t.AsInt32() + Vector512.Create(127), 23).AsSingle();
        return Vector512.FusedMultiplyAdd(scale, p, scale - Vector512<float>.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Reciprocal(Vector512<float> d)
    {
        var r = Avx512F.Reciprocal14(d);
        return Vector512.FusedMultiplyAdd(r, Vector512.FusedMultiplyAdd(-d, r, Vector512<float>.One), r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Reciprocal(Vector512.Create(2f) + ExpM1(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var sign = x & Vector512.Create(-0f);
        var e = ExpM1(Vector512.Create(-2f) * Vector512.Abs(x));
        return (-e * Reciprocal(Vector512.Create(2f) + e)) | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FastTanh(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-FastTanhLimit)), Vector512.Create(FastTanhLimit));
        var ax = Vector512.Abs(x);
        var x2 = x * x;
        var numerator = x * (Vector512.Create(2.45550750702956f) + Vector512.Create(2.45550750702956f) * ax
                             + (Vector512.Create(0.893229853513558f) + Vector512.Create(0.821226666969744f) * ax) * x2);
        var denominator = Vector512.Create(2.44506634652299f)
                          + (Vector512.Create(2.44506634652299f) + x2)
                          * Vector512.Abs(x + Vector512.Create(0.814642734961073f) * x * ax);
        return numerator / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FastSigmoid(Vector512<float> x) =>
        Vector512.Create(0.5f) * (FastTanh(Vector512.Create(0.5f) * x) + Vector512<float>.One);

    // A select on the compare's mask register (one masked move) instead of turning the mask into a vector and
    // and-ing it: one operation less on the recurrence, which passes through here twice a step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FlushTiny(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(FlushBelow)), Vector512<float>.Zero, x);

    /// <summary>The sum of the 16 lanes by halving (4 adds and 3 shuffles rather than a lane-by-lane sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalSum(Vector512<float> x) => HorizontalSum(x.GetLower() + x.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalSum(Vector256<float> x)
    {
        var v = x.GetLower() + x.GetUpper();
        v += Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        v += Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
        return v.ToScalar();
    }

    // Eigen's rational tanh (the one Eigen's own tanh uses): x·P(x²)/Q(x²), degree 13/6, on x clamped to ±7.905
    // where it reaches 1 − 3e-7. It stays within about 3e-7 of tanhf with half the latency of the expm1 form (no
    // range reduction; both polynomials in Estrin form), which matters on the LSTM's serial h → c → h chain.
    const float TanhClamp = 7.90531110763549805f;
    const float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f,
                A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f,
                A13 = -2.76076847742355e-16f;
    const float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
                B6 = 1.19825839466702e-06f;

    /// <summary>tanh within about 3e-7 absolute (see <see cref="TanhClamp"/>); for the LSTM gates, where only
    /// absolute error matters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RationalTanh(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-TanhClamp)), Vector512.Create(TanhClamp));
        var y = x * x;
        var y2 = y * y;
        var y4 = y2 * y2;
        var p01 = Vector512.FusedMultiplyAdd(Vector512.Create(A3), y, Vector512.Create(A1));
        var p23 = Vector512.FusedMultiplyAdd(Vector512.Create(A7), y, Vector512.Create(A5));
        var p45 = Vector512.FusedMultiplyAdd(Vector512.Create(A11), y, Vector512.Create(A9));
        var high = Vector512.FusedMultiplyAdd(Vector512.Create(A13), y2, p45);
        var p = Vector512.FusedMultiplyAdd(high, y4, Vector512.FusedMultiplyAdd(p23, y2, p01));
        var q = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(B6), y, Vector512.Create(B4)), y2,
                                           Vector512.FusedMultiplyAdd(Vector512.Create(B2), y, Vector512.Create(B0)));
        // A division rather than the reciprocal estimate and its Newton step: fewer 16-lane operations.
        return x * p / q;
    }

    /// <summary>σ(x) = ½ + ½·tanh(x/2) on <see cref="RationalTanh(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RationalSigmoid(Vector512<float> x) =>
        Vector512.FusedMultiplyAdd(Vector512.Create(0.5f), RationalTanh(Vector512.Create(0.5f) * x), Vector512.Create(0.5f));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RationalTanh(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-TanhClamp)), Vector256.Create(TanhClamp));
        var y = x * x;
        var y2 = y * y;
        var y4 = y2 * y2;
        var p01 = Vector256.FusedMultiplyAdd(Vector256.Create(A3), y, Vector256.Create(A1));
        var p23 = Vector256.FusedMultiplyAdd(Vector256.Create(A7), y, Vector256.Create(A5));
        var p45 = Vector256.FusedMultiplyAdd(Vector256.Create(A11), y, Vector256.Create(A9));
        var high = Vector256.FusedMultiplyAdd(Vector256.Create(A13), y2, p45);
        var p = Vector256.FusedMultiplyAdd(high, y4, Vector256.FusedMultiplyAdd(p23, y2, p01));
        var q = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(B6), y, Vector256.Create(B4)), y2,
                                           Vector256.FusedMultiplyAdd(Vector256.Create(B2), y, Vector256.Create(B0)));
        return x * p * Reciprocal(q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RationalSigmoid(Vector256<float> x)
    {
        // ½ + ½·tanh(x/2) with the halvings folded into the coefficients (scalings by powers of two, so the
        // result is bit for bit the same): no multiply before the polynomials, no multiply after.
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-2 * TanhClamp)), Vector256.Create(2 * TanhClamp));
        var y = x * x;
        var y2 = y * y;
        var y4 = y2 * y2;
        var p01 = Vector256.FusedMultiplyAdd(Vector256.Create(A3 / 4), y, Vector256.Create(A1));
        var p23 = Vector256.FusedMultiplyAdd(Vector256.Create(A7 / 64), y, Vector256.Create(A5 / 16));
        var p45 = Vector256.FusedMultiplyAdd(Vector256.Create(A11 / 1024), y, Vector256.Create(A9 / 256));
        var high = Vector256.FusedMultiplyAdd(Vector256.Create(A13 / 4096), y2, p45);
        var p = Vector256.FusedMultiplyAdd(high, y4, Vector256.FusedMultiplyAdd(p23, y2, p01));
        var q = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(B6 / 16), y, Vector256.Create(B4 / 4)), y2,
                                           Vector256.FusedMultiplyAdd(Vector256.Create(B2), y, Vector256.Create(4 * B0)));
        return x * p * Reciprocal(q) + Vector256.Create(0.5f);
    }

    public static float SigmoidReference(float x) => 1f / (1f + MathF.Exp(-x));
    public static float TanhReference(float x) => MathF.Tanh(x);

    public static float FastTanhReference(float x)
    {
        x = Math.Clamp(x, -FastTanhLimit, FastTanhLimit);
        float ax = MathF.Abs(x), x2 = x * x;
        return x * (2.45550750702956f + 2.45550750702956f * ax + (0.893229853513558f + 0.821226666969744f * ax) * x2)
               / (2.44506634652299f + (2.44506634652299f + x2) * MathF.Abs(x + 0.814642734961073f * x * ax));
    }

    public static float FastSigmoidReference(float x) => 0.5f * (FastTanhReference(0.5f * x) + 1f);

    public static float FlushTinyReference(float x) => MathF.Abs(x) < FlushBelow ? 0f : x;
}
