using System.Numerics.Tensors;
using LiveAmp.Engine.Kernels;

namespace LiveAmp.Engine.Layers;

/// <summary>The activations NAM Core runs (model-formats.md §2.0.1), applied in place to one channel row.
/// <c>Tanh</c> follows the model's <see cref="AmpModels.TanhMode"/>; <c>Fasttanh</c> is always the approximation.</summary>
public sealed class Activation
{
    public enum Kind { Tanh, FastTanh, Hardtanh, ReLU, LeakyReLU, PReLU, Sigmoid, SiLU, Hardswish, LeakyHardtanh, Softsign }

    readonly float[] _slopes;
    readonly float _min, _max, _minSlope, _maxSlope;

    Activation(Kind kind, string name, float[]? slopes = null, float min = -1f, float max = 1f, float minSlope = 0.01f, float maxSlope = 0.01f)
    {
        Type = kind;
        Name = name;
        _slopes = slopes ?? [0.01f];
        _min = min; _max = max; _minSlope = minSlope; _maxSlope = maxSlope;
    }

    public Kind Type { get; }
    public string Name { get; }

    /// <summary>PReLU with one slope per channel needs exactly that many channels; 0 = any.</summary>
    public int RequiredChannels => Type == Kind.PReLU && _slopes.Length > 1 ? _slopes.Length : 0;

    public static Activation Simple(Kind kind) => new(kind, kind.ToString());
    public static Activation Tanh(bool fast) => new(fast ? Kind.FastTanh : Kind.Tanh, "Tanh");
    public static Activation Leaky(float slope) => new(Kind.LeakyReLU, "LeakyReLU", [slope]);
    public static Activation PReLU(float[] slopes) => new(Kind.PReLU, "PReLU", slopes);
    public static Activation LeakyHardtanh(float min, float max, float minSlope, float maxSlope) =>
        new(Kind.LeakyHardtanh, "LeakyHardtanh", null, min, max, minSlope, maxSlope);

    /// <summary>Applies to the first <paramref name="frames"/> of every row; one call over the whole buffer when
    /// the rows are back to back and the activation does not depend on the channel.</summary>
    public void Apply(Rows rows, int frames)
    {
        if (rows.Stride == frames && !(Type == Kind.PReLU && _slopes.Length > 1))
        {
            Apply(rows.Data.AsSpan(rows.Start, rows.Count * frames), 0);
            return;
        }
        for (int c = 0; c < rows.Count; c++) Apply(rows.Row(c, frames), c);
    }

    public void Apply(Span<float> x, int channel)
    {
        switch (Type)
        {
            case Kind.Tanh: Activations.Tanh(x); break;
            case Kind.FastTanh: Activations.FastTanh(x); break;
            case Kind.Hardtanh: TensorPrimitives.Clamp(x, -1f, 1f, x); break;
            case Kind.ReLU: TensorPrimitives.Max(x, 0f, x); break;
            case Kind.Sigmoid: Activations.Sigmoid(x); break;
            case Kind.LeakyReLU: Leaky(x, _slopes[0]); break;
            case Kind.PReLU: Leaky(x, _slopes.Length == 1 ? _slopes[0] : _slopes[channel]); break;
            case Kind.SiLU:
                for (int i = 0; i < x.Length; i++) x[i] *= 1f / (1f + MathF.Exp(-x[i]));
                break;
            case Kind.Hardswish:
                for (int i = 0; i < x.Length; i++) x[i] = x[i] * Math.Clamp(x[i] + 3f, 0f, 6f) / 6f;
                break;
            case Kind.LeakyHardtanh:
                for (int i = 0; i < x.Length; i++)
                {
                    float v = x[i];
                    x[i] = v < _min ? (v - _min) * _minSlope + _min : v > _max ? (v - _max) * _maxSlope + _max : v;
                }
                break;
            case Kind.Softsign:
                for (int i = 0; i < x.Length; i++) x[i] /= 1f + MathF.Abs(x[i]);
                break;
        }
    }

    static void Leaky(Span<float> x, float slope)
    {
        for (int i = 0; i < x.Length; i++) if (!(x[i] > 0f)) x[i] *= slope;
    }

    public override string ToString() => Name;
}
