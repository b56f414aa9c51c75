using System.Text.Json;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.Keras;
using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Layers.Recurrent;

namespace LiveAmp.Engine.Formats.Keras;

/// <summary>Builds a <see cref="LayerStackModel"/> from an RTNeural/keras/AIDA-X file (model-formats.md §4.1):
/// <c>in_shape</c>, <c>layers</c> (dense, time-distributed-dense, lstm, gru, conv1d, batchnorm, prelu, activation)
/// and the AIDA-X settings <c>in_skip</c>, <c>in_gain</c>, <c>out_gain</c>. Each layer's input width is the
/// previous layer's output; its <c>shape</c> must agree with its weights.</summary>
public static class KerasModelReader
{
    const int MaxWidth = 1 << 16;
    const double MaxGainDb = 100;

    public static IAmpModel Read(JsonField root, ModelOptions options)
    {
        int width = ReadInputWidth(root);
        var layersField = root.Get("layers");
        if (layersField.Kind != JsonValueKind.Array) throw layersField.Error($"expected an array of layers, got {layersField.Describe()}");
        if (layersField.Length == 0) throw layersField.Error("expected at least one layer, got an empty array");
        var layers = new KerasLayer[layersField.Length];
        for (int l = 0; l < layers.Length; l++)
        {
            layers[l] = ReadLayer(layersField[l], width, options);
            width = layers[l].OutputSize;
        }
        if (width != 1)
            throw layersField[layers.Length - 1].Error($"the last layer gives {width} outputs; only mono models (1 output) can be played.");

        int skip = root.Find("in_skip")?.GetInt(0, 1) ?? 0;
        float inputGain = DbToGain(root.Find("in_gain"));
        float outputGain = DbToGain(root.Find("out_gain"));
        bool recurrentLstm = layers.Any(l => l is KerasLstmLayer), recurrentGru = layers.Any(l => l is KerasGruLayer);
        string architecture = recurrentLstm ? "Keras LSTM" : recurrentGru ? "Keras GRU" : "Keras";
        return new LayerStackModel(architecture, layers, inputGain, outputGain, skip == 1, options) { Metadata = ReadMetadata(root) };
    }

    static int ReadInputWidth(JsonField root)
    {
        var shape = root.Get("in_shape");
        if (shape.Kind != JsonValueKind.Array || shape.Length == 0)
            throw shape.Error($"expected an array such as [null, null, 1], got {shape.Describe()}");
        int features = shape[shape.Length - 1].GetInt(1, MaxWidth);
        if (features != 1)
            throw shape[shape.Length - 1].Error($"the model takes {features} inputs per sample (a conditioned model); only 1 is supported.");
        return features;
    }

