using LiveAmp.Engine.Kernels.Recurrent;
using LiveAmp.Engine.Layers.Recurrent;

namespace LiveAmp.Engine.AmpModels.Keras;

/// <summary><c>dense</c>/<c>time-distributed-dense</c>: <c>y = W·x + b</c> then the activation. W is out × in, row-major.</summary>
public sealed class DenseLayer : KerasLayer
{
    readonly float[] _weights, _bias;
    readonly KerasActivationKind _activation;

    public DenseLayer(string kind, int inputSize, int outputSize, float[] weights, float[]? bias, KerasActivationKind activation)
        : base(kind, inputSize, outputSize)
    {
        if (weights.Length != inputSize * outputSize || bias is not null && bias.Length != outputSize)
            throw new ArgumentException($"dense {inputSize}→{outputSize}: weights {weights.Length}, bias {bias?.Length}");
        _weights = weights;
        _bias = bias ?? new float[outputSize];
        HasBias = bias is not null;
        _activation = activation;
    }

    public bool HasBias { get; }
    public override long ParameterCount => _weights.Length + (HasBias ? _bias.Length : 0);
    public override long MacsPerFrame => _weights.Length;

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int o = 0; o < OutputSize; o++)
        {
            var row = _weights.AsSpan(o * InputSize, InputSize);
            float sum = _bias[o];
            for (int i = 0; i < row.Length; i++) sum += row[i] * input[i];
            output[o] = sum;
        }
        KerasActivation.Apply(_activation, output[..OutputSize]);
    }
}

/// <summary><c>conv1d</c>, causal and streaming (keras <c>padding='causal'</c>): tap K−1 is the current frame,
/// tap i reads the frame (K−1−i)·d back. Kernel is keras <c>[K][in/groups][out]</c>, flattened.</summary>
public sealed class Conv1dLayer : KerasLayer
{
    readonly float[] _kernel, _bias;
    readonly int _taps, _dilation, _groups;
    readonly KerasActivationKind _activation;
    readonly float[] _history; // span frames × InputSize, circular
    readonly int _span;
    int _newest;

    public Conv1dLayer(int inputSize, int outputSize, int kernelSize, int dilation, int groups, float[] kernel, float[] bias,
                       KerasActivationKind activation)
        : base("conv1d", inputSize, outputSize)
    {
        if (inputSize % groups != 0 || outputSize % groups != 0 || kernel.Length != kernelSize * (inputSize / groups) * outputSize
            || bias.Length != outputSize)
            throw new ArgumentException($"conv1d {inputSize}→{outputSize} K {kernelSize} groups {groups}: kernel {kernel.Length}, bias {bias.Length}");
        _kernel = kernel;
        _bias = bias;
        _taps = kernelSize;
        _dilation = dilation;
        _groups = groups;
        _activation = activation;
        _span = (kernelSize - 1) * dilation + 1;
        _history = new float[_span * inputSize];
    }

    public override long ParameterCount => _kernel.Length + _bias.Length;
    public override long MacsPerFrame => _kernel.Length;

    public override void Reset()
    {
        Array.Clear(_history);
        _newest = 0;
    }

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        _newest = _newest + 1 == _span ? 0 : _newest + 1;
        input[..InputSize].CopyTo(_history.AsSpan(_newest * InputSize, InputSize));
        int groupIn = InputSize / _groups, groupOut = OutputSize / _groups;
        for (int o = 0; o < OutputSize; o++)
        {
            int firstInput = o / groupOut * groupIn;
            float sum = _bias[o];
            for (int tap = 0; tap < _taps; tap++)
            {
                int back = (_taps - 1 - tap) * _dilation, frame = _newest - back;
                if (frame < 0) frame += _span;
                var x = _history.AsSpan(frame * InputSize + firstInput, groupIn);
                int k = tap * groupIn * OutputSize + o;
                for (int j = 0; j < groupIn; j++) sum += _kernel[k + j * OutputSize] * x[j];
            }
            output[o] = sum;
        }
        KerasActivation.Apply(_activation, output[..OutputSize]);
    }
}

