using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels.Recurrent;

/// <summary>Dot product of two vectors whose length is a multiple of 8 (padded hidden states and the head row
/// that reads them); the recurrent models' output layer.</summary>
public static class PaddedDot
{
    public static float Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length % 8 != 0)
            throw new ArgumentException($"PaddedDot: lengths {a.Length} and {b.Length} (equal, multiples of 8)");
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var sum = Vector256<float>.Zero;
        for (int i = 0; i < a.Length; i += 8)
            sum = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i), sum);
        return Vector256.Sum(sum);
    }

    public static float Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
