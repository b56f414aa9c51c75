using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Layers.Recurrent;

namespace LiveAmp.Engine.AmpModels.Lstm;

/// <summary>Builds NAM's "LSTM" architecture (model-formats.md §2.3) from a .nam config and the weight cursor:
/// per layer <c>W [4H][D+H]</c>, <c>b [4H]</c>, <c>h0 [H]</c>, <c>c0 [H]</c>, then <c>W_o [1][H]</c>, <c>b_o</c>.
/// Sizes are checked against the weight count before anything is allocated.</summary>
public static class NamLstmReader
{
    const int MaxHidden = 4096, MaxLayers = 64;

    public static IAmpModel Read(JsonField config, WeightReader weights, ModelMetadata metadata, ModelOptions options)
    {
        config.RequireObject();
        int inputSize = config.Get("input_size").GetInt(1, 1 << 20);
        int hiddenSize = config.Get("hidden_size").GetInt(1, 1 << 20);
        int layerCount = config.Get("num_layers").GetInt(1, 1 << 20);
        int inChannels = config.Find("in_channels")?.GetInt(1, 1 << 20) ?? 1;
        int outChannels = config.Find("out_channels")?.GetInt(1, 1 << 20) ?? 1;

        // Count in 64 bits first: a corrupt hidden_size must be refused, not allocated.
        long needed = 0;
        for (int l = 0; l < layerCount; l++)
        {
            long d = l == 0 ? inputSize : hiddenSize;
            needed += 4L * hiddenSize * (d + hiddenSize) + 4L * hiddenSize + 2L * hiddenSize;
        }
        needed += (long)outChannels * hiddenSize + outChannels;
        if (needed > JsonTensor.MaxValues)
            throw config.Error($"an LSTM of {layerCount:N0} layers × {hiddenSize:N0} needs {needed:N0} weights, more than the {JsonTensor.MaxValues:N0} allowed; the sizes are corrupt.");
        if (needed != weights.Remaining)
            throw config.Error($"an LSTM of {layerCount:N0} layers × {hiddenSize:N0} (input_size {inputSize}, out_channels {outChannels}) needs {needed:N0} weights but the file has {weights.Remaining:N0}.");
        if (inputSize != 1 || inChannels != 1)
            throw config.Error($"only mono LSTMs can be played: input_size {inputSize}, in_channels {inChannels} (expected 1 and 1).");
        if (outChannels != 1)
            throw config.Get("out_channels").Error($"only mono LSTMs can be played: out_channels {outChannels} (expected 1).");
        if (hiddenSize > MaxHidden) throw config.Get("hidden_size").Error($"must be at most {MaxHidden:N0}, got {hiddenSize:N0}");
        if (layerCount > MaxLayers) throw config.Get("num_layers").Error($"must be at most {MaxLayers}, got {layerCount:N0}");

        int parameterStart = weights.Position;
        var layers = new LstmLayer[layerCount];
        for (int l = 0; l < layerCount; l++)
        {
            int d = l == 0 ? inputSize : hiddenSize, h = hiddenSize;
            var w = ReadFinite(weights, config, $"layer {l} weights [{4 * h}][{d + h}]", 4 * h * (d + h));
            var b = ReadFinite(weights, config, $"layer {l} bias [{4 * h}]", 4 * h);
            var h0 = ReadFinite(weights, config, $"layer {l} h0 [{h}]", h);
            var c0 = ReadFinite(weights, config, $"layer {l} c0 [{h}]", h);
            layers[l] = new LstmLayer(d, h, w, b, h0, c0);
        }
        var head = ReadFinite(weights, config, $"head weights [1][{hiddenSize}]", hiddenSize);
        float headBias = ReadFinite(weights, config, "head bias", 1)[0];
        weights.ExpectEnd("LSTM");

        return new NamLstm(layers, head, headBias, weights.Position - parameterStart,
                           NamLstm.PrewarmFramesFor(metadata.SampleRate), options) { Metadata = metadata };
    }

    static float[] ReadFinite(WeightReader weights, JsonField config, string what, int count)
    {
        weights.Context = $"LSTM {what}";
        int start = weights.Position;
        var values = weights.Read(count);
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ModelFormatException(config.SourceName, SourceLocation.Json($"$.weights[{start + i}]"),
                    $"LSTM {what}: weight {start + i:N0} is {values[i]}, expected a finite number.");
        return values;
    }
}
