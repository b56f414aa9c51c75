using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.WaveNet;

/// <summary>NAM's WaveNet as a mono <see cref="IAmpModel"/>: one input channel in, the first output channel out.</summary>
public sealed class WaveNetModel : AmpModelBase
{
    readonly WaveNetNetwork _network;
    Rows _input, _output;

    public WaveNetModel(WaveNetNetwork network, string description, long parameterCount, ModelOptions options) : base(options)
    {
        _network = network;
        Info = new ModelInfo("WaveNet", description, parameterCount, network.Macs, network.ReceptiveFieldFrames,
                             network.PrewarmFrames);
    }

    public override ModelInfo Info { get; }
    public WaveNetNetwork Network => _network;

    protected override void OnPrepare(int sampleRate, int maxBlockFrames)
    {
        _network.Prepare(maxBlockFrames);
        _input = Rows.Allocate(1, maxBlockFrames);
        _output = Rows.Allocate(_network.OutChannels, maxBlockFrames);
    }

    protected override void OnReset() => _network.Clear();

    protected override void ProcessChunk(Span<float> block)
    {
        int n = block.Length;
        block.CopyTo(_input.Row(0, n));
        _network.Process(_input, _output, n);
        _output.Row(0, n).CopyTo(block);
    }
}
