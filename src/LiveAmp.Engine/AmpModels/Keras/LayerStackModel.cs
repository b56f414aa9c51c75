namespace LiveAmp.Engine.AmpModels.Keras;

/// <summary>A mono model made of a stack of <see cref="KerasLayer"/>s: keras/RTNeural/AIDA-X files and GuitarML
/// SimpleRNN files. Per frame, as current AIDA-X applies its settings (model-formats.md §4.1.4):
/// <c>u = g_in·x; y = (skip ? u + f(u) : f(u))·g_out</c>. State starts at zero; prewarm is 2,048 zeros
/// (AIDA-X and NeuralAudio), run on Prepare and Reset unless turned off.</summary>
public sealed class LayerStackModel : AmpModelBase
{
    public const int DefaultPrewarmFrames = 2048;

    readonly KerasLayer[] _layers;
    readonly float[][] _buffers; // _buffers[l] is the input of layer l; the last is the output
    readonly float _inputGain, _outputGain;
    readonly bool _skip;

    public override ModelInfo Info { get; }
    internal IReadOnlyList<KerasLayer> Layers => _layers;

    public LayerStackModel(string architecture, KerasLayer[] layers, float inputGain, float outputGain, bool skip, ModelOptions options)
        : base(options)
    {
        if (layers.Length == 0) throw new ArgumentException("a layer stack needs at least one layer");
        if (layers[0].InputSize != 1 || layers[^1].OutputSize != 1)
            throw new ArgumentException($"a mono stack needs 1 input and 1 output, got {layers[0].InputSize} and {layers[^1].OutputSize}");
        for (int l = 1; l < layers.Length; l++)
            if (layers[l].InputSize != layers[l - 1].OutputSize)
                throw new ArgumentException($"layer {l} takes {layers[l].InputSize} but layer {l - 1} gives {layers[l - 1].OutputSize}");
        _layers = layers;
        _buffers = new float[layers.Length + 1][];
        _buffers[0] = new float[1];
        for (int l = 0; l < layers.Length; l++) _buffers[l + 1] = new float[layers[l].OutputSize];
        _inputGain = inputGain;
        _outputGain = outputGain;
        _skip = skip;
        long parameters = 0, macs = 0;
        foreach (var layer in layers)
        {
            parameters += layer.ParameterCount;
            macs += layer.MacsPerFrame;
        }
        string description = string.Join(" → ", layers.Select(l => $"{l.Kind} {l.OutputSize}")) + (skip ? ", skip" : "");
        Info = new ModelInfo(architecture, description, parameters, macs, null, DefaultPrewarmFrames);
    }

    protected override void OnPrepare(int sampleRate, int maxBlockFrames) { }

    protected override void OnReset()
    {
        foreach (var layer in _layers) layer.Reset();
    }

    protected override void ProcessChunk(Span<float> block)
    {
        var layers = _layers;
        var buffers = _buffers;
        var output = buffers[^1];
        for (int t = 0; t < block.Length; t++)
        {
            float u = _inputGain * block[t];
            buffers[0][0] = u;
            for (int l = 0; l < layers.Length; l++) layers[l].Forward(buffers[l], buffers[l + 1]);
            float y = _skip ? u + output[0] : output[0];
            block[t] = y * _outputGain;
        }
    }
}
