using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Formats.Nam;
using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.AmpModels.Linear;

/// <summary>Builds NAM's Linear model (model-formats.md §2.1). <c>weights[0]</c> multiplies the current sample, as
/// in Core (the reverse of every convolution).</summary>
public static class NamLinearReader
{
    static readonly string[] Implementations = ["auto", "direct", "legacy", "old", "fft", "partitioned_fft", "partitioned-fft"];

    public static IAmpModel Read(JsonField config, JsonField weightsField, ModelMetadata metadata, ModelOptions options)
    {
        int length = config.Get("receptive_field").GetInt(1, NamLimits.MaxLinearTaps);
        bool bias = config.Get("bias").GetBool();
        foreach (string key in new[] { "in_channels", "out_channels" })
            if (config.Find(key) is { } f && f.GetInt(1, NamLimits.MaxChannels) != 1)
                throw f.Error($"LiveAmp runs mono models; expected 1, got {f.Describe()}");
        if (config.Find("implementation") is { } impl && !Implementations.Contains(impl.GetString().ToLowerInvariant()))
            throw impl.Error($"unknown implementation {impl.Describe()}; expected one of {string.Join(", ", Implementations)}");

        var w = NamReader.ReadWeights(weightsField, length + (bias ? 1L : 0), "Linear");
        w.Context = "Linear impulse response";
        var h = w.Read(length);
        var taps = new float[length];
        for (int k = 0; k < length; k++) taps[k] = h[length - 1 - k]; // tap K−1 is the current sample
        float[] b = bias ? w.Read(1) : [];
        w.ExpectEnd("Linear");
        var filter = new Conv1d(1, 1, length, 1, taps, b);
        return new LinearModel(filter, $"FIR, {length} taps{(bias ? ", bias" : "")}", w.Count, options) { Metadata = metadata };
    }
}