    static KerasLayer ReadLayer(JsonField layer, int inputWidth, ModelOptions options)
    {
        layer.RequireObject();
        string type = layer.Get("type").GetString();
        var weights = layer.Get("weights");
        if (weights.Kind != JsonValueKind.Array) throw weights.Error($"expected an array of weight tensors, got {weights.Describe()}");
        var activationField = layer.Find("activation");
        string activationName = activationField?.GetString() ?? "";
        KerasActivationKind Activation() => KerasActivation.Parse(activationName)
            ?? throw activationField!.Value.Error($"unknown activation \"{activationName}\"; expected one of {KerasActivation.Known}.");
        int OutputWidth()
        {
            var shape = layer.Get("shape");
            if (shape.Kind != JsonValueKind.Array || shape.Length == 0)
                throw shape.Error($"expected an output shape such as [null, null, 8], got {shape.Describe()}");
            return shape[shape.Length - 1].GetInt(1, MaxWidth);
        }
        void ExpectTensorCount(params int[] allowed)
        {
            if (!allowed.Contains(weights.Length))
                throw weights.Error($"a {type} layer has {string.Join(" or ", allowed)} weight tensors, got {weights.Length}");
        }

        switch (type)
        {
            case "dense":
            case "time-distributed-dense":
            {
                int output = OutputWidth();
                ExpectTensorCount(1, 2);
                var kernel = JsonTensor.Read(weights[0], $"{type} kernel", inputWidth, output);
                float[]? bias = weights.Length == 2 ? JsonTensor.Read(weights[1], $"{type} bias", output) : null;
                return new DenseLayer(type, inputWidth, output, Transpose(kernel, inputWidth, output), bias, Activation());
            }
            case "lstm":
            {
                int h = OutputWidth();
                ExpectTensorCount(3);
                var kernel = JsonTensor.Read(weights[0], "lstm kernel", inputWidth, 4 * h);
                var recurrent = JsonTensor.Read(weights[1], "lstm recurrent kernel", h, 4 * h);
                var bias = JsonTensor.Read(weights[2], "lstm bias", 4 * h);
                var combined = new float[4 * h * (inputWidth + h)];
                for (int r = 0; r < 4 * h; r++)
                {
                    for (int j = 0; j < inputWidth; j++) combined[r * (inputWidth + h) + j] = kernel[j * 4 * h + r];
                    for (int j = 0; j < h; j++) combined[r * (inputWidth + h) + inputWidth + j] = recurrent[j * 4 * h + r];
                }
                var cell = new LstmLayer(inputWidth, h, combined, bias, [], []);
                return new KerasLstmLayer(cell, kernel.Length + recurrent.Length + bias.Length, options.Tanh);
            }
            case "gru":
            {
                int h = OutputWidth();
                ExpectTensorCount(3);
                var kernel = JsonTensor.Read(weights[0], "gru kernel", inputWidth, 3 * h);
                var recurrent = JsonTensor.Read(weights[1], "gru recurrent kernel", h, 3 * h);
                var bias = JsonTensor.Read(weights[2], "gru bias (keras reset_after=True: input row, recurrent row)", 2, 3 * h);
                var cell = new GruLayer(inputWidth, h, Transpose(kernel, inputWidth, 3 * h), Transpose(recurrent, h, 3 * h),
                                        bias.AsSpan(0, 3 * h), bias.AsSpan(3 * h));
                return new KerasGruLayer(cell, kernel.Length + recurrent.Length + bias.Length, options.Tanh);
            }
            case "conv1d":
            {
                int output = OutputWidth();
                int kernelSize = ReadScalarOrSingleton(layer.Get("kernel_size"), 1, 4096);
                int dilation = ReadScalarOrSingleton(layer.Get("dilation"), 1, 1 << 16);
                var groupsField = layer.Find("groups");
                int groups = groupsField?.GetInt(1, MaxWidth) ?? 1;
                if (inputWidth % groups != 0 || output % groups != 0)
                    throw groupsField!.Value.Error($"groups {groups} must divide the input width {inputWidth} and the output width {output}");
                ExpectTensorCount(2);
                var kernel = JsonTensor.Read(weights[0], "conv1d kernel", kernelSize, inputWidth / groups, output);
                var bias = JsonTensor.Read(weights[1], "conv1d bias", output);
                return new Conv1dLayer(inputWidth, output, kernelSize, dilation, groups, kernel, bias, Activation());
            }
            case "batchnorm":
            {
                int output = OutputWidth();
                if (output != inputWidth) throw layer.Get("shape").Error($"a batchnorm keeps its width {inputWidth}, but the shape says {output}");
                ExpectTensorCount(2, 4);
                bool affine = weights.Length == 4;
                var tensors = new float[weights.Length][];
                string[] names = affine ? ["gamma", "beta", "moving mean", "moving variance"] : ["moving mean", "moving variance"];
                for (int i = 0; i < tensors.Length; i++) tensors[i] = JsonTensor.Read(weights[i], $"batchnorm {names[i]}", inputWidth);
                var epsilonField = layer.Get("epsilon");
                float epsilon = (float)epsilonField.GetDouble();
                var variance = tensors[^1];
                for (int i = 0; i < variance.Length; i++)
                    if (!(variance[i] + epsilon > 0f))
                        throw weights[weights.Length - 1][i].Error($"batchnorm variance {variance[i]} + epsilon {epsilon} must be positive");
                return new BatchNormLayer(inputWidth, affine ? tensors[0] : null, affine ? tensors[1] : null, tensors[^2], variance, epsilon, Activation());
            }
            case "prelu":
            {
                int output = OutputWidth();
                if (output != inputWidth) throw layer.Get("shape").Error($"a prelu keeps its width {inputWidth}, but the shape says {output}");
                ExpectTensorCount(1);
                var shape = JsonTensor.InferShape(weights[0]);
                int count = shape.Length == 2 && shape[0] == 1 && shape[1] == 1 ? 1 : inputWidth;
                var slopes = JsonTensor.Read(weights[0], "prelu slopes", 1, count);
                return new PReluLayer(inputWidth, slopes);
            }
            case "activation":
            {
                ExpectTensorCount(0);
                if (layer.Has("shape") && OutputWidth() != inputWidth)
                    throw layer.Get("shape").Error($"an activation keeps its width {inputWidth}, but the shape says {OutputWidth()}");
                return new ActivationLayer(inputWidth, Activation());
            }
            default:
                throw layer.Get("type").Error($"unknown layer type \"{type}\"; expected dense, time-distributed-dense, lstm, gru, conv1d, batchnorm, prelu or activation.");
        }
    }

