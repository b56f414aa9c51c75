using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels.Complex;

/// <summary><c>acc += a · b</c> over split-complex spectra (separate real and imaginary arrays), element-wise.
/// The convolver's inner loop. Allocation-free; any thread.</summary>
public static class ComplexMac
{
    public static void Apply(ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe,
                             ReadOnlySpan<float> bIm, Span<float> accRe, Span<float> accIm)
    {
        int n = accRe.Length;
        if (aRe.Length != n || aIm.Length != n || bRe.Length != n || bIm.Length != n || accIm.Length != n)
            ThrowLengthMismatch(n);

        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var ar = Vector512.Create(aRe[i..]); var ai = Vector512.Create(aIm[i..]);
                var br = Vector512.Create(bRe[i..]); var bi = Vector512.Create(bIm[i..]);
                (Vector512.Create(accRe[i..]) + ar * br - ai * bi).CopyTo(accRe[i..]);
                (Vector512.Create(accIm[i..]) + ar * bi + ai * br).CopyTo(accIm[i..]);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var ar = Vector256.Create(aRe[i..]); var ai = Vector256.Create(aIm[i..]);
                var br = Vector256.Create(bRe[i..]); var bi = Vector256.Create(bIm[i..]);
                (Vector256.Create(accRe[i..]) + ar * br - ai * bi).CopyTo(accRe[i..]);
                (Vector256.Create(accIm[i..]) + ar * bi + ai * br).CopyTo(accIm[i..]);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var ar = Vector128.Create(aRe[i..]); var ai = Vector128.Create(aIm[i..]);
                var br = Vector128.Create(bRe[i..]); var bi = Vector128.Create(bIm[i..]);
                (Vector128.Create(accRe[i..]) + ar * br - ai * bi).CopyTo(accRe[i..]);
                (Vector128.Create(accIm[i..]) + ar * bi + ai * br).CopyTo(accIm[i..]);
            }
        // Accumulation is not idempotent, so the tail cannot re-run an overlapping vector: finish scalar.
        Reference(aRe[i..], aIm[i..], bRe[i..], bIm[i..], accRe[i..], accIm[i..]);
    }

    /// <summary>The definition. Vector paths match it bit for bit: same operation order, no FMA.</summary>
    internal static void Reference(ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe,
                                   ReadOnlySpan<float> bIm, Span<float> accRe, Span<float> accIm)
    {
        for (int k = 0; k < accRe.Length; k++)
        {
            accRe[k] = accRe[k] + aRe[k] * bRe[k] - aIm[k] * bIm[k];
            accIm[k] = accIm[k] + aRe[k] * bIm[k] + aIm[k] * bRe[k];
        }
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowLengthMismatch(int n) =>
        throw new ArgumentException($"every span must have the accumulator's length {n}");
}
