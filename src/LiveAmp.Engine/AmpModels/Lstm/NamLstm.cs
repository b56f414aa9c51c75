using LiveAmp.Engine.Kernels.Recurrent;
using LiveAmp.Engine.Layers.Recurrent;

namespace LiveAmp.Engine.AmpModels.Lstm;

/// <summary>NAM's "LSTM" (model-formats.md §2.3): stacked LSTM layers on a mono input, then a linear head
/// <c>y = W_o·h + b_o</c>. <see cref="AmpModelBase.Reset"/> restores the file's <c>h0</c>/<c>c0</c> and then
/// prewarms <c>floor(0.5·file rate)</c> zeros (1 when the rate is unknown), rounded up to whole blocks.</summary>
public sealed class NamLstm : AmpModelBase
{
    readonly LstmLayer[] _layers;
    readonly float[] _head;     // PaddedHidden of the last layer, zero-padded
    readonly float _headBias;

    public override ModelInfo Info { get; }

    internal IReadOnlyList<LstmLayer> Layers => _layers;

    public NamLstm(LstmLayer[] layers, ReadOnlySpan<float> head, float headBias, long parameterCount,
                   int prewarmFrames, ModelOptions options)
        : base(options)
    {
        if (layers.Length == 0) throw new ArgumentException("NamLstm needs at least one layer.");
        if (layers[0].InputSize != 1) throw new ArgumentException("NamLstm: the first layer must take one input.");
        var last = layers[^1];
        if (head.Length != last.HiddenSize) throw new ArgumentException($"NamLstm: head {head.Length} != hidden {last.HiddenSize}");
        _layers = layers;
        _head = new float[last.PaddedHidden];
        head.CopyTo(_head);
        _headBias = headBias;
        long macs = last.HiddenSize;
        foreach (var layer in layers) macs += layer.MacsPerFrame;
        Info = new ModelInfo("LSTM", $"{layers.Length}×{layers[0].HiddenSize} LSTM, {options.Tanh} tanh",
                             parameterCount, macs, null, prewarmFrames);
    }

    /// <summary>Frames of NAM's prewarm for a file rate (§2.3): half a second, or 1 when unknown. A corrupt rate
    /// cannot make Prepare run for minutes: the rate counts as at most 768 kHz here.</summary>
    public static int PrewarmFramesFor(double? fileSampleRate) =>
        fileSampleRate is double rate && rate > 0 ? (int)Math.Floor(0.5 * Math.Min(rate, 768_000)) : 1;

    protected override void OnPrepare(int sampleRate, int maxBlockFrames) { }

    protected override void OnReset()
    {
        foreach (var layer in _layers) layer.Reset();
    }

    protected override void ProcessChunk(Span<float> block)
    {
        var mode = Options.Tanh;
        var first = _layers[0];
        var last = _layers[^1];
        if (_layers.Length == 1 && first.SupportsMonoBlock)
        {
            first.RunMonoBlock(block, _head, _headBias, mode);
            return;
        }
        if (_layers.Length == 1)
        {
            for (int t = 0; t < block.Length; t++)
            {
                first.Step(block[t], mode);
                block[t] = PaddedDot.Compute(_head, first.PaddedHiddenState) + _headBias;
            }
            return;
        }
        for (int t = 0; t < block.Length; t++)
        {
            first.Step(block[t], mode);
            for (int l = 1; l < _layers.Length; l++) _layers[l].Step(_layers[l - 1].Hidden, mode);
            block[t] = PaddedDot.Compute(_head, last.PaddedHiddenState) + _headBias;
        }
    }
}
