using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.Linear;

/// <summary>NAM's Linear model, a plain FIR filter <c>y_t = b + Σ_k h[k]·x_{t−k}</c> (model-formats.md §2.1).
/// No prewarm. Unlike Core, <see cref="AmpModelBase.Reset"/> clears the history, as every LiveAmp model does.</summary>
public sealed class LinearModel : AmpModelBase
{
    readonly Conv1d _filter;
    Rows _output;

    public LinearModel(Conv1d filter, string description, long parameterCount, ModelOptions options) : base(options)
    {
        _filter = filter;
        Info = new ModelInfo("Linear", description, parameterCount, filter.Macs, filter.Lookback, 0);
    }

    public override ModelInfo Info { get; }

    protected override void OnPrepare(int sampleRate, int maxBlockFrames)
    {
        _filter.Prepare(maxBlockFrames);
        _output = Rows.Allocate(1, maxBlockFrames);
    }

    protected override void OnReset() => _filter.Clear();

    protected override void ProcessChunk(Span<float> block)
    {
        int n = block.Length;
        block.CopyTo(_filter.BeginInput(n).Row(0, n));
        _filter.Compute(_output, n);
        _output.Row(0, n).CopyTo(block);
    }
}
