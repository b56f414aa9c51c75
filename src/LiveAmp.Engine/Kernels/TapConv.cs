using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels;

/// <summary>A dilated multi-tap matrix product over channel-major signals, the work horse of every convolution:
/// <c>dst[o][t] = (Σ_k Σ_i W[k][i][o] · src[i][t − (taps−1−k)·dilation] + bias[o]) + addend[o][t]</c> (bias and addend
/// optional; the addend is the old <c>dst</c> when accumulating), added in NAM Core's order. Weights are stored tap-major, output innermost
/// (<c>W[(k·ins + i)·outs + o]</c>), so a tile of four output rows reads four adjacent weights.
/// The vector paths keep four output rows × a run of frames in registers; every product is a fused multiply-add
/// in the same order as <see cref="Reference"/>, so they agree bit for bit.</summary>
public static class TapConv
{
    /// <summary>Shape and strides of one call. <c>Src</c> row i starts at <c>SrcStart + i·SrcStride</c>, which is the
    /// index of frame 0 (older taps are read before it); <c>Dst</c> row o starts at <c>DstStart + o·DstStride</c>.</summary>
    public readonly record struct Shape(int Outs, int Ins, int Taps, int Dilation,
        int SrcStart, int SrcStride, int DstStart, int DstStride, int Frames, bool Accumulate)
    {
        /// <summary>Where the added signal starts (row o at AddStart + o·AddStride); the destination when accumulating.</summary>
        public int AddStart { get; init; } = DstStart;
        public int AddStride { get; init; } = DstStride;
    }

    /// <summary>What a WaveNet layer does to the conv output, in the same call so the block is touched while it is in
    /// L1: add the input mixin <c>M·c</c> (weights <c>[j][o]</c>) before the store, apply tanh (1 = precise, 2 = fast)
    /// to the register before it is stored, and add the result into the head sum (its first <c>HeadRows</c> rows). Same operations and order as the separate passes, so the result is bit-identical to them.</summary>
    public readonly record struct Epilogue(float[] MixWeights, float[] Cond, int CondStart, int CondStride, int CondRows,
                                           int Activation, float[] Head, int HeadStart, int HeadStride, int HeadRows)
    {
        public static Epilogue None { get; } = new([], [], 0, 0, 0, 0, [], 0, 0, 0);
    }