    static int ReadScalarOrSingleton(JsonField field, int min, int max)
    {
        if (field.Kind == JsonValueKind.Array)
        {
            if (field.Length != 1) throw field.Error($"expected one value, got {field.Describe()}");
            return field[0].GetInt(min, max);
        }
        return field.GetInt(min, max);
    }

    /// <summary>keras stores kernels input-major ([in][out]); the layers take output-major rows.</summary>
    static float[] Transpose(float[] inputMajor, int inputs, int outputs)
    {
        var result = new float[inputMajor.Length];
        for (int i = 0; i < inputs; i++)
            for (int o = 0; o < outputs; o++) result[o * inputs + i] = inputMajor[i * outputs + o];
        return result;
    }

    static float DbToGain(JsonField? field)
    {
        if (field is not { } f) return 1f;
        double db = f.GetDouble();
        if (Math.Abs(db) > MaxGainDb) throw f.Error($"a gain of {db} dB is outside ±{MaxGainDb} dB");
        return (float)Math.Pow(10, db / 20);
    }

    static ModelMetadata ReadMetadata(JsonField root)
    {
        var metadata = root.Find("metadata");
        double? rate = ReadRate(root.Find("samplerate")) ?? (metadata is { } m && m.Kind == JsonValueKind.Object ? ReadRate(m.Find("samplerate")) : null);
        string? name = metadata is { } md && md.Kind == JsonValueKind.Object ? md.FindString("name") : null;
        string? author = metadata is { } ma && ma.Kind == JsonValueKind.Object ? ma.FindString("author") : root.FindString("author");
        return new ModelMetadata { SampleRate = rate, Name = name, ModeledBy = author };
    }

    /// <summary>AIDA-X writes the rate as a number or, in some files, a string ("48000").</summary>
    static double? ReadRate(JsonField? field)
    {
        if (field is not { } f) return null;
        if (f.Kind == JsonValueKind.String && double.TryParse(f.GetString(), System.Globalization.CultureInfo.InvariantCulture, out double parsed) && parsed > 0)
            return parsed;
        if (f.Kind == JsonValueKind.Number) return f.GetDouble() > 0 ? f.GetDouble() : throw f.Error("the sample rate must be positive");
        throw f.Error($"expected a sample rate in Hz, got {f.Describe()}");
    }
}
