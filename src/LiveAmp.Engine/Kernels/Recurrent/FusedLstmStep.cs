using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    /// <summary>Whether <see cref="RunMonoBlock"/> can run a single-input layer of this padded hidden size: the
    /// whole hidden state must fit one vector (8 units with AVX2, 16 with AVX-512) so it can stay in a register.</summary>
    public static bool SupportsMonoBlock(int paddedHidden, int block) =>
        paddedHidden == block && (block == 16 ? Avx512F.IsSupported && Vector512.IsHardwareAccelerated
                                              : block == 8 && Avx2.IsSupported);

    /// <summary>A whole block through a one-input LSTM layer and its linear head, in place:
    /// <c>samples[t] ← head·h_t + headBias</c>. The per-sample step is latency-bound, so h and c stay in registers
    /// for the whole block (no store/reload between samples), h[j] is broadcast by a lane permute, and each gate
    /// is summed in four independent FMA chains. Same layout as <see cref="Step"/> with D = 1.</summary>
    /// <param name="columns">(1 + Hp) columns × 4·Hp rows, as for <see cref="Step"/>.</param>
    /// <param name="hidden">Hp, the state, read and written back.</param>
    /// <param name="cell">Hp, read and written back.</param>
    /// <param name="head">Hp, zero-padded.</param>
    public static void RunMonoBlock(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, Span<float> hidden, Span<float> cell,
                                    ReadOnlySpan<float> head, float headBias, Span<float> samples, TanhMode mode)
    {
        int hp = cell.Length;
        if (!SupportsMonoBlock(hp, hp) || hidden.Length != hp || head.Length != hp || bias.Length != 4 * hp
            || columns.Length != 4 * hp * (1 + hp))
            throw new ArgumentException($"FusedLstmStep.RunMonoBlock: hidden {hp}, bias {bias.Length}, columns {columns.Length}, head {head.Length}");
        if (hp == 16)
        {
            if (mode == TanhMode.Fast) Mono512<FastGates>(columns, bias, hidden, cell, head, headBias, samples);
            else Mono512<ExactGates>(columns, bias, hidden, cell, head, headBias, samples);
        }
        else
        {
            if (mode == TanhMode.Fast) Mono256<FastGates>(columns, bias, hidden, cell, head, headBias, samples);
            else Mono256<ExactGates>(columns, bias, hidden, cell, head, headBias, samples);
        }
    }

    static void Mono512<TGates>(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, Span<float> hidden, Span<float> cell,
                                ReadOnlySpan<float> head, float headBias, Span<float> samples) where TGates : struct, IGates
    {
        ref float w = ref MemoryMarshal.GetReference(columns);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float s = ref MemoryMarshal.GetReference(samples);
        var h = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(hidden));
        var c = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(cell));
        var headRow = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(head));
        for (int t = 0; t < samples.Length; t++)
        {
            // Input term and bias do not depend on h: they start chain 0 off the critical path.
            var x = Vector512.Create(Unsafe.Add(ref s, t));
            var i0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, 0), x, Vector512.LoadUnsafe(ref b, 0));
            var f0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, 16), x, Vector512.LoadUnsafe(ref b, 16));
            var g0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, 32), x, Vector512.LoadUnsafe(ref b, 32));
            var o0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, 48), x, Vector512.LoadUnsafe(ref b, 48));
            Vector512<float> i1 = default, f1 = default, g1 = default, o1 = default;
            Vector512<float> i2 = default, f2 = default, g2 = default, o2 = default;
            Vector512<float> i3 = default, f3 = default, g3 = default, o3 = default;
            // h[j..j+3] copied into every 128-bit lane by one cross-lane permute, then each h[j] broadcast by a
            // cheap in-lane permute: 4 cross-lane permutes a step instead of 16.
            var lanes = Vector512.Create(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
            nuint col = 64; // column 1 + j holds the weights of h[j]
            for (int j = 0; j < 16; j += 4, col += 256, lanes += Vector512.Create(4))
            {
                var quad = Avx512F.PermuteVar16x32(h, lanes);
                var h0 = Avx512F.Permute4x32(quad, 0x00);
                var h1 = Avx512F.Permute4x32(quad, 0x55);
                var h2 = Avx512F.Permute4x32(quad, 0xAA);
                var h3 = Avx512F.Permute4x32(quad, 0xFF);
                i0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col), h0, i0);
                f0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 16), h0, f0);
                g0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 32), h0, g0);
                o0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 48), h0, o0);
                i1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 64), h1, i1);
                f1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 80), h1, f1);
                g1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 96), h1, g1);
                o1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 112), h1, o1);
                i2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 128), h2, i2);
                f2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 144), h2, f2);
                g2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 160), h2, g2);
                o2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 176), h2, o2);
                i3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 192), h3, i3);
                f3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 208), h3, f3);
                g3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 224), h3, g3);
                o3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, col + 240), h3, o3);
            }
            // Close the chains before any gate math: 4 live vectors instead of 16 leaves registers for its
            // constants, so nothing on the recurrence is spilled.
            var iz = (i0 + i1) + (i2 + i3);
            var fz = (f0 + f1) + (f2 + f3);
            var gz = (g0 + g1) + (g2 + g3);
            var oz = (o0 + o1) + (o2 + o3);
            var inputGate = TGates.Sigmoid(iz);
            var forgetGate = TGates.Sigmoid(fz);
            var candidate = TGates.Tanh(gz);
            var outputGate = TGates.Sigmoid(oz);
            // tanh reads the cell before its flush, so the flush is off the h chain; the result is the same, as a
            // cell below the flush threshold gives an h below it too (|o·tanh c| ≤ |c|) and h is flushed.
            var cRaw = TGates.CellUpdate(forgetGate, c, inputGate, candidate);
            c = GateMath.FlushTiny(cRaw);
            h = GateMath.FlushTiny(outputGate * TGates.Tanh(cRaw));
            // The head is off the recurrence: its reduction overlaps the next sample's step.
            Unsafe.Add(ref s, t) = GateMath.HorizontalSum(h * headRow) + headBias;
        }
        h.StoreUnsafe(ref MemoryMarshal.GetReference(hidden));
        c.StoreUnsafe(ref MemoryMarshal.GetReference(cell));
    }

    static void Mono256<TGates>(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, Span<float> hidden, Span<float> cell,
                                ReadOnlySpan<float> head, float headBias, Span<float> samples) where TGates : struct, IGates
    {
        ref float w = ref MemoryMarshal.GetReference(columns);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float s = ref MemoryMarshal.GetReference(samples);
        var h = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(hidden));
        var c = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(cell));
        var headRow = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(head));
        for (int t = 0; t < samples.Length; t++)
        {
            var x = Vector256.Create(Unsafe.Add(ref s, t));
            var i0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, 0), x, Vector256.LoadUnsafe(ref b, 0));
            var f0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, 8), x, Vector256.LoadUnsafe(ref b, 8));
            var g0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, 16), x, Vector256.LoadUnsafe(ref b, 16));
            var o0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, 24), x, Vector256.LoadUnsafe(ref b, 24));
            Vector256<float> i1 = default, f1 = default, g1 = default, o1 = default;
            Vector256<float> i2 = default, f2 = default, g2 = default, o2 = default;
            Vector256<float> i3 = default, f3 = default, g3 = default, o3 = default;
            var lane = Vector256<int>.Zero;
            nuint col = 32;
            for (int j = 0; j < 8; j += 4, col += 128, lane += Vector256.Create(4))
            {
                var h0 = Avx2.PermuteVar8x32(h, lane);
                var h1 = Avx2.PermuteVar8x32(h, lane + Vector256.Create(1));
                var h2 = Avx2.PermuteVar8x32(h, lane + Vector256.Create(2));
                var h3 = Avx2.PermuteVar8x32(h, lane + Vector256.Create(3));
                i0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col), h0, i0);
                f0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 8), h0, f0);
                g0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 16), h0, g0);
                o0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 24), h0, o0);
                i1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 32), h1, i1);
                f1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 40), h1, f1);
                g1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 48), h1, g1);
                o1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 56), h1, o1);
                i2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 64), h2, i2);
                f2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 72), h2, f2);
                g2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 80), h2, g2);
                o2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 88), h2, o2);
                i3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 96), h3, i3);
                f3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 104), h3, f3);
                g3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 112), h3, g3);
                o3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, col + 120), h3, o3);
            }
            // Close the chains before any gate math: 4 live vectors instead of 16 leaves registers for its
            // constants, so nothing on the recurrence is spilled.
            var iz = (i0 + i1) + (i2 + i3);
            var fz = (f0 + f1) + (f2 + f3);
            var gz = (g0 + g1) + (g2 + g3);
            var oz = (o0 + o1) + (o2 + o3);
            var inputGate = TGates.Sigmoid(iz);
            var forgetGate = TGates.Sigmoid(fz);
            var candidate = TGates.Tanh(gz);
            var outputGate = TGates.Sigmoid(oz);
            // tanh reads the cell before its flush, so the flush is off the h chain; the result is the same, as a
            // cell below the flush threshold gives an h below it too (|o·tanh c| ≤ |c|) and h is flushed.
            var cRaw = TGates.CellUpdate(forgetGate, c, inputGate, candidate);
            c = GateMath.FlushTiny(cRaw);
            h = GateMath.FlushTiny(outputGate * TGates.Tanh(cRaw));
            Unsafe.Add(ref s, t) = GateMath.HorizontalSum(h * headRow) + headBias;
        }
        h.StoreUnsafe(ref MemoryMarshal.GetReference(hidden));
        c.StoreUnsafe(ref MemoryMarshal.GetReference(cell));
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

    // Accurate gates: the rational forms (about 3e-7 from tanhf/the logistic) are as good as the expm1 ones
    // for gate values, where only absolute error counts, and much shorter on the recurrence.
    readonly struct ExactGates : IGates
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sigmoid(Vector256<float> x) => GateMath.RationalSigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x) => GateMath.RationalTanh(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> CellUpdate(Vector256<float> f, Vector256<float> c, Vector256<float> i, Vector256<float> g) =>
            Vector256.FusedMultiplyAdd(f, c, i * g);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sigmoid(Vector512<float> x) => GateMath.RationalSigmoid(x);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Tanh(Vector512<float> x) => GateMath.RationalTanh(x);
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