    /// <summary>A conv with a fused <see cref="Epilogue"/>; see <see cref="Run"/> for the product.</summary>
    public static void RunLayer(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] dst, in Shape s, in Epilogue e)
    {
        if (e.MixWeights.Length < e.CondRows * s.Outs || e.CondRows < 0 || e.HeadRows < 0 || e.HeadRows > s.Outs
            || (e.CondRows > 0 && (e.CondStart < 0 || e.CondStart + (e.CondRows - 1) * e.CondStride + s.Frames > e.Cond.Length))
            || (e.HeadRows > 0 && (e.HeadStart < 0 || e.HeadStart + (e.HeadRows - 1) * e.HeadStride + s.Frames > e.Head.Length)))
            throw new ArgumentOutOfRangeException(nameof(e), "TapConv: epilogue does not fit its buffers.");
        RunCore(weights, bias, src, dst, dst, s with { Accumulate = false }, e);
    }

    /// <summary><c>dst = addend + bias + Σ W·src</c>: the residual add fused into the product (addend may be dst).</summary>
    public static void RunAdding(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] addend, int addStart,
                                 int addStride, float[] dst, in Shape s) =>
        RunCore(weights, bias, src, addend, dst, s with { Accumulate = true, AddStart = addStart, AddStride = addStride }, Epilogue.None);

    public static void Run(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] dst, in Shape s) =>
        RunCore(weights, bias, src, dst, dst, s, Epilogue.None);

    static void RunCore(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] addend, float[] dst, in Shape s,
                        in Epilogue e)
    {
        Check(weights, bias, src, dst, s);
        if (s.Accumulate && (s.AddStart < 0 || s.AddStart + (s.Outs - 1) * s.AddStride + s.Frames > addend.Length))
            throw new ArgumentOutOfRangeException(nameof(s), "TapConv: addend does not fit its buffer.");
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float x = ref MemoryMarshal.GetArrayDataReference(src);
        ref float y = ref MemoryMarshal.GetArrayDataReference(dst);
        ref float add = ref MemoryMarshal.GetArrayDataReference(addend);
        bool hasBias = !bias.IsEmpty;
        int o = 0;
        for (; o + 4 <= s.Outs; o += 4)
        {
            int t = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; t + 64 <= s.Frames; t += 64) Tile4x4V512(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
                for (; t + 16 <= s.Frames; t += 16) Tile4x1V512(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; t + 16 <= s.Frames; t += 16) Tile4x2V256(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
                for (; t + 8 <= s.Frames; t += 8) Tile4x1V256(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
            }
            if (t < s.Frames)
                for (int r = o; r < o + 4; r++) ScalarRow(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, r, t, s.Frames);
        }
        // A pair of rows (the 2-channel arrays of small models): one pass over the taps instead of two.
        if (o + 2 <= s.Outs && Vector512.IsHardwareAccelerated)
        {
            int t = 0;
            for (; t + 64 <= s.Frames; t += 64) Tile2x4V512(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
            for (int r = o; r < o + 2; r++)
            {
                int tr = t;
                for (; tr + 16 <= s.Frames; tr += 16) Tile1x1V512(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, r, tr);
                if (tr < s.Frames) ScalarRow(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, r, tr, s.Frames);
            }
            o += 2;
        }
        for (; o < s.Outs; o++)
        {
            int t = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; t + 64 <= s.Frames; t += 64) Tile1x4V512(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
                for (; t + 16 <= s.Frames; t += 16) Tile1x1V512(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
            }
            else if (Vector256.IsHardwareAccelerated)
                for (; t + 8 <= s.Frames; t += 8) Tile1x1V256(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t);
            if (t < s.Frames) ScalarRow(ref w, ref b, hasBias, ref x, ref add, ref y, s, e, o, t, s.Frames);
        }
    }

    /// <summary>The definition, one output at a time, in the vector paths' order.</summary>
    public static void Reference(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] dst, in Shape s) =>
        Reference(weights, bias, src, dst, dst, s);

    public static void Reference(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float[] src, float[] addend, float[] dst, in Shape s)
    {
        Check(weights, bias, src, dst, s);
        for (int o = 0; o < s.Outs; o++)
            for (int t = 0; t < s.Frames; t++)
            {
                float acc = 0f;
                for (int k = 0; k < s.Taps; k++)
                {
                    int back = (s.Taps - 1 - k) * s.Dilation;
                    for (int i = 0; i < s.Ins; i++)
                        acc = MathF.FusedMultiplyAdd(src[s.SrcStart + i * s.SrcStride + t - back],
                                                     weights[(k * s.Ins + i) * s.Outs + o], acc);
                }
                if (!bias.IsEmpty) acc += bias[o];
                if (s.Accumulate) acc = addend[s.AddStart + o * s.AddStride + t] + acc;
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
    static float Finish(float acc, ref float b, bool hasBias, ref float add, in Shape s, in Epilogue e, int o, int t)
    {
        // NAM Core's order: the products, then the bias, then the addend (z + mixin, h + r, head sum + q).
        if (hasBias) acc += Unsafe.Add(ref b, o);
        if (s.Accumulate) acc = Unsafe.Add(ref add, s.AddStart + o * s.AddStride + t) + acc;
        if (e.CondRows > 0)
        {
            float mix = 0f;
            for (int j = 0; j < e.CondRows; j++)
                mix = MathF.FusedMultiplyAdd(e.Cond[e.CondStart + j * e.CondStride + t], e.MixWeights[j * s.Outs + o], mix);
            acc = acc + mix;
        }
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store512(Vector512<float> acc, ref float b, bool hasBias, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        if (hasBias) acc += Vector512.Create(Unsafe.Add(ref b, o));
        if (s.Accumulate) acc = Vector512.LoadUnsafe(ref add, (nuint)(s.AddStart + o * s.AddStride + t)) + acc;
        if (e.CondRows > 0)
        {
            var mix = Vector512<float>.Zero;
            ref float c = ref MemoryMarshal.GetArrayDataReference(e.Cond);
            ref float m = ref MemoryMarshal.GetArrayDataReference(e.MixWeights);
            for (int j = 0; j < e.CondRows; j++)
                mix = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref c, (nuint)(e.CondStart + j * e.CondStride + t)),
                                                 Vector512.Create(Unsafe.Add(ref m, j * s.Outs + o)), mix);
            acc = acc + mix;
        }
        // The activation and head add while the value is still in a register (no second pass over the rows).
        if (e.Activation == 1) acc = PreciseTanh.Tanh(acc);
        else if (e.Activation == 2) acc = Activations.FastTanh(acc);
        acc.StoreUnsafe(ref y, (nuint)(s.DstStart + o * s.DstStride + t));
        if (o < e.HeadRows)
        {
            ref float h = ref MemoryMarshal.GetArrayDataReference(e.Head);
            nuint at = (nuint)(e.HeadStart + o * e.HeadStride + t);
            (Vector512.LoadUnsafe(ref h, at) + acc).StoreUnsafe(ref h, at);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store256(Vector256<float> acc, ref float b, bool hasBias, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        if (hasBias) acc += Vector256.Create(Unsafe.Add(ref b, o));
        if (s.Accumulate) acc = Vector256.LoadUnsafe(ref add, (nuint)(s.AddStart + o * s.AddStride + t)) + acc;
        if (e.CondRows > 0)
        {
            var mix = Vector256<float>.Zero;
            ref float c = ref MemoryMarshal.GetArrayDataReference(e.Cond);
            ref float m = ref MemoryMarshal.GetArrayDataReference(e.MixWeights);
            for (int j = 0; j < e.CondRows; j++)
                mix = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)(e.CondStart + j * e.CondStride + t)),
                                                 Vector256.Create(Unsafe.Add(ref m, j * s.Outs + o)), mix);
            acc = acc + mix;
        }
        // The activation and head add while the value is still in a register (no second pass over the rows).
        if (e.Activation == 1) acc = PreciseTanh.Tanh(acc);
        else if (e.Activation == 2) acc = Activations.FastTanh(acc);
        acc.StoreUnsafe(ref y, (nuint)(s.DstStart + o * s.DstStride + t));
        if (o < e.HeadRows)
        {
            ref float h = ref MemoryMarshal.GetArrayDataReference(e.Head);
            nuint at = (nuint)(e.HeadStart + o * e.HeadStride + t);
            (Vector256.LoadUnsafe(ref h, at) + acc).StoreUnsafe(ref h, at);
        }
    }

    static void ScalarRow(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t0, int t1)
    {
        for (int t = t0; t < t1; t++)
        {
            float acc = 0f;
            for (int k = 0; k < s.Taps; k++)
            {
                int at = s.SrcStart + t - (s.Taps - 1 - k) * s.Dilation;
                for (int i = 0; i < s.Ins; i++)
                    acc = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, at + i * s.SrcStride),
                                                 Unsafe.Add(ref w, (k * s.Ins + i) * s.Outs + o), acc);
            }
            acc = Finish(acc, ref b, hasBias, ref add, s, e, o, t);
            if (e.Activation == 1) acc = PreciseTanh.Reference(acc);
            else if (e.Activation == 2) acc = Activations.FastTanhReference(acc);
            Unsafe.Add(ref y, s.DstStart + o * s.DstStride + t) = acc;
            if (o < e.HeadRows) e.Head[e.HeadStart + o * e.HeadStride + t] += acc;
        }
    }

    static void Tile4x4V512(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        Vector512<float> a00 = Vector512<float>.Zero, a01 = Vector512<float>.Zero,
                         a02 = Vector512<float>.Zero, a03 = Vector512<float>.Zero,
                         a10 = Vector512<float>.Zero, a11 = Vector512<float>.Zero,
                         a12 = Vector512<float>.Zero, a13 = Vector512<float>.Zero,
                         a20 = Vector512<float>.Zero, a21 = Vector512<float>.Zero,
                         a22 = Vector512<float>.Zero, a23 = Vector512<float>.Zero,
                         a30 = Vector512<float>.Zero, a31 = Vector512<float>.Zero,
                         a32 = Vector512<float>.Zero, a33 = Vector512<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
            {
                ref float xi = ref Unsafe.Add(ref xk, i * srcStride);
                var x0 = Vector512.LoadUnsafe(ref xi); var x1 = Vector512.LoadUnsafe(ref xi, 16);
                var x2 = Vector512.LoadUnsafe(ref xi, 32); var x3 = Vector512.LoadUnsafe(ref xi, 48);
                ref float wi = ref Unsafe.Add(ref wk, i * outs);
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
        Store512(a00, ref b, hasBias, ref add, ref y, s, e, o, t); Store512(a01, ref b, hasBias, ref add, ref y, s, e, o, t + 16); Store512(a02, ref b, hasBias, ref add, ref y, s, e, o, t + 32); Store512(a03, ref b, hasBias, ref add, ref y, s, e, o, t + 48);
        Store512(a10, ref b, hasBias, ref add, ref y, s, e, o + 1, t); Store512(a11, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 16); Store512(a12, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 32); Store512(a13, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 48);
        Store512(a20, ref b, hasBias, ref add, ref y, s, e, o + 2, t); Store512(a21, ref b, hasBias, ref add, ref y, s, e, o + 2, t + 16); Store512(a22, ref b, hasBias, ref add, ref y, s, e, o + 2, t + 32); Store512(a23, ref b, hasBias, ref add, ref y, s, e, o + 2, t + 48);
        Store512(a30, ref b, hasBias, ref add, ref y, s, e, o + 3, t); Store512(a31, ref b, hasBias, ref add, ref y, s, e, o + 3, t + 16); Store512(a32, ref b, hasBias, ref add, ref y, s, e, o + 3, t + 32); Store512(a33, ref b, hasBias, ref add, ref y, s, e, o + 3, t + 48);
    }

    static void Tile4x1V512(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero,
                         a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
            {
                var x0 = Vector512.LoadUnsafe(ref Unsafe.Add(ref xk, i * srcStride));
                ref float wi = ref Unsafe.Add(ref wk, i * outs);
                a0 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(wi), a0);
                a1 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(Unsafe.Add(ref wi, 1)), a1);
                a2 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(Unsafe.Add(ref wi, 2)), a2);
                a3 = Vector512.FusedMultiplyAdd(x0, Vector512.Create(Unsafe.Add(ref wi, 3)), a3);
            }
        }
        Store512(a0, ref b, hasBias, ref add, ref y, s, e, o, t);
        Store512(a1, ref b, hasBias, ref add, ref y, s, e, o + 1, t);
        Store512(a2, ref b, hasBias, ref add, ref y, s, e, o + 2, t);
        Store512(a3, ref b, hasBias, ref add, ref y, s, e, o + 3, t);
    }

    static void Tile2x4V512(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        Vector512<float> a00 = Vector512<float>.Zero, a01 = Vector512<float>.Zero, a02 = Vector512<float>.Zero, a03 = Vector512<float>.Zero,
                         a10 = Vector512<float>.Zero, a11 = Vector512<float>.Zero, a12 = Vector512<float>.Zero, a13 = Vector512<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
            {
                ref float xi = ref Unsafe.Add(ref xk, i * srcStride);
                var x0 = Vector512.LoadUnsafe(ref xi); var x1 = Vector512.LoadUnsafe(ref xi, 16);
                var x2 = Vector512.LoadUnsafe(ref xi, 32); var x3 = Vector512.LoadUnsafe(ref xi, 48);
                ref float wi = ref Unsafe.Add(ref wk, i * outs);
                var w0 = Vector512.Create(wi);
                a00 = Vector512.FusedMultiplyAdd(x0, w0, a00); a01 = Vector512.FusedMultiplyAdd(x1, w0, a01);
                a02 = Vector512.FusedMultiplyAdd(x2, w0, a02); a03 = Vector512.FusedMultiplyAdd(x3, w0, a03);
                var w1 = Vector512.Create(Unsafe.Add(ref wi, 1));
                a10 = Vector512.FusedMultiplyAdd(x0, w1, a10); a11 = Vector512.FusedMultiplyAdd(x1, w1, a11);
                a12 = Vector512.FusedMultiplyAdd(x2, w1, a12); a13 = Vector512.FusedMultiplyAdd(x3, w1, a13);
            }
        }
        Store512(a00, ref b, hasBias, ref add, ref y, s, e, o, t); Store512(a01, ref b, hasBias, ref add, ref y, s, e, o, t + 16);
        Store512(a02, ref b, hasBias, ref add, ref y, s, e, o, t + 32); Store512(a03, ref b, hasBias, ref add, ref y, s, e, o, t + 48);
        Store512(a10, ref b, hasBias, ref add, ref y, s, e, o + 1, t); Store512(a11, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 16);
        Store512(a12, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 32); Store512(a13, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 48);
    }

    static void Tile1x4V512(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
            {
                ref float xi = ref Unsafe.Add(ref xk, i * srcStride);
                var wi = Vector512.Create(Unsafe.Add(ref wk, i * outs));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xi), wi, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xi, 16), wi, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xi, 32), wi, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xi, 48), wi, a3);
            }
        }
        Store512(a0, ref b, hasBias, ref add, ref y, s, e, o, t); Store512(a1, ref b, hasBias, ref add, ref y, s, e, o, t + 16);
        Store512(a2, ref b, hasBias, ref add, ref y, s, e, o, t + 32); Store512(a3, ref b, hasBias, ref add, ref y, s, e, o, t + 48);
    }

    static void Tile1x1V512(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        var a = Vector512<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
                a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref xk, i * srcStride)),
                                               Vector512.Create(Unsafe.Add(ref wk, i * outs)), a);
        }
        Store512(a, ref b, hasBias, ref add, ref y, s, e, o, t);
    }

    static void Tile4x2V256(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        Vector256<float> a00 = Vector256<float>.Zero, a01 = Vector256<float>.Zero,
                         a10 = Vector256<float>.Zero, a11 = Vector256<float>.Zero,
                         a20 = Vector256<float>.Zero, a21 = Vector256<float>.Zero,
                         a30 = Vector256<float>.Zero, a31 = Vector256<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
            {
                ref float xi = ref Unsafe.Add(ref xk, i * srcStride);
                var x0 = Vector256.LoadUnsafe(ref xi); var x1 = Vector256.LoadUnsafe(ref xi, 8);
                ref float wi = ref Unsafe.Add(ref wk, i * outs);
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
        Store256(a00, ref b, hasBias, ref add, ref y, s, e, o, t); Store256(a01, ref b, hasBias, ref add, ref y, s, e, o, t + 8);
        Store256(a10, ref b, hasBias, ref add, ref y, s, e, o + 1, t); Store256(a11, ref b, hasBias, ref add, ref y, s, e, o + 1, t + 8);
        Store256(a20, ref b, hasBias, ref add, ref y, s, e, o + 2, t); Store256(a21, ref b, hasBias, ref add, ref y, s, e, o + 2, t + 8);
        Store256(a30, ref b, hasBias, ref add, ref y, s, e, o + 3, t); Store256(a31, ref b, hasBias, ref add, ref y, s, e, o + 3, t + 8);
    }

    static void Tile4x1V256(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero,
                         a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
            {
                var x0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref xk, i * srcStride));
                ref float wi = ref Unsafe.Add(ref wk, i * outs);
                a0 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(wi), a0);
                a1 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(Unsafe.Add(ref wi, 1)), a1);
                a2 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(Unsafe.Add(ref wi, 2)), a2);
                a3 = Vector256.FusedMultiplyAdd(x0, Vector256.Create(Unsafe.Add(ref wi, 3)), a3);
            }
        }
        Store256(a0, ref b, hasBias, ref add, ref y, s, e, o, t);
        Store256(a1, ref b, hasBias, ref add, ref y, s, e, o + 1, t);
        Store256(a2, ref b, hasBias, ref add, ref y, s, e, o + 2, t);
        Store256(a3, ref b, hasBias, ref add, ref y, s, e, o + 3, t);
    }

    static void Tile1x1V256(ref float w, ref float b, bool hasBias, ref float x, ref float add, ref float y, in Shape s, in Epilogue e, int o, int t)
    {
        int ins = s.Ins, outs = s.Outs, taps = s.Taps, dilation = s.Dilation, srcStart = s.SrcStart, srcStride = s.SrcStride;
        var a = Vector256<float>.Zero;
        for (int k = 0; k < taps; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, srcStart + t - (taps - 1 - k) * dilation);
            ref float wk = ref Unsafe.Add(ref w, k * ins * outs + o);
            for (int i = 0; i < ins; i++)
                a = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref xk, i * srcStride)),
                                               Vector256.Create(Unsafe.Add(ref wk, i * outs)), a);
        }
        Store256(a, ref b, hasBias, ref add, ref y, s, e, o, t);
    }
}
