using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels;

/// <summary>A dilated multi-tap matrix product over channel-major signals, the work horse of every convolution:
/// <c>dst[o][t] = init + Σ_k Σ_i W[k][i][o] · src[i][t − (taps−1−k)·dilation]</c>, where init is the bias
/// (or 0), plus the old <c>dst[o][t]</c> when accumulating. Weights are stored tap-major, output innermost
/// (<c>W[(k·ins + i)·outs + o]</c>), so a tile of four output rows reads four adjacent weights.
/// The vector paths keep four output rows × a run of frames in registers; every product is a fused multiply-add
/// in the same order as <see cref="Reference"/>, so they agree bit for bit.</summary>
public static class TapConv
{
    /// <summary>Shape and strides of one call. <c>Src</c> row i starts at <c>SrcStart + i·SrcStride</c>, which is the
    /// index of frame 0 (older taps are read before it); <c>Dst</c> row o starts at <c>DstStart + o·DstStride</c>.</summary>
    public readonly record struct Shape(int Outs, int Ins, int Taps, int Dilation,
        int SrcStart, int SrcStride, int DstStart, int DstStride, int Frames, bool Accumulate);

    public static void Run(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] dst, in Shape s)
    {
        Check(weights, bias, src, dst, s);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float x = ref MemoryMarshal.GetArrayDataReference(src);
        ref float y = ref MemoryMarshal.GetArrayDataReference(dst);
        bool hasBias = !bias.IsEmpty;
        int o = 0;
        for (; o + 4 <= s.Outs; o += 4)
        {
            int t = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; t + 64 <= s.Frames; t += 64) Tile4x4V512(ref w, ref b, hasBias, ref x, ref y, s, o, t);
                for (; t + 16 <= s.Frames; t += 16) Tile4x1V512(ref w, ref b, hasBias, ref x, ref y, s, o, t);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; t + 16 <= s.Frames; t += 16) Tile4x2V256(ref w, ref b, hasBias, ref x, ref y, s, o, t);
                for (; t + 8 <= s.Frames; t += 8) Tile4x1V256(ref w, ref b, hasBias, ref x, ref y, s, o, t);
            }
            for (int r = o; r < o + 4; r++) ScalarRow(ref w, ref b, hasBias, ref x, ref y, s, r, t, s.Frames);
        }
        for (; o < s.Outs; o++)
        {
            int t = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; t + 16 <= s.Frames; t += 16) Tile1x1V512(ref w, ref b, hasBias, ref x, ref y, s, o, t);
            else if (Vector256.IsHardwareAccelerated)
                for (; t + 8 <= s.Frames; t += 8) Tile1x1V256(ref w, ref b, hasBias, ref x, ref y, s, o, t);
            ScalarRow(ref w, ref b, hasBias, ref x, ref y, s, o, t, s.Frames);
        }
    }

    /// <summary>The definition, one output at a time, in the vector paths' order.</summary>
    public static void Reference(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] dst, in Shape s)
    {
        Check(weights, bias, src, dst, s);
        for (int o = 0; o < s.Outs; o++)
            for (int t = 0; t < s.Frames; t++)
            {
                float acc = bias.IsEmpty ? 0f : bias[o];
                if (s.Accumulate) acc += dst[s.DstStart + o * s.DstStride + t];
                for (int k = 0; k < s.Taps; k++)
                {
                    int back = (s.Taps - 1 - k) * s.Dilation;
                    for (int i = 0; i < s.Ins; i++)
                        acc = MathF.FusedMultiplyAdd(src[s.SrcStart + i * s.SrcStride + t - back],
                                                     weights[(k * s.Ins + i) * s.Outs + o], acc);
                }
                dst[s.DstStart + o * s.DstStride + t] = acc;
            }
    }

    static void Check(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] dst, in Shape s)
    {
        // The vector paths read through refs, so every index they can touch is proven in range here.
        if (s.Outs < 1 || s.Ins < 1 || s.Taps < 1 || s.Dilation < 0 || s.Frames < 0
            || weights.Length < s.Taps * s.Ins * s.Outs || (!bias.IsEmpty && bias.Length < s.Outs)
            || s.SrcStart - (s.Taps - 1) * s.Dilation < 0 || s.SrcStart + (s.Ins - 1) * s.SrcStride + s.Frames > src.Length
            || s.DstStart < 0 || s.DstStart + (s.Outs - 1) * s.DstStride + s.Frames > dst.Length)
            throw new ArgumentOutOfRangeException(nameof(s), "TapConv: shape does not fit the buffers.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Init(ref float b, bool hasBias, ref float y, in Shape s, int o, int t) =>
        (hasBias ? Unsafe.Add(ref b, o) : 0f) + (s.Accumulate ? Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t) : 0f);

    static void ScalarRow(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t0, int t1)
    {
        for (int t = t0; t < t1; t++)
        {
            float acc = Init(ref b, hasBias, ref y, s, o, t);
            for (int k = 0; k < s.Taps; k++)
            {
                int at = s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation;
                for (int i = 0; i < s.Ins; i++)
                    acc = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, at + i * s.SrcStride),
                                                 Unsafe.Add(ref w, (k * s.Ins + i) * s.Outs + o), acc);
            }
            Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t) = acc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Init512(ref float b, bool hasBias, ref float y, in Shape s, int o, int t)
    {
        var v = hasBias ? Vector512.Create(Unsafe.Add(ref b, o)) : Vector512<float>.Zero;
        return s.Accumulate ? v + Vector512.LoadUnsafe(ref y, (nuint)(s.DstStart + o * s.DstStride + t)) : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Init256(ref float b, bool hasBias, ref float y, in Shape s, int o, int t)
    {
        var v = hasBias ? Vector256.Create(Unsafe.Add(ref b, o)) : Vector256<float>.Zero;
        return s.Accumulate ? v + Vector256.LoadUnsafe(ref y, (nuint)(s.DstStart + o * s.DstStride + t)) : v;
    }

    static void Tile4x4V512(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t)
    {
        Vector512<float> a00 = Init512(ref b, hasBias, ref y, s, o, t), a01 = Init512(ref b, hasBias, ref y, s, o, t + 16),
                         a02 = Init512(ref b, hasBias, ref y, s, o, t + 32), a03 = Init512(ref b, hasBias, ref y, s, o, t + 48),
                         a10 = Init512(ref b, hasBias, ref y, s, o + 1, t), a11 = Init512(ref b, hasBias, ref y, s, o + 1, t + 16),
                         a12 = Init512(ref b, hasBias, ref y, s, o + 1, t + 32), a13 = Init512(ref b, hasBias, ref y, s, o + 1, t + 48),
                         a20 = Init512(ref b, hasBias, ref y, s, o + 2, t), a21 = Init512(ref b, hasBias, ref y, s, o + 2, t + 16),
                         a22 = Init512(ref b, hasBias, ref y, s, o + 2, t + 32), a23 = Init512(ref b, hasBias, ref y, s, o + 2, t + 48),
                         a30 = Init512(ref b, hasBias, ref y, s, o + 3, t), a31 = Init512(ref b, hasBias, ref y, s, o + 3, t + 16),
                         a32 = Init512(ref b, hasBias, ref y, s, o + 3, t + 32), a33 = Init512(ref b, hasBias, ref y, s, o + 3, t + 48);
        for (int k = 0; k < s.Taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation);
            ref float wk = ref Unsafe.Add(ref w, k * s.Ins * s.Outs + o);
            for (int i = 0; i < s.Ins; i++)
            {
                ref float xi = ref Unsafe.Add(ref xk, i * s.SrcStride);
                var x0 = Vector512.LoadUnsafe(ref xi); var x1 = Vector512.LoadUnsafe(ref xi, 16);
                var x2 = Vector512.LoadUnsafe(ref xi, 32); var x3 = Vector512.LoadUnsafe(ref xi, 48);
                ref float wi = ref Unsafe.Add(ref wk, i * s.Outs);
                var w0 = Vector512.Create(wi);
                a00 = Vector512.FusedMultiplyAdd(x0, w0, a00); a01 = Vector512.FusedMultiplyAdd(x1, w0, a01);
                a02 = Vector512.FusedMultiplyAdd(x2, w0, a02); a03 = Vector512.FusedMultiplyAdd(x3, w0, a03);
                var w1 = Vector512.Create(Unsafe.Add(ref wi, 1));
                a10 = Vector512.FusedMultiplyAdd(x0, w1, a10); a11 = Vector512.FusedMultiplyAdd(x1, w1, a11);
                a12 = Vector512.FusedMultiplyAdd(x2, w1, a12); a13 = Vector512.FusedMultiplyAdd(x3, w1, a13);
                var w2 = Vector512.Create(Unsafe.Add(ref wi, 2));
                a20 = Vector512.FusedMultiplyAdd(x0, w2, a20); a21 = Vector512.FusedMultiplyAdd(x1, w2, a21);
                a22 = Vector512.FusedMultiplyAdd(x2, w2, a22); a23 = Vector512.FusedMultiplyAdd(x3, w2, a23);
                var w3 = Vector512.Create(Unsafe.Add(ref wi, 3));
                a30 = Vector512.FusedMultiplyAdd(x0, w3, a30); a31 = Vector512.FusedMultiplyAdd(x1, w3, a31);
                a32 = Vector512.FusedMultiplyAdd(x2, w3, a32); a33 = Vector512.FusedMultiplyAdd(x3, w3, a33);
            }
        }
        ref float d0 = ref Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t);
        a00.StoreUnsafe(ref d0); a01.StoreUnsafe(ref d0, 16); a02.StoreUnsafe(ref d0, 32); a03.StoreUnsafe(ref d0, 48);
        ref float d1 = ref Unsafe.Add(ref d0, s.DstStride);
        a10.StoreUnsafe(ref d1); a11.StoreUnsafe(ref d1, 16); a12.StoreUnsafe(ref d1, 32); a13.StoreUnsafe(ref d1, 48);
        ref float d2 = ref Unsafe.Add(ref d1, s.DstStride);
        a20.StoreUnsafe(ref d2); a21.StoreUnsafe(ref d2, 16); a22.StoreUnsafe(ref d2, 32); a23.StoreUnsafe(ref d2, 48);
        ref float d3 = ref Unsafe.Add(ref d2, s.DstStride);
        a30.StoreUnsafe(ref d3); a31.StoreUnsafe(ref d3, 16); a32.StoreUnsafe(ref d3, 32); a33.StoreUnsafe(ref d3, 48);
    }

    static void Tile4x1V512(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t)
    {
        Vector512<float> a0 = Init512(ref b, hasBias, ref y, s, o, t), a1 = Init512(ref b, hasBias, ref y, s, o + 1, t),
                         a2 = Init512(ref b, hasBias, ref y, s, o + 2, t), a3 = Init512(ref b, hasBias, ref y, s, o + 3, t);
        for (int k = 0; k < s.Taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation);
            ref float wk = ref Unsafe.Add(ref w, k * s.Ins * s.Outs + o);
            for (int i = 0; i < s.Ins; i++)
            {
                var x0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref xk, i * s.SrcStride));
                ref float wi = ref Unsafe.Add(ref wk, i * s.Outs);
                a0 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(wi), a0);
                a1 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(Unsafe.Add(ref wi, 1)), a1);
                a2 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(Unsafe.Add(ref wi, 2)), a2);
                a3 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(Unsafe.Add(ref wi, 3)), a3);
            }
        }
        ref float d0 = ref Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t);
        a0.StoreUnsafe(ref d0); a1.StoreUnsafe(ref Unsafe.Add(ref d0, s.DstStride));
        a2.StoreUnsafe(ref Unsafe.Add(ref d0, 2 * s.DstStride)); a3.StoreUnsafe(ref Unsafe.Add(ref d0, 3 * s.DstStride));
    }

    static void Tile1x1V512(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t)
    {
        var a = Init512(ref b, hasBias, ref y, s, o, t);
        for (int k = 0; k < s.Taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation);
            ref float wk = ref Unsafe.Add(ref w, k * s.Ins * s.Outs + o);
            for (int i = 0; i < s.Ins; i++)
                a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref xk, i * s.SrcStride)),
                                               Vector512.Create(Unsafe.Add(ref wk, i * s.Outs)), a);
        }
        a.StoreUnsafe(ref Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t));
    }

    static void Tile4x2V256(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t)
    {
        Vector256<float> a00 = Init256(ref b, hasBias, ref y, s, o, t), a01 = Init256(ref b, hasBias, ref y, s, o, t + 8),
                         a10 = Init256(ref b, hasBias, ref y, s, o + 1, t), a11 = Init256(ref b, hasBias, ref y, s, o + 1, t + 8),
                         a20 = Init256(ref b, hasBias, ref y, s, o + 2, t), a21 = Init256(ref b, hasBias, ref y, s, o + 2, t + 8),
                         a30 = Init256(ref b, hasBias, ref y, s, o + 3, t), a31 = Init256(ref b, hasBias, ref y, s, o + 3, t + 8);
        for (int k = 0; k < s.Taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation);
            ref float wk = ref Unsafe.Add(ref w, k * s.Ins * s.Outs + o);
            for (int i = 0; i < s.Ins; i++)
            {
                ref float xi = ref Unsafe.Add(ref xk, i * s.SrcStride);
                var x0 = Vector256.LoadUnsafe(ref xi); var x1 = Vector256.LoadUnsafe(ref xi, 8);
                ref float wi = ref Unsafe.Add(ref wk, i * s.Outs);
                var w0 = Vector256.Create(wi);
                a00 = Vector256.FusedMultiplyAdd(x0, w0, a00); a01 = Vector256.FusedMultiplyAdd(x1, w0, a01);
                var w1 = Vector256.Create(Unsafe.Add(ref wi, 1));
                a10 = Vector256.FusedMultiplyAdd(x0, w1, a10); a11 = Vector256.FusedMultiplyAdd(x1, w1, a11);
                var w2 = Vector256.Create(Unsafe.Add(ref wi, 2));
                a20 = Vector256.FusedMultiplyAdd(x0, w2, a20); a21 = Vector256.FusedMultiplyAdd(x1, w2, a21);
                var w3 = Vector256.Create(Unsafe.Add(ref wi, 3));
                a30 = Vector256.FusedMultiplyAdd(x0, w3, a30); a31 = Vector256.FusedMultiplyAdd(x1, w3, a31);
            }
        }
        ref float d0 = ref Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t);
        a00.StoreUnsafe(ref d0); a01.StoreUnsafe(ref d0, 8);
        ref float d1 = ref Unsafe.Add(ref d0, s.DstStride);
        a10.StoreUnsafe(ref d1); a11.StoreUnsafe(ref d1, 8);
        ref float d2 = ref Unsafe.Add(ref d1, s.DstStride);
        a20.StoreUnsafe(ref d2); a21.StoreUnsafe(ref d2, 8);
        ref float d3 = ref Unsafe.Add(ref d2, s.DstStride);
        a30.StoreUnsafe(ref d3); a31.StoreUnsafe(ref d3, 8);
    }

    static void Tile4x1V256(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t)
    {
        Vector256<float> a0 = Init256(ref b, hasBias, ref y, s, o, t), a1 = Init256(ref b, hasBias, ref y, s, o + 1, t),
                         a2 = Init256(ref b, hasBias, ref y, s, o + 2, t), a3 = Init256(ref b, hasBias, ref y, s, o + 3, t);
        for (int k = 0; k < s.Taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation);
            ref float wk = ref Unsafe.Add(ref w, k * s.Ins * s.Outs + o);
            for (int i = 0; i < s.Ins; i++)
            {
                var x0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref xk, i * s.SrcStride));
                ref float wi = ref Unsafe.Add(ref wk, i * s.Outs);
                a0 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(wi), a0);
                a1 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(Unsafe.Add(ref wi, 1)), a1);
                a2 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(Unsafe.Add(ref wi, 2)), a2);
                a3 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(Unsafe.Add(ref wi, 3)), a3);
            }
        }
        ref float d0 = ref Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t);
        a0.StoreUnsafe(ref d0); a1.StoreUnsafe(ref Unsafe.Add(ref d0, s.DstStride));
        a2.StoreUnsafe(ref Unsafe.Add(ref d0, 2 * s.DstStride)); a3.StoreUnsafe(ref Unsafe.Add(ref d0, 3 * s.DstStride));
    }

    static void Tile1x1V256(ref float w, ref float b, bool hasBias, ref float x, ref float y, in Shape s, int o, int t)
    {
        var a = Init256(ref b, hasBias, ref y, s, o, t);
        for (int k = 0; k < s.Taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation);
            ref float wk = ref Unsafe.Add(ref w, k * s.Ins * s.Outs + o);
            for (int i = 0; i < s.Ins; i++)
                a = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref xk, i * s.SrcStride)),
                                               Vector256.Create(Unsafe.Add(ref wk, i * s.Outs)), a);
        }
        a.StoreUnsafe(ref Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t));
    }
}
