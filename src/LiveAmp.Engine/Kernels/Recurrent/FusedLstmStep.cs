using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LiveAmp.Engine.AmpModels;

namespace LiveAmp.Engine.Kernels.Recurrent;

/// <summary>One LSTM step in one pass. Hidden units are grouped in blocks of 8 (one <see cref="Vector256{T}"/>)
/// or 16 (one <see cref="Vector512{T}"/>); within a block the rows of the four gates are stored next to each other
/// in every column (<see cref="RowOf"/>), so a single sweep over the inputs accumulates i, f, g and o in registers
/// and the cell update follows without storing the gates. Columns are summed in two interleaved chains to halve
/// the FMA latency that the recurrence waits on. With 16-unit blocks every gate of an LSTM of up to 16 units is
/// one vector, so the whole step is one short dependency chain the CPU can overlap.</summary>
public static class FusedLstmStep
{
    /// <summary>The block size for a layer: 16 where AVX-512 is available and it costs no extra padding
    /// (12 or 16 units: yes; 8 or 24: no, those stay in 8-unit blocks).</summary>
    public static int BlockFor(int hiddenSize) =>
        Vector512.IsHardwareAccelerated && PaddedSize(hiddenSize, 16) == PaddedSize(hiddenSize, 8) ? 16 : 8;

    /// <summary>The hidden size rounded up to whole blocks.</summary>
    public static int PaddedSize(int hiddenSize, int block) => (hiddenSize + block - 1) / block * block;

    /// <summary>Row of gate <paramref name="gate"/> (0..3 = i, f, g, o) of hidden unit <paramref name="unit"/>:
    /// blocks of 4·<paramref name="block"/> rows, gate-major inside a block.</summary>
    public static int RowOf(int gate, int unit, int block) => unit / block * 4 * block + gate * block + unit % block;

    /// <param name="columns">(D + Hp) columns × 4·Hp rows, column-major, rows ordered by <see cref="RowOf"/>.</param>
    /// <param name="bias">4·Hp, same row order.</param>
    /// <param name="input">[x (D) ; h (Hp)] — the previous hidden state is read from here.</param>
    /// <param name="cell">Hp, updated.</param>
    /// <param name="hiddenOut">Hp, the new hidden state (must not overlap <paramref name="input"/>).</param>
    /// <param name="block">8, or 16 when <see cref="Vector512.IsHardwareAccelerated"/>.</param>
    public static void Step(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, ReadOnlySpan<float> input,
                            Span<float> cell, Span<float> hiddenOut, int block, TanhMode mode)
    {
        int hp = cell.Length;
        if (block is not (8 or 16) || block == 16 && !Vector512.IsHardwareAccelerated || hp % block != 0
            || hiddenOut.Length != hp || bias.Length != 4 * hp || columns.Length != 4 * hp * input.Length)
            throw new ArgumentException($"FusedLstmStep: block {block}, hidden {hp}, bias {bias.Length}, columns {columns.Length}, inputs {input.Length}");
        if (block == 16)
        {
            if (mode == TanhMode.Fast) Run512<FastGates>(columns, bias, input, cell, hiddenOut);
            else Run512<ExactGates>(columns, bias, input, cell, hiddenOut);
        }
        else
        {
            if (mode == TanhMode.Fast) Run256<FastGates>(columns, bias, input, cell, hiddenOut);
            else Run256<ExactGates>(columns, bias, input, cell, hiddenOut);
        }
    }

