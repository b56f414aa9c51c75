using System.Text.Json;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.Keras;
using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Layers.Recurrent;

namespace LiveAmp.Engine.Formats.GuitarMl;

/// <summary>Builds a <see cref="LayerStackModel"/> from a GuitarML/Wright <c>SimpleRNN</c> file
/// (model-formats.md §4.2): PyTorch LSTM (rows i, f, g, o) or GRU (rows r, z, n, reordered here to z, r, n),
/// then <c>lin</c>, plus the input when <c>skip</c> is 1. Sizes come from <c>model_data</c> and are checked
/// against every <c>state_dict</c> tensor before anything is allocated.</summary>
public static class GuitarMlReader
{
    const int MaxHidden = 4096, MaxLayers = 64;

    public static IAmpModel Read(JsonField root, ModelOptions options)
    {
        var data = root.Get("model_data").RequireObject();
        var state = root.Get("state_dict").RequireObject();
        var modelField = data.Find("model");
        if (modelField is { } mf && mf.GetString() != "SimpleRNN")
            throw mf.Error($"unknown GuitarML model \"{mf.GetString()}\"; only \"SimpleRNN\" is supported.");
        var unitField = data.Get("unit_type");
        string unit = unitField.GetString();
        int gates = unit switch
        {
            "LSTM" => 4,
            "GRU" => 3,
            _ => throw unitField.Error($"unit_type \"{unit}\" is not supported; expected \"LSTM\" or \"GRU\"."),
        };
        int inputSize = data.Get("input_size").GetInt(1, MaxHidden);
        if (inputSize != 1) throw data.Get("input_size").Error($"the model takes {inputSize} inputs per sample (a conditioned model); only 1 is supported.");
        int outputSize = data.Find("output_size")?.GetInt(1, MaxHidden) ?? 1;
        if (outputSize != 1) throw data.Get("output_size").Error($"the model gives {outputSize} outputs; only mono models (1 output) can be played.");
        int hidden = data.Get("hidden_size").GetInt(1, MaxHidden);
        int layerCount = data.Find("num_layers")?.GetInt(1, MaxLayers) ?? 1;
        int skip = data.Find("skip")?.GetInt(0, 1) ?? 0;
        bool linearBias = data.Find("bias_fl")?.GetBool() ?? true;

        var layers = new KerasLayer[layerCount + 1];
        for (int k = 0; k < layerCount; k++)
        {
            int d = k == 0 ? inputSize : hidden, rows = gates * hidden;
            var wIh = JsonTensor.Read(Tensor(state, $"rec.weight_ih_l{k}"), $"{unit} layer {k} weight_ih", rows, d);
            var wHh = JsonTensor.Read(Tensor(state, $"rec.weight_hh_l{k}"), $"{unit} layer {k} weight_hh", rows, hidden);
            var bIh = JsonTensor.Read(Tensor(state, $"rec.bias_ih_l{k}"), $"{unit} layer {k} bias_ih", rows);
            var bHh = JsonTensor.Read(Tensor(state, $"rec.bias_hh_l{k}"), $"{unit} layer {k} bias_hh", rows);
            long parameters = wIh.Length + wHh.Length + bIh.Length + bHh.Length;
            if (gates == 4)
            {
                var combined = new float[rows * (d + hidden)];
                var bias = new float[rows];
                for (int r = 0; r < rows; r++)
                {
                    wIh.AsSpan(r * d, d).CopyTo(combined.AsSpan(r * (d + hidden)));
                    wHh.AsSpan(r * hidden, hidden).CopyTo(combined.AsSpan(r * (d + hidden) + d));
                    bias[r] = bIh[r] + bHh[r];
                }
                layers[k] = new KerasLstmLayer(new LstmLayer(d, hidden, combined, bias, [], []), parameters, options.Tanh);
            }
            else
            {
                // PyTorch r, z, n → keras z, r, n: swap the first two row blocks of every tensor.
                SwapFirstBlocks(wIh, hidden * d);
                SwapFirstBlocks(wHh, hidden * hidden);
                SwapFirstBlocks(bIh, hidden);
                SwapFirstBlocks(bHh, hidden);
                layers[k] = new KerasGruLayer(new GruLayer(d, hidden, wIh, wHh, bIh, bHh), parameters, options.Tanh);
            }
        }
        var linear = JsonTensor.Read(Tensor(state, "lin.weight"), "lin.weight", outputSize, hidden);
        float[]? linearBiasValues = linearBias ? JsonTensor.Read(Tensor(state, "lin.bias"), "lin.bias", outputSize) : null;
        layers[^1] = new DenseLayer("linear", hidden, outputSize, linear, linearBiasValues, KerasActivationKind.None);

        return new LayerStackModel("GuitarML " + unit, layers, 1f, 1f, skip == 1, options);
    }

    static JsonField Tensor(JsonField state, string key)
    {
        var field = state.Get(key);
        return field.Kind == JsonValueKind.Array ? field : throw field.Error($"expected a tensor (nested arrays of numbers), got {field.Describe()}");
    }

    static void SwapFirstBlocks(float[] values, int blockLength)
    {
        for (int i = 0; i < blockLength; i++) (values[i], values[blockLength + i]) = (values[blockLength + i], values[i]);
    }
}
