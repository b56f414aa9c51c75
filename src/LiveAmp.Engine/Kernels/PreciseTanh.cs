using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels;

/// <summary>A vectorized tanh within a few ulp of <see cref="MathF.Tanh"/> over the whole float range, small
/// arguments included (TensorPrimitives.Tanh loses relative accuracy below about 1e-3, which a quiet guitar
/// signal feeds every WaveNet layer). One branch-free path for every argument: tanh|x| = m/(m + 2) with
/// m = expm1(2|x|) = 2^n·expm1(r) + (2^n − 1), r the Cody–Waite remainder; expm1(r) = r + r²·P(r) keeps its relative
/// accuracy as r → 0, so small arguments need no separate series (at most 2 ulp from tanh for every float in
/// [1e-8, 12]; below that the result is x itself). A single path also means a block that mixes small and large
/// values costs one evaluation, not two. Every path runs the same float operations (fused multiply-adds included)
/// in the same order as <see cref="Reference"/>, so they agree bit for bit.</summary>
public static class PreciseTanh
{
    const float Saturation = 9.1f; // tanh(9.1) rounds to 1 in float32
    const float Log2E = 1.44269504f, Ln2Hi = 0.693145752f, Ln2Lo = 1.42860677e-6f;
    // Adding 1.5·2^23 rounds a float in [0, 2^22) to an integer (to nearest, ties to even: MathF.Round's rule), and
    // leaves that integer in the low mantissa bits: cheaper than a round plus a (saturating) float-to-int conversion.
    const float RoundMagic = 12582912f;
    const int ScaleBias = 127 - 0x4B400000; // the bits of RoundMagic, replaced by the exponent bias
    const float E2 = 1f / 2, E3 = 1f / 6, E4 = 1f / 24, E5 = 1f / 120, E6 = 1f / 720, E7 = 1f / 5040;

    public static void Apply(Span<float> x)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                Tanh(Vector512.Create(x[i..])).CopyTo(x[i..]);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                Tanh(Vector256.Create(x[i..])).CopyTo(x[i..]);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= x.Length - Vector128<float>.Count; i += Vector128<float>.Count)
                Tanh(Vector128.Create(x[i..])).CopyTo(x[i..]);
        for (; i < x.Length; i++) x[i] = Reference(x[i]);
    }

    /// <summary>The same computation, one value at a time.</summary>
    public static float Reference(float x)
    {
        float y = MathF.Min(MathF.Abs(x), Saturation) * 2f;
        float m = y * Log2E + RoundMagic;
        float n = m - RoundMagic;
        float r = MathF.FusedMultiplyAdd(-n, Ln2Lo, MathF.FusedMultiplyAdd(-n, Ln2Hi, y));
        float u = MathF.FusedMultiplyAdd(E7, r, E6);
        u = MathF.FusedMultiplyAdd(u, r, E5); u = MathF.FusedMultiplyAdd(u, r, E4); u = MathF.FusedMultiplyAdd(u, r, E3);
        u = MathF.FusedMultiplyAdd(u, r, E2);
        float q = MathF.FusedMultiplyAdd(u, r * r, r);                                      // expm1(r)
        float scale = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(m) + ScaleBias) << 23); // 2^n
        float em1 = MathF.FusedMultiplyAdd(scale, q, scale - 1f);                           // expm1(2|x|), never negative
        return MathF.CopySign(em1 / (em1 + 2f), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Tanh(Vector512<float> x)
    {
        var y = Vector512.Min(Vector512.Abs(x), Vector512.Create(Saturation)) * Vector512.Create(2f);
        var m = y * Vector512.Create(Log2E) + Vector512.Create(RoundMagic);
        var n = m - Vector512.Create(RoundMagic);
        var r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Lo), Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Hi), y));
        var u = Vector512.FusedMultiplyAdd(Vector512.Create(E7), r, Vector512.Create(E6));
        u = Vector512.FusedMultiplyAdd(u, r, Vector512.Create(E5)); u = Vector512.FusedMultiplyAdd(u, r, Vector512.Create(E4));
        u = Vector512.FusedMultiplyAdd(u, r, Vector512.Create(E3)); u = Vector512.FusedMultiplyAdd(u, r, Vector512.Create(E2));
        var q = Vector512.FusedMultiplyAdd(u, r * r, r);
        var scale = Vector512.ShiftLeft(m.AsInt32() + Vector512.Create(ScaleBias), 23).AsSingle();
        var em1 = Vector512.FusedMultiplyAdd(scale, q, scale - Vector512<float>.One);
        var t = em1 / (em1 + Vector512.Create(2f));
        return t | (x & Vector512.Create(-0f)); // t ≥ 0, so this is CopySign
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Tanh(Vector256<float> x)
    {
        var y = Vector256.Min(Vector256.Abs(x), Vector256.Create(Saturation)) * Vector256.Create(2f);
        var m = y * Vector256.Create(Log2E) + Vector256.Create(RoundMagic);
        var n = m - Vector256.Create(RoundMagic);
        var r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Lo), Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Hi), y));
        var u = Vector256.FusedMultiplyAdd(Vector256.Create(E7), r, Vector256.Create(E6));
        u = Vector256.FusedMultiplyAdd(u, r, Vector256.Create(E5)); u = Vector256.FusedMultiplyAdd(u, r, Vector256.Create(E4));
        u = Vector256.FusedMultiplyAdd(u, r, Vector256.Create(E3)); u = Vector256.FusedMultiplyAdd(u, r, Vector256.Create(E2));
        var q = Vector256.FusedMultiplyAdd(u, r * r, r);
        var scale = Vector256.ShiftLeft(m.AsInt32() + Vector256.Create(ScaleBias), 23).AsSingle();
        var em1 = Vector256.FusedMultiplyAdd(scale, q, scale - Vector256<float>.One);
        var t = em1 / (em1 + Vector256.Create(2f));
        return t | (x & Vector256.Create(-0f)); // t ≥ 0, so this is CopySign
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<float> Tanh(Vector128<float> x)
    {
        var y = Vector128.Min(Vector128.Abs(x), Vector128.Create(Saturation)) * Vector128.Create(2f);
        var m = y * Vector128.Create(Log2E) + Vector128.Create(RoundMagic);
        var n = m - Vector128.Create(RoundMagic);
        var r = Vector128.FusedMultiplyAdd(-n, Vector128.Create(Ln2Lo), Vector128.FusedMultiplyAdd(-n, Vector128.Create(Ln2Hi), y));
        var u = Vector128.FusedMultiplyAdd(Vector128.Create(E7), r, Vector128.Create(E6));
        u = Vector128.FusedMultiplyAdd(u, r, Vector128.Create(E5)); u = Vector128.FusedMultiplyAdd(u, r, Vector128.Create(E4));
        u = Vector128.FusedMultiplyAdd(u, r, Vector128.Create(E3)); u = Vector128.FusedMultiplyAdd(u, r, Vector128.Create(E2));
        var q = Vector128.FusedMultiplyAdd(u, r * r, r);
        var scale = Vector128.ShiftLeft(m.AsInt32() + Vector128.Create(ScaleBias), 23).AsSingle();
        var em1 = Vector128.FusedMultiplyAdd(scale, q, scale - Vector128<float>.One);
        var t = em1 / (em1 + Vector128.Create(2f));
        return t | (x & Vector128.Create(-0f)); // t ≥ 0, so this is CopySign
    }
}
