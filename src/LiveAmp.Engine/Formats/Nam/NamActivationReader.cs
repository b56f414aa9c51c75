using System.Text.Json;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Json;
using LiveAmp.Engine.Layers;

namespace LiveAmp.Engine.Formats.Nam;

/// <summary>Reads an activation given as a name (<c>"Tanh"</c>) or an object (<c>{"type": "LeakyReLU",
/// "negative_slope": 0.02}</c>), model-formats.md §2.0.1.</summary>
public static class NamActivationReader
{
    static readonly string[] Known =
        ["Tanh", "Fasttanh", "Hardtanh", "ReLU", "LeakyReLU", "PReLU", "Sigmoid", "SiLU", "Hardswish", "LeakyHardtanh", "LeakyHardTanh", "Softsign"];

    public static Activation Read(JsonField field, ModelOptions options)
    {
        JsonField? parameters = null;
        string name;
        if (field.Kind == JsonValueKind.Object)
        {
            name = field.Get("type").GetString();
            parameters = field;
        }
        else if (field.Kind == JsonValueKind.String) name = field.GetString();
        else throw field.Error($"expected an activation name or object, got {field.Describe()}");

        float Param(string key, float fallback) =>
            parameters?.Find(key) is { } value ? ToFloat(value) : fallback;

        return name switch
        {
            "Tanh" => Activation.Tanh(options.Tanh == TanhMode.Fast),
            "Fasttanh" => Activation.Tanh(fast: true),
            "Hardtanh" => Activation.Simple(Activation.Kind.Hardtanh),
            "ReLU" => Activation.Simple(Activation.Kind.ReLU),
            "Sigmoid" => Activation.Simple(Activation.Kind.Sigmoid),
            "SiLU" => Activation.Simple(Activation.Kind.SiLU),
            "Hardswish" => Activation.Simple(Activation.Kind.Hardswish),
            "Softsign" => Activation.Simple(Activation.Kind.Softsign),
            "LeakyReLU" => Activation.Leaky(Param("negative_slope", 0.01f)),
            "LeakyHardtanh" or "LeakyHardTanh" => Activation.LeakyHardtanh(
                Param("min_val", -1f), Param("max_val", 1f), Param("min_slope", 0.01f), Param("max_slope", 0.01f)),
            "PReLU" => Activation.PReLU(parameters?.Find("negative_slopes") is { } list
                ? ReadSlopes(list)
                : [Param("negative_slope", 0.01f)]),
            _ => throw (parameters?.Get("type") ?? field).Error(
                $"unknown activation \"{Bounded(name)}\"; expected one of {string.Join(", ", Known)}"),
        };
    }

    static float[] ReadSlopes(JsonField list)
    {
        int n = list.Length;
        if (n < 1 || n > NamLimits.MaxChannels) throw list.Error($"expected 1 to {NamLimits.MaxChannels} slopes, got {n:N0}");
        var slopes = new float[n];
        for (int i = 0; i < n; i++) slopes[i] = ToFloat(list[i]);
        return slopes;
    }

    static float ToFloat(JsonField value)
    {
        float f = (float)value.GetDouble();
        return float.IsFinite(f) ? f : throw value.Error($"{value.Describe()} is outside the float32 range");
    }

    static string Bounded(string text) => text.Length > 40 ? text[..37] + "..." : text;
}
