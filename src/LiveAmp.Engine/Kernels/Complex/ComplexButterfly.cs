using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels.Complex;

/// <summary>One radix-2 decimation-in-time butterfly row over split-complex data, in place:
/// <c>t = b · w; b = a − t; a = a + t</c>, element-wise. The FFT calls it once per group of each stage whose
/// half-length is at least a vector wide. Allocation-free; any thread.</summary>
public static class ComplexButterfly
{
    public static void Apply(Span<float> aRe, Span<float> aIm, Span<float> bRe, Span<float> bIm,
                             ReadOnlySpan<float> wRe, ReadOnlySpan<float> wIm)
    {
        int n = aRe.Length;
        if (aIm.Length != n || bRe.Length != n || bIm.Length != n || wRe.Length != n || wIm.Length != n)
            ThrowLengthMismatch(n);

        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var br = Vector512.Create(bRe[i..]); var bi = Vector512.Create(bIm[i..]);
                var wr = Vector512.Create(wRe[i..]); var wi = Vector512.Create(wIm[i..]);
                var ar = Vector512.Create(aRe[i..]); var ai = Vector512.Create(aIm[i..]);
                var tr = br * wr - bi * wi; var ti = br * wi + bi * wr;
                (ar - tr).CopyTo(bRe[i..]); (ai - ti).CopyTo(bIm[i..]);
                (ar + tr).CopyTo(aRe[i..]); (ai + ti).CopyTo(aIm[i..]);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var br = Vector256.Create(bRe[i..]); var bi = Vector256.Create(bIm[i..]);
                var wr = Vector256.Create(wRe[i..]); var wi = Vector256.Create(wIm[i..]);
                var ar = Vector256.Create(aRe[i..]); var ai = Vector256.Create(aIm[i..]);
                var tr = br * wr - bi * wi; var ti = br * wi + bi * wr;
                (ar - tr).CopyTo(bRe[i..]); (ai - ti).CopyTo(bIm[i..]);
                (ar + tr).CopyTo(aRe[i..]); (ai + ti).CopyTo(aIm[i..]);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var br = Vector128.Create(bRe[i..]); var bi = Vector128.Create(bIm[i..]);
                var wr = Vector128.Create(wRe[i..]); var wi = Vector128.Create(wIm[i..]);
                var ar = Vector128.Create(aRe[i..]); var ai = Vector128.Create(aIm[i..]);
                var tr = br * wr - bi * wi; var ti = br * wi + bi * wr;
                (ar - tr).CopyTo(bRe[i..]); (ai - ti).CopyTo(bIm[i..]);
                (ar + tr).CopyTo(aRe[i..]); (ai + ti).CopyTo(aIm[i..]);
            }
        Reference(aRe[i..], aIm[i..], bRe[i..], bIm[i..], wRe[i..], wIm[i..]);
    }

    /// <summary>The definition. Vector paths match it bit for bit: same operation order, no FMA.</summary>
    internal static void Reference(Span<float> aRe, Span<float> aIm, Span<float> bRe, Span<float> bIm,
                                   ReadOnlySpan<float> wRe, ReadOnlySpan<float> wIm)
    {
        for (int k = 0; k < aRe.Length; k++)
        {
            float tr = bRe[k] * wRe[k] - bIm[k] * wIm[k];
            float ti = bRe[k] * wIm[k] + bIm[k] * wRe[k];
            float ar = aRe[k], ai = aIm[k];
            bRe[k] = ar - tr; bIm[k] = ai - ti;
            aRe[k] = ar + tr; aIm[k] = ai + ti;
        }
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowLengthMismatch(int n) =>
        throw new ArgumentException($"every span must have the first row's length {n}");
}
