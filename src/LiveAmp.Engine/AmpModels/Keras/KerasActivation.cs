using System.Runtime.Intrinsics;
using LiveAmp.Engine.Kernels.Recurrent;

namespace LiveAmp.Engine.AmpModels.Keras;

/// <summary>The activations RTNeural's keras loader knows (model-formats.md §4.1.2); <c>""</c> is none.</summary>
public enum KerasActivationKind { None, Tanh, Relu, Sigmoid, Softmax, Elu }

public static class KerasActivation
{
    /// <summary>The kind for a keras name, or null when unknown.</summary>
    public static KerasActivationKind? Parse(string name) => name switch
    {
        "" => KerasActivationKind.None,
        "tanh" => KerasActivationKind.Tanh,
        "relu" => KerasActivationKind.Relu,
        "sigmoid" => KerasActivationKind.Sigmoid,
        "softmax" => KerasActivationKind.Softmax,
        "elu" => KerasActivationKind.Elu,
        _ => null,
    };

    public const string Known = "\"\", \"tanh\", \"relu\", \"sigmoid\", \"softmax\", \"elu\"";

    /// <summary>In place. tanh and sigmoid use the gate kernels eight at a time (within about 1e-7 of the C
    /// library, like RTNeural's Eigen path), the rest of the vector and the other functions use MathF.</summary>
    public static void Apply(KerasActivationKind kind, Span<float> values)
    {
        switch (kind)
        {
            case KerasActivationKind.Tanh:
            {
                int i = 0;
                for (; i + 8 <= values.Length; i += 8) GateMath.Tanh(Vector256.Create<float>(values[i..])).CopyTo(values[i..]);
                for (; i < values.Length; i++) values[i] = MathF.Tanh(values[i]);
                break;
            }
            case KerasActivationKind.Relu:
                for (int i = 0; i < values.Length; i++) values[i] = MathF.Max(values[i], 0f);
                break;
            case KerasActivationKind.Sigmoid:
            {
                int i = 0;
                for (; i + 8 <= values.Length; i += 8) GateMath.Sigmoid(Vector256.Create<float>(values[i..])).CopyTo(values[i..]);
                for (; i < values.Length; i++) values[i] = 1f / (1f + MathF.Exp(-values[i]));
                break;
            }
            case KerasActivationKind.Elu:
                for (int i = 0; i < values.Length; i++) values[i] = values[i] > 0f ? values[i] : MathF.Exp(values[i]) - 1f;
                break;
            case KerasActivationKind.Softmax:
                float max = float.NegativeInfinity, sum = 0f;
                foreach (float v in values) max = MathF.Max(max, v);
                for (int i = 0; i < values.Length; i++) sum += values[i] = MathF.Exp(values[i] - max);
                for (int i = 0; i < values.Length; i++) values[i] /= sum;
                break;
        }
    }
}
