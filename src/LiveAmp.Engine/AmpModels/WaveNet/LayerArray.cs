using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.WaveNet;

/// <summary>A stack of residual layers sharing one head sum, closed by the head rechannel (§2.4.4).</summary>
public sealed class LayerArray(LayerArrayConfig config, Conv1x1 rechannel, WaveNetLayer[] layers, Conv1d headRechannel)
{
    Rows _output, _headSum;

    public LayerArrayConfig Config { get; } = config;
    public Rows Output => _output;
    public int HeadOutChannels => headRechannel.OutChannels;
    public int Lookback => layers.Sum(l => l.Lookback) + headRechannel.Lookback;
    public long Macs => rechannel.Macs + layers.Sum(l => l.Macs) + headRechannel.Macs;

    public void Prepare(int maxFrames)
    {
        foreach (var layer in layers) layer.Prepare(maxFrames);
        headRechannel.Prepare(maxFrames);
        _output = Rows.Allocate(Config.Channels, maxFrames);
        _headSum = Rows.Allocate(Config.HeadInputChannels, maxFrames);
    }

    public void Clear()
    {
        foreach (var layer in layers) layer.Clear();
        headRechannel.Clear();
    }

    /// <param name="incomingHead">The previous array's head output, or null for the first array (a zero head sum).</param>
    public void Process(Rows input, Rows cond, Rows? incomingHead, Rows headOut, int n)
    {
        var h = layers[0].BeginInput(n);
        rechannel.Apply(input, h, n);
        // The head sum is built in a compact scratch (one add per layer), then fed to the head rechannel.
        var headSum = _headSum;
        if (incomingHead is { } head) head.CopyTo(headSum, n); else headSum.Clear(n);
        for (int l = 0; l < layers.Length; l++)
        {
            var next = l + 1 < layers.Length ? layers[l + 1].BeginInput(n) : _output;
            layers[l].Process(h, cond, next, headSum, n);
            h = next;
        }
        if (headRechannel.Lookback == 0) headRechannel.ComputeFrom(headSum, headOut, n);
        else
        {
            headSum.CopyTo(headRechannel.BeginInput(n), n);
            headRechannel.Compute(headOut, n);
        }
    }
}
