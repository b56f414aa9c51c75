using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Kernels.Recurrent;

namespace LiveAmp.Engine.Layers.Recurrent;

/// <summary>One LSTM layer, stepped one frame at a time. Built from PyTorch/NAM form: <c>W</c> is
/// <c>4H × (D + H)</c> row-major (<c>[W_ih | W_hh]</c>), rows in gate order i, f, g, o, one summed bias.
/// Internally the weights are stored column by column, hidden size padded to <see cref="PaddedHidden"/> and the
/// four gates' rows interleaved per 8 units, so one <see cref="FusedLstmStep"/> pass computes a step. All memory
/// is allocated here.</summary>
public sealed class LstmLayer
{
    readonly float[] _columns;      // (D + Hp) columns × 4·Hp rows
    readonly float[] _bias;         // 4·Hp
    readonly float[] _initialHidden, _initialCell; // Hp
    // Two [x (D) ; h (Hp)] buffers used in turn: a step reads one and writes the new h into the other, so the
    // state needs no copy. _inputAndHidden is the one holding the current h.
    float[] _inputAndHidden, _spare;
    readonly float[] _cell;         // Hp
    readonly int _block;            // 8 or 16 hidden units per vector block

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int PaddedHidden { get; }

    /// <param name="weights">4H × (D + H), row-major.</param>
    /// <param name="bias">4H.</param>
    /// <param name="initialHidden">H values, or empty for zeros.</param>
    /// <param name="initialCell">H values, or empty for zeros.</param>
    public LstmLayer(int inputSize, int hiddenSize, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
                     ReadOnlySpan<float> initialHidden, ReadOnlySpan<float> initialCell)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        int d = inputSize, h = hiddenSize, block = FusedLstmStep.BlockFor(h), hp = FusedLstmStep.PaddedSize(h, block), rows = 4 * hp;
        if (weights.Length != 4 * h * (d + h) || bias.Length != 4 * h
            || initialHidden.Length is not 0 && initialHidden.Length != h || initialCell.Length is not 0 && initialCell.Length != h)
            throw new ArgumentException($"LSTM {d}→{h}: weights {weights.Length}, bias {bias.Length}, h0 {initialHidden.Length}, c0 {initialCell.Length}");
        InputSize = d;
        HiddenSize = h;
        PaddedHidden = hp;
        _block = block;
        _columns = new float[(d + hp) * rows];
        _bias = new float[rows];
        for (int gate = 0; gate < 4; gate++)
            for (int k = 0; k < h; k++)
            {
                int source = gate * h + k, target = FusedLstmStep.RowOf(gate, k, block);
                _bias[target] = bias[source];
                for (int j = 0; j < d + h; j++)
                    _columns[j * rows + target] = weights[source * (d + h) + j];
            }
        _initialHidden = new float[hp];
        _initialCell = new float[hp];
        initialHidden.CopyTo(_initialHidden);
        initialCell.CopyTo(_initialCell);
        _inputAndHidden = new float[d + hp];
        _spare = new float[d + hp];
        _cell = new float[hp];
        Reset();
    }

    /// <summary>The current hidden state (H values): the layer's output.</summary>
    public ReadOnlySpan<float> Hidden => _inputAndHidden.AsSpan(InputSize, HiddenSize);

    /// <summary>Hidden and cell state including padding, for tests (denormal checks).</summary>
    internal ReadOnlySpan<float> State => _inputAndHidden;

    /// <summary>The hidden state with its zero padding (PaddedHidden values).</summary>
    public ReadOnlySpan<float> PaddedHiddenState => _inputAndHidden.AsSpan(InputSize);
    internal ReadOnlySpan<float> Cell => _cell;

    public long MacsPerFrame => 4L * HiddenSize * (InputSize + HiddenSize);

    /// <summary>Back to the initial state given at construction.</summary>
    public void Reset()
    {
        _initialHidden.CopyTo(_inputAndHidden.AsSpan(InputSize));
        _initialCell.CopyTo(_cell, 0);
    }

    public void Step(ReadOnlySpan<float> input, TanhMode mode)
    {
        input.CopyTo(_inputAndHidden);
        Advance(mode);
    }

    /// <summary>One frame of a single-input layer.</summary>
    public void Step(float input, TanhMode mode)
    {
        _inputAndHidden[0] = input;
        Advance(mode);
    }

    /// <summary>Whether <see cref="RunMonoBlock"/> is available: one input and a hidden state of one vector.</summary>
    public bool SupportsMonoBlock => InputSize == 1 && FusedLstmStep.SupportsMonoBlock(PaddedHidden, _block);

    /// <summary>A whole block through this layer and a linear head in one kernel call (see
    /// <see cref="FusedLstmStep.RunMonoBlock"/>); <paramref name="head"/> is PaddedHidden values.</summary>
    public void RunMonoBlock(Span<float> samples, ReadOnlySpan<float> head, float headBias, TanhMode mode) =>
        FusedLstmStep.RunMonoBlock(_columns, _bias, _inputAndHidden.AsSpan(InputSize), _cell, head, headBias, samples, mode);

    void Advance(TanhMode mode)
    {
        FusedLstmStep.Step(_columns, _bias, _inputAndHidden, _cell, _spare.AsSpan(InputSize), _block, mode);
        (_inputAndHidden, _spare) = (_spare, _inputAndHidden);
    }
}
