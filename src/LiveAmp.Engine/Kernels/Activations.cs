using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LiveAmp.Engine.Kernels;

/// <summary>Element-wise activation kernels over spans, in place. Exact forms use TensorPrimitives (vectorized,
/// within a few ulp of the C library); the fast forms are NAM's rational approximation (model-formats.md §2.0.1).</summary>
public static class Activations
{
    /// <summary>Exact tanh (a few ulp from MathF.Tanh everywhere, small arguments included); see <see cref="PreciseTanh"/>.</summary>
    public static void Tanh(Span<float> x) => PreciseTanh.Apply(x);

    public static void Sigmoid(Span<float> x) => TensorPrimitives.Sigmoid(x, x);

    /// <summary>NAM's <c>fast_tanh</c>, vectorized. Matches <see cref="FastTanhReference"/> to the last bit.</summary>
    public static void FastTanh(Span<float> x)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                FastTanh(Vector512.Create(x[i..])).CopyTo(x[i..]);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                FastTanh(Vector256.Create(x[i..])).CopyTo(x[i..]);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= x.Length - Vector128<float>.Count; i += Vector128<float>.Count)
                FastTanh(Vector128.Create(x[i..])).CopyTo(x[i..]);
        for (; i < x.Length; i++) x[i] = FastTanhReference(x[i]);
    }

    /// <summary>NAM's <c>fast_sigmoid(x) = 0.5·(fast_tanh(0.5·x) + 1)</c>.</summary>
    public static void FastSigmoid(Span<float> x)
    {
        TensorPrimitives.Multiply(x, 0.5f, x);
        FastTanh(x);
        TensorPrimitives.Add(x, 1f, x);
        TensorPrimitives.Multiply(x, 0.5f, x);
    }

    /// <summary>The definition, in Core's float32 operation order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FastTanhReference(float x)
    {
        float ax = MathF.Abs(x), x2 = x * x;
        return x * (2.45550750702956f + 2.45550750702956f * ax + (0.893229853513558f + 0.821226666969744f * ax) * x2)
               / (2.44506634652299f + (2.44506634652299f + x2) * MathF.Abs(x + 0.814642734961073f * x * ax));
    }

    public static float FastSigmoidReference(float x) => 0.5f * (FastTanhReference(0.5f * x) + 1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> FastTanh(Vector512<float> x)
    {
        var ax = Vector512.Abs(x); var x2 = x * x;
        var num = x * (Vector512.Create(2.45550750702956f) + Vector512.Create(2.45550750702956f) * ax
                       + (Vector512.Create(0.893229853513558f) + Vector512.Create(0.821226666969744f) * ax) * x2);
        var den = Vector512.Create(2.44506634652299f)
                  + (Vector512.Create(2.44506634652299f) + x2) * Vector512.Abs(x + Vector512.Create(0.814642734961073f) * x * ax);
        return num / den;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> FastTanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x); var x2 = x * x;
        var num = x * (Vector256.Create(2.45550750702956f) + Vector256.Create(2.45550750702956f) * ax
                       + (Vector256.Create(0.893229853513558f) + Vector256.Create(0.821226666969744f) * ax) * x2);
        var den = Vector256.Create(2.44506634652299f)
                  + (Vector256.Create(2.44506634652299f) + x2) * Vector256.Abs(x + Vector256.Create(0.814642734961073f) * x * ax);
        return num / den;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<float> FastTanh(Vector128<float> x)
    {
        var ax = Vector128.Abs(x); var x2 = x * x;
        var num = x * (Vector128.Create(2.45550750702956f) + Vector128.Create(2.45550750702956f) * ax
                       + (Vector128.Create(0.893229853513558f) + Vector128.Create(0.821226666969744f) * ax) * x2);
        var den = Vector128.Create(2.44506634652299f)
                  + (Vector128.Create(2.44506634652299f) + x2) * Vector128.Abs(x + Vector128.Create(0.814642734961073f) * x * ax);
        return num / den;
    }
}
