using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.ConvNet;

/// <summary>One ConvNet block: a kernel-2 dilated conv, the folded batchnorm (scale, loc; empty without batchnorm),
/// then the activation (model-formats.md §2.2).</summary>
public sealed record ConvNetBlock(Conv1d Conv, float[] Scale, float[] Loc);

/// <summary>NAM's ConvNet: dilated kernel-2 blocks, then a 1×1 head.</summary>
public sealed class ConvNetModel : AmpModelBase
{
    readonly ConvNetBlock[] _blocks;
    readonly Activation _activation;
    readonly Conv1x1 _head;
    Rows _last, _output;

    public ConvNetModel(ConvNetBlock[] blocks, Activation activation, Conv1x1 head, string description, long parameterCount,
                        ModelOptions options) : base(options)
    {
        _blocks = blocks;
        _activation = activation;
        _head = head;
        int lookback = blocks.Sum(b => b.Conv.Lookback);
        long macs = blocks.Sum(b => b.Conv.Macs) + head.Macs;
        Info = new ModelInfo("ConvNet", description, parameterCount, macs, lookback, lookback + 1);
    }

    public override ModelInfo Info { get; }

    protected override void OnPrepare(int sampleRate, int maxBlockFrames)
    {
        foreach (var block in _blocks) block.Conv.Prepare(maxBlockFrames);
        _last = Rows.Allocate(_blocks[^1].Conv.OutChannels, maxBlockFrames);
        _output = Rows.Allocate(_head.OutChannels, maxBlockFrames);
    }

    protected override void OnReset()
    {
        foreach (var block in _blocks) block.Conv.Clear();
    }

    protected override void ProcessChunk(Span<float> block)
    {
        int n = block.Length;
        block.CopyTo(_blocks[0].Conv.BeginInput(n).Row(0, n));
        for (int i = 0; i < _blocks.Length; i++)
        {
            // Each block writes straight into the next block's history.
            var next = i + 1 < _blocks.Length ? _blocks[i + 1].Conv.BeginInput(n) : _last;
            var b = _blocks[i];
            b.Conv.Compute(next, n);
            for (int c = 0; c < next.Count; c++)
            {
                var row = next.Row(c, n);
                if (b.Scale.Length > 0)
                {
                    float scale = b.Scale[c], loc = b.Loc[c];
                    for (int t = 0; t < n; t++) row[t] = row[t] * scale + loc;
                }
                _activation.Apply(row, c);
            }
        }
        _head.Apply(_last, _output, n);
        _output.Row(0, n).CopyTo(block);
    }
}