/// <summary><c>batchnorm</c> (inference): <c>γ·(x − μ)/sqrt(var + ε) + β</c>, folded into a scale and shift.</summary>
public sealed class BatchNormLayer : KerasLayer
{
    readonly float[] _scale, _shift;
    readonly long _parameters;

    public BatchNormLayer(int width, float[]? gamma, float[]? beta, float[] mean, float[] variance, float epsilon, KerasActivationKind activation)
        : base("batchnorm", width, width)
    {
        _scale = new float[width];
        _shift = new float[width];
        for (int i = 0; i < width; i++)
        {
            float scale = (gamma?[i] ?? 1f) / MathF.Sqrt(variance[i] + epsilon);
            _scale[i] = scale;
            _shift[i] = (beta?[i] ?? 0f) - mean[i] * scale;
        }
        _parameters = (gamma is null ? 2 : 4) * (long)width;
        Activation = activation;
    }

    KerasActivationKind Activation { get; }
    public override long ParameterCount => _parameters;
    public override long MacsPerFrame => InputSize;

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int i = 0; i < InputSize; i++) output[i] = input[i] * _scale[i] + _shift[i];
        KerasActivation.Apply(Activation, output[..OutputSize]);
    }
}

/// <summary><c>prelu</c>: <c>x ≥ 0 ? x : α_c·x</c>, one α per channel or one shared.</summary>
public sealed class PReluLayer : KerasLayer
{
    readonly float[] _slopes;

    public PReluLayer(int width, float[] slopes) : base("prelu", width, width)
    {
        if (slopes.Length != 1 && slopes.Length != width) throw new ArgumentException($"prelu {width}: {slopes.Length} slopes");
        _slopes = slopes;
    }

    public override long ParameterCount => _slopes.Length;
    public override long MacsPerFrame => 0;

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        bool shared = _slopes.Length == 1;
        for (int i = 0; i < InputSize; i++)
        {
            float x = input[i];
            output[i] = x >= 0f ? x : (shared ? _slopes[0] : _slopes[i]) * x;
        }
    }
}

/// <summary><c>activation</c>: the activation alone.</summary>
public sealed class ActivationLayer(int width, KerasActivationKind activation) : KerasLayer("activation", width, width)
{
    public override long ParameterCount => 0;
    public override long MacsPerFrame => 0;

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        input[..InputSize].CopyTo(output);
        KerasActivation.Apply(activation, output[..OutputSize]);
    }
}

/// <summary><c>lstm</c> (keras gate order i, f, c, o = PyTorch's i, f, g, o), stateful, zero initial state.</summary>
public sealed class KerasLstmLayer(LstmLayer cell, long parameterCount, TanhMode mode)
    : KerasLayer("lstm", cell.InputSize, cell.HiddenSize)
{
    internal LstmLayer Cell { get; } = cell;
    public override long ParameterCount => parameterCount;
    public override long MacsPerFrame => Cell.MacsPerFrame;
    public override void Reset() => Cell.Reset();

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Cell.Step(input[..InputSize], mode);
        Cell.Hidden.CopyTo(output);
    }
}

/// <summary><c>gru</c> (keras <c>reset_after=True</c>, gate order z, r, h), stateful, zero initial state.</summary>
public sealed class KerasGruLayer(GruLayer cell, long parameterCount, TanhMode mode)
    : KerasLayer("gru", cell.InputSize, cell.HiddenSize)
{
    internal GruLayer Cell { get; } = cell;
    public override long ParameterCount => parameterCount;
    public override long MacsPerFrame => Cell.MacsPerFrame;
    public override void Reset() => Cell.Reset();

    public override void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Cell.Step(input[..InputSize], mode);
        Cell.Hidden.CopyTo(output);
    }
}