    static void Run256<TGates>(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, ReadOnlySpan<float> input,
                               Span<float> cell, Span<float> hiddenOut) where TGates : struct, IGates
    {
        int hp = cell.Length, cols = input.Length;
        ref float w = ref MemoryMarshal.GetReference(columns);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float c = ref MemoryMarshal.GetReference(cell);
        ref float h = ref MemoryMarshal.GetReference(hiddenOut);
        nuint stride = (nuint)(4 * hp);
        for (int unit = 0; unit < hp; unit += 8)
        {
            nuint r = (nuint)(unit * 4);
            var i0 = Vector256.LoadUnsafe(ref b, r);
            var f0 = Vector256.LoadUnsafe(ref b, r + 8);
            var g0 = Vector256.LoadUnsafe(ref b, r + 16);
            var o0 = Vector256.LoadUnsafe(ref b, r + 24);
            Vector256<float> i1 = default, f1 = default, g1 = default, o1 = default;
            int j = 0;
            nuint offset = r;
            for (; j + 1 < cols; j += 2, offset += 2 * stride)
            {
                var xa = Vector256.Create(Unsafe.Add(ref x, j));
                var xb = Vector256.Create(Unsafe.Add(ref x, j + 1));
                i0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset), xa, i0);
                f0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 8), xa, f0);
                g0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 16), xa, g0);
                o0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 24), xa, o0);
                i1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + stride), xb, i1);
                f1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + stride + 8), xb, f1);
                g1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + stride + 16), xb, g1);
                o1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + stride + 24), xb, o1);
            }
            if (j < cols)
            {
                var xa = Vector256.Create(Unsafe.Add(ref x, j));
                i0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset), xa, i0);
                f0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 8), xa, f0);
                g0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 16), xa, g0);
                o0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 24), xa, o0);
            }
            var inputGate = TGates.Sigmoid(i0 + i1);
            var forgetGate = TGates.Sigmoid(f0 + f1);
            var candidate = TGates.Tanh(g0 + g1);
            var outputGate = TGates.Sigmoid(o0 + o1);
            var cNew = GateMath.FlushTiny(TGates.CellUpdate(forgetGate, Vector256.LoadUnsafe(ref c, (nuint)unit), inputGate, candidate));
            cNew.StoreUnsafe(ref c, (nuint)unit);
            GateMath.FlushTiny(outputGate * TGates.Tanh(cNew)).StoreUnsafe(ref h, (nuint)unit);
        }
    }

    static void Run512<TGates>(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, ReadOnlySpan<float> input,
                               Span<float> cell, Span<float> hiddenOut) where TGates : struct, IGates
    {
        int hp = cell.Length, cols = input.Length;
        ref float w = ref MemoryMarshal.GetReference(columns);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float c = ref MemoryMarshal.GetReference(cell);
        ref float h = ref MemoryMarshal.GetReference(hiddenOut);
        nuint stride = (nuint)(4 * hp);
        for (int unit = 0; unit < hp; unit += 16)
        {
            nuint r = (nuint)(unit * 4);
            var i0 = Vector512.LoadUnsafe(ref b, r);
            var f0 = Vector512.LoadUnsafe(ref b, r + 16);
            var g0 = Vector512.LoadUnsafe(ref b, r + 32);
            var o0 = Vector512.LoadUnsafe(ref b, r + 48);
            Vector512<float> i1 = default, f1 = default, g1 = default, o1 = default;
            int j = 0;
            nuint offset = r;
            for (; j + 1 < cols; j += 2, offset += 2 * stride)
            {
                var xa = Vector512.Create(Unsafe.Add(ref x, j));
                var xb = Vector512.Create(Unsafe.Add(ref x, j + 1));
                i0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset), xa, i0);
                f0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + 16), xa, f0);
                g0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + 32), xa, g0);
                o0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + 48), xa, o0);
                i1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + stride), xb, i1);
                f1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + stride + 16), xb, f1);
                g1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + stride + 32), xb, g1);
                o1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + stride + 48), xb, o1);
            }
            if (j < cols)
            {
                var xa = Vector512.Create(Unsafe.Add(ref x, j));
                i0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset), xa, i0);
                f0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + 16), xa, f0);
                g0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + 32), xa, g0);
                o0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, offset + 48), xa, o0);
            }
            var inputGate = TGates.Sigmoid(i0 + i1);
            var forgetGate = TGates.Sigmoid(f0 + f1);
            var candidate = TGates.Tanh(g0 + g1);
            var outputGate = TGates.Sigmoid(o0 + o1);
            var cNew = GateMath.FlushTiny(TGates.CellUpdate(forgetGate, Vector512.LoadUnsafe(ref c, (nuint)unit), inputGate, candidate));
            cNew.StoreUnsafe(ref c, (nuint)unit);
            GateMath.FlushTiny(outputGate * TGates.Tanh(cNew)).StoreUnsafe(ref h, (nuint)unit);
        }
    }

    /// <summary>Plain loops over the same layout with <see cref="GateMath"/>'s scalar references.</summary>
    public static void Reference(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, ReadOnlySpan<float> input,
                                 Span<float> cell, Span<float> hiddenOut, int block, TanhMode mode)
    {
        int hp = cell.Length, rows = 4 * hp;
        bool fast = mode == TanhMode.Fast;
        Span<float> z = stackalloc float[4];
        for (int k = 0; k < hp; k++)
        {
            for (int gate = 0; gate < 4; gate++)
            {
                int row = RowOf(gate, k, block);
                float sum = bias[row];
                for (int j = 0; j < input.Length; j++) sum += columns[j * rows + row] * input[j];
                z[gate] = sum;
            }
            float i = Sig(z[0], fast), f = Sig(z[1], fast), g = Th(z[2], fast), o = Sig(z[3], fast);
            cell[k] = GateMath.FlushTinyReference(f * cell[k] + i * g);
            hiddenOut[k] = GateMath.FlushTinyReference(o * Th(cell[k], fast));
        }
    }

    static float Sig(float x, bool fast) => fast ? GateMath.FastSigmoidReference(x) : GateMath.SigmoidReference(x);
    static float Th(float x, bool fast) => fast ? GateMath.FastTanhReference(x) : GateMath.TanhReference(x);

    interface IGates
    {
        static abstract Vector256<float> Sigmoid(Vector256<float> x);
        static abstract Vector256<float> Tanh(Vector256<float> x);
        static abstract Vector256<float> CellUpdate(Vector256<float> f, Vector256<float> c, Vector256<float> i, Vector256<float> g);
        static abstract Vector512<float> Sigmoid(Vector512<float> x);
        static abstract Vector512<float> Tanh(Vector512<float> x);
        static abstract Vector512<float> CellUpdate(Vector512<float> f, Vector512<float> c, Vector512<float> i, Vector512<float> g);
    }

    readonly struct ExactGates : IGates
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sigmoid(Vector256<float> x) => GateMath.Sigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x) => GateMath.Tanh(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> CellUpdate(Vector256<float> f, Vector256<float> c, Vector256<float> i, Vector256<float> g) =>
            Vector256.FusedMultiplyAdd(f, c, i * g);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sigmoid(Vector512<float> x) => GateMath.Sigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Tanh(Vector512<float> x) => GateMath.Tanh(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> CellUpdate(Vector512<float> f, Vector512<float> c, Vector512<float> i, Vector512<float> g) =>
            Vector512.FusedMultiplyAdd(f, c, i * g);
    }

    // NAM's fast path: fast_sigmoid/fast_tanh and plain multiply-adds, as Core computes them.
    readonly struct FastGates : IGates
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sigmoid(Vector256<float> x) => GateMath.FastSigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x) => GateMath.FastTanh(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> CellUpdate(Vector256<float> f, Vector256<float> c, Vector256<float> i, Vector256<float> g) =>
            f * c + i * g;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sigmoid(Vector512<float> x) => GateMath.FastSigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Tanh(Vector512<float> x) => GateMath.FastTanh(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> CellUpdate(Vector512<float> f, Vector512<float> c, Vector512<float> i, Vector512<float> g) =>
            f * c + i * g;
    }
}
