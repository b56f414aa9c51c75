using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Formats.Nam;
using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.ConvNet;

/// <summary>Builds NAM's ConvNet (model-formats.md §2.2) from a .nam config.</summary>
public static class NamConvNetReader
{
    public static IAmpModel Read(JsonField config, JsonField weightsField, ModelMetadata metadata, ModelOptions options)
    {
        int channels = config.Get("channels").GetInt(1, NamLimits.MaxChannels);
        var dilationsField = config.Get("dilations");
        int n = dilationsField.Length;
        if (n < 1 || n > NamLimits.MaxLayers) throw dilationsField.Error($"expected 1 to {NamLimits.MaxLayers} dilations, got {n:N0}");
        int[] dilations = dilationsField.GetIntArray(1, NamLimits.MaxDilation);
        bool batchnorm = config.Get("batchnorm").GetBool();
        var activationField = config.Get("activation");
        var activation = NamActivationReader.Read(activationField, options);
        if (activation.RequiredChannels != 0 && activation.RequiredChannels != channels)
            throw activationField.Error($"PReLU has {activation.RequiredChannels} slopes but is applied to {channels} channels");
        int groups = config.Find("groups")?.GetInt(1, NamLimits.MaxChannels) ?? 1;
        if (channels % groups != 0) throw config.Get("groups").Error($"{channels} channels are not divisible by {groups} groups");
        foreach (string key in new[] { "in_channels", "out_channels" })
            if (config.Find(key) is { } f && f.GetInt(1, NamLimits.MaxChannels) != 1)
                throw f.Error($"LiveAmp runs mono models; expected 1, got {f.Describe()}");
        long receptive = dilations.Sum(d => (long)d);
        if (receptive > NamLimits.MaxReceptiveField || receptive * channels > NamLimits.MaxHistoryFloats)
            throw dilationsField.Error($"the dilations add up to a receptive field of {receptive:N0} frames; at most {NamLimits.MaxReceptiveField:N0} are accepted");

        long expected = channels + 1L; // head
        for (int i = 0; i < n; i++)
            expected += NamWeights.ConvCount(i == 0 ? 1 : channels, channels, 2, !batchnorm, i == 0 ? 1 : groups)
                        + (batchnorm ? 4L * channels + 1 : 0);
        if (expected > NamLimits.MaxWeights)
            throw config.Error($"this config needs {expected:N0} weights, more than {NamLimits.MaxWeights:N0}; refused before allocating");
        var w = NamReader.ReadWeights(weightsField, expected, "ConvNet");

        var blocks = new ConvNetBlock[n];
        for (int i = 0; i < n; i++)
        {
            int cin = i == 0 ? 1 : channels;
            w.Context = $"ConvNet block {i}";
            var conv = new Conv1d(cin, channels, 2, dilations[i], NamWeights.ReadConv(w, cin, channels, 2, i == 0 ? 1 : groups),
                                  NamWeights.ReadBias(w, channels, !batchnorm));
            float[] scale = [], loc = [];
            if (batchnorm)
            {
                var mean = w.Read(channels); var variance = w.Read(channels);
                var weight = w.Read(channels); var bias = w.Read(channels);
                float eps = w.Next();
                scale = new float[channels]; loc = new float[channels];
                for (int c = 0; c < channels; c++)
                {
                    scale[c] = weight[c] / MathF.Sqrt(eps + variance[c]);
                    loc[c] = bias[c] - scale[c] * mean[c];
                    if (!float.IsFinite(scale[c]) || !float.IsFinite(loc[c]))
                        throw config.Get("batchnorm").Error($"block {i} channel {c}: batchnorm variance {variance[c]} with eps {eps} gives a non-finite scale");
                }
            }
            blocks[i] = new ConvNetBlock(conv, scale, loc);
        }
        w.Context = "ConvNet head";
        var head = new Conv1x1(channels, 1, NamWeights.ReadConv(w, channels, 1, 1, 1), w.Read(1));
        w.ExpectEnd("ConvNet");
        string description = $"{n} blocks, {channels} channels, K 2, {activation.Name}{(batchnorm ? ", batchnorm" : "")}";
        return new ConvNetModel(blocks, activation, head, description, w.Count, options) { Metadata = metadata };
    }
}
