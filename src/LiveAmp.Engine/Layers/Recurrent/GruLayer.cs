using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Kernels.Recurrent;

namespace LiveAmp.Engine.Layers.Recurrent;

/// <summary>One GRU layer (keras <c>reset_after=True</c>, the form RTNeural and PyTorch share), stepped one
/// frame at a time. Built from keras gate order z, r, n: <c>W_x</c> is <c>3H × D</c> and <c>W_h</c> is
/// <c>3H × H</c>, both row-major, with separate input and recurrent biases (b_hn sits inside r ⊙ (…)).
/// Internally column-major with each gate block padded to <see cref="PaddedHidden"/> rows. State starts at 0.</summary>
public sealed class GruLayer
{
    readonly float[] _inputColumns;   // D columns × 3·Hp rows
    readonly float[] _hiddenColumns;  // Hp columns × 3·Hp rows
    readonly float[] _inputBias, _hiddenBias; // 3·Hp
    readonly float[] _input;          // D
    readonly float[] _hidden;         // Hp
    readonly float[] _inputGates, _hiddenGates; // 3·Hp

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int PaddedHidden { get; }

    public GruLayer(int inputSize, int hiddenSize, ReadOnlySpan<float> inputWeights, ReadOnlySpan<float> hiddenWeights,
                    ReadOnlySpan<float> inputBias, ReadOnlySpan<float> hiddenBias)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        int d = inputSize, h = hiddenSize, hp = (h + 7) & ~7, rows = 3 * hp;
        if (inputWeights.Length != 3 * h * d || hiddenWeights.Length != 3 * h * h || inputBias.Length != 3 * h || hiddenBias.Length != 3 * h)
            throw new ArgumentException($"GRU {d}→{h}: W_x {inputWeights.Length}, W_h {hiddenWeights.Length}, biases {inputBias.Length}/{hiddenBias.Length}");
        InputSize = d;
        HiddenSize = h;
        PaddedHidden = hp;
        _inputColumns = new float[d * rows];
        _hiddenColumns = new float[hp * rows];
        _inputBias = new float[rows];
        _hiddenBias = new float[rows];
        for (int gate = 0; gate < 3; gate++)
            for (int k = 0; k < h; k++)
            {
                int source = gate * h + k, target = gate * hp + k;
                _inputBias[target] = inputBias[source];
                _hiddenBias[target] = hiddenBias[source];
                for (int j = 0; j < d; j++) _inputColumns[j * rows + target] = inputWeights[source * d + j];
                for (int j = 0; j < h; j++) _hiddenColumns[j * rows + target] = hiddenWeights[source * h + j];
            }
        _input = new float[d];
        _hidden = new float[hp];
        _inputGates = new float[rows];
        _hiddenGates = new float[rows];
    }

    public ReadOnlySpan<float> Hidden => _hidden.AsSpan(0, HiddenSize);
    internal ReadOnlySpan<float> State => _hidden;

    /// <summary>The hidden state with its zero padding (PaddedHidden values).</summary>
    public ReadOnlySpan<float> PaddedHiddenState => _hidden;

    public long MacsPerFrame => 3L * HiddenSize * (InputSize + HiddenSize);

    public void Reset() => Array.Clear(_hidden);

    public void Step(ReadOnlySpan<float> input, TanhMode mode)
    {
        input.CopyTo(_input);
        GateMatVec.Compute(_inputColumns, _inputBias, _input, _inputGates);
        GateMatVec.Compute(_hiddenColumns, _hiddenBias, _hidden, _hiddenGates);
        RecurrentCells.Gru(_inputGates, _hiddenGates, _hidden, mode);
    }
}
