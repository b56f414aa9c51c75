using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels.Recurrent;

/// <summary><c>z = b + W·x</c> with W stored column by column (<c>columns[j·rows + r] = W[r, j]</c>), so that one
/// pass over the input broadcasts each <c>x_j</c> against a contiguous column: every gate row of an LSTM or GRU
/// is computed together, eight rows per <see cref="Vector256{T}"/>, four vectors in flight.</summary>
public static class GateMatVec
{
    /// <param name="columns">cols × rows, column-major; rows is a multiple of 8.</param>
    /// <param name="bias">rows values.</param>
    /// <param name="input">cols values.</param>
    /// <param name="output">rows values.</param>
    public static void Compute(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output)
    {
        int rows = output.Length, cols = input.Length;
        if (rows % 8 != 0 || bias.Length != rows || columns.Length != rows * cols)
            throw new ArgumentException($"GateMatVec: rows {rows} (multiple of 8), bias {bias.Length}, columns {columns.Length} != {rows}×{cols}");
        ref float w = ref MemoryMarshal.GetReference(columns);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float z = ref MemoryMarshal.GetReference(output);
        int r = 0;
        for (; r + 32 <= rows; r += 32)
        {
            var a0 = Vector256.LoadUnsafe(ref b, (nuint)r);
            var a1 = Vector256.LoadUnsafe(ref b, (nuint)(r + 8));
            var a2 = Vector256.LoadUnsafe(ref b, (nuint)(r + 16));
            var a3 = Vector256.LoadUnsafe(ref b, (nuint)(r + 24));
            nuint offset = (nuint)r;
            for (int j = 0; j < cols; j++, offset += (nuint)rows)
            {
                var xj = Vector256.Create(Unsafe.Add(ref x, j));
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset), xj, a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 8), xj, a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 16), xj, a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset + 24), xj, a3);
            }
            a0.StoreUnsafe(ref z, (nuint)r);
            a1.StoreUnsafe(ref z, (nuint)(r + 8));
            a2.StoreUnsafe(ref z, (nuint)(r + 16));
            a3.StoreUnsafe(ref z, (nuint)(r + 24));
        }
        for (; r < rows; r += 8)
        {
            var a0 = Vector256.LoadUnsafe(ref b, (nuint)r);
            nuint offset = (nuint)r;
            for (int j = 0; j < cols; j++, offset += (nuint)rows)
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, offset), Vector256.Create(Unsafe.Add(ref x, j)), a0);
            a0.StoreUnsafe(ref z, (nuint)r);
        }
    }

    public static void Reference(ReadOnlySpan<float> columns, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output)
    {
        int rows = output.Length;
        for (int r = 0; r < rows; r++)
        {
            float sum = bias[r];
            for (int j = 0; j < input.Length; j++) sum += columns[j * rows + r] * input[j];
            output[r] = sum;
        }
    }
}
