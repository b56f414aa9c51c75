using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.ConvNet;
using LiveAmp.Engine.AmpModels.Linear;
using LiveAmp.Engine.AmpModels.Lstm;
using LiveAmp.Engine.AmpModels.WaveNet;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Json;

namespace LiveAmp.Engine.Formats.Nam;

/// <summary>Loads NAM's <c>.nam</c> files (model-formats.md §1): every version 0.5.0–0.7.x, the Linear, ConvNet,
/// LSTM and WaveNet architectures, and the metadata. Forms NAM Core runs but LiveAmp does not (slimmable WaveNets,
/// SlimmableContainer) are refused by name. Every problem is a <see cref="ModelFormatException"/> naming the file
/// and JSON path.</summary>
public static partial class NamReader
{
    /// <summary>Larger files are refused unread: the largest real .nam is under 1 MB.</summary>
    public const long MaxFileBytes = 256L << 20;

    public static IAmpModel Read(string path, ModelOptions options)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new ModelFormatException(path, SourceLocation.Unknown, "file not found.");
            if (info.Length > MaxFileBytes)
                throw new ModelFormatException(path, SourceLocation.Unknown,
                    $"the file has {info.Length:N0} bytes; a .nam file of more than {MaxFileBytes:N0} bytes is not a model.");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFormatException(path, SourceLocation.Unknown, $"cannot read the file ({e.Message}).", e);
        }
        return Read(bytes, path, options);
    }

    public static IAmpModel ReadJson(string json, string sourceName, ModelOptions options) =>
        Read(System.Text.Encoding.UTF8.GetBytes(json), sourceName, options);

    static IAmpModel Read(byte[] utf8, string sourceName, ModelOptions options)
    {
        using var document = JsonField.ParseDocument(utf8, sourceName);
        var root = JsonField.Root(document, sourceName).RequireObject();
        string version = CheckVersion(root);
        var metadata = ReadMetadata(root, version);
        var config = root.Get("config").RequireObject();
        var weightsField = root.Get("weights");
        var architectureField = root.Get("architecture");
        string architecture = architectureField.GetString();
        return architecture switch
        {
            "WaveNet" => NamWaveNetReader.Read(config, weightsField, metadata, options),
            "ConvNet" => NamConvNetReader.Read(config, weightsField, metadata, options),
            "Linear" => NamLinearReader.Read(config, weightsField, metadata, options),
            "LSTM" => NamLstmReader.Read(config, ReadWeights(weightsField, null), metadata, options),
            "SlimmableContainer" => throw architectureField.Error(
                "SlimmableContainer files (several submodels behind a size knob, e.g. NAM's A2 releases) are not supported; export one submodel as a plain .nam"),
            _ => throw architectureField.Error(
                $"unknown architecture {architectureField.Describe()}; expected \"WaveNet\", \"LSTM\", \"ConvNet\" or \"Linear\""),
        };
    }

    [GeneratedRegex(@"^(\d{1,9})\.(\d{1,9})\.(\d{1,9})$")]
    private static partial Regex VersionPattern();

    /// <summary>§1.2 step 2: "MAJOR.MINOR.PATCH", at least 0.5.0, at most 0.7.x (later patches load, as in Core).</summary>
    public static string CheckVersion(JsonField root)
    {
        var field = root.Get("version");
        string text = field.GetString();
        var match = VersionPattern().Match(text);
        if (!match.Success) throw field.Error($"expected a version \"MAJOR.MINOR.PATCH\", got {field.Describe()}");
        int major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int minor = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (major > 0 || minor > 7)
            throw field.Error($"version {text} is newer than this reader knows (0.5.0 to 0.7.x)");
        if (minor < 5)
            throw field.Error($"version {text} is older than 0.5.0 (pre-2023 exports); re-export it with a current trainer");
        return text;
    }

    /// <summary>§0.3: each JSON number is parsed as a double and rounded to float32. Non-numbers and values outside
    /// the float32 range are located errors. <paramref name="expected"/>, when known, is checked first so that a
    /// count mismatch is reported with both counts before anything is parsed.</summary>
    public static WeightReader ReadWeights(JsonField field, long? expected, string architecture = "")
    {
        int count = field.Length;
        if (expected is long needed && needed != count)
            throw field.Error($"{architecture} config needs {needed:N0} weights but the file has {count:N0} ({(count < needed ? "too few" : "too many")})");
        var weights = new float[count];
        int i = 0;
        foreach (var item in field.Element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out double value))
                throw field[i].Error($"expected a number, got {field[i].Describe()}");
            float f = (float)value;
            if (!float.IsFinite(f)) throw field[i].Error($"weight {field[i].Describe()} is not a finite float32");
            weights[i++] = f;
        }
        return new WeightReader(weights, field.SourceName, field.Path);
    }

    static ModelMetadata ReadMetadata(JsonField root, string version)
    {
        double? sampleRate = null;
        if (root.Find("sample_rate") is { } rate)
        {
            double value = rate.GetDouble();
            if (value <= 0 || value > 10_000_000) throw rate.Error($"expected a sample rate in Hz, got {rate.Describe()}");
            sampleRate = value;
        }
        var meta = root.Find("metadata");
        if (meta is { } m && m.Kind != JsonValueKind.Object) throw m.Error($"expected an object, got {m.Describe()}");
        double? Number(string key) => meta?.FindDouble(key);
        string? Text(string key) => meta?.FindString(key);
        double? esr = null;
        if (meta?.Find("training") is { Kind: JsonValueKind.Object } training && training.Find("validation_esr") is { Kind: JsonValueKind.Number } e)
            esr = e.GetDouble();
        return new ModelMetadata
        {
            FormatVersion = version,
            SampleRate = sampleRate,
            Loudness = Number("loudness"),
            Gain = Number("gain"),
            InputLevelDbu = Number("input_level_dbu"),
            OutputLevelDbu = Number("output_level_dbu"),
            Name = Text("name"),
            ModeledBy = Text("modeled_by"),
            GearMake = Text("gear_make"),
            GearModel = Text("gear_model"),
            GearType = Text("gear_type"),
            ToneType = Text("tone_type"),
            ValidationEsr = esr,
            Date = meta?.Find("date") is { Kind: JsonValueKind.Object } date ? FormatDate(date) : null,
        };
    }

    static string? FormatDate(JsonField date)
    {
        int? Part(string key) =>
            date.Find(key) is { Kind: JsonValueKind.Number } f && f.Element.TryGetInt32(out int v) ? v : null;
        if (Part("year") is not int y || Part("month") is not int mo || Part("day") is not int d) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{y:D4}-{mo:D2}-{d:D2} {Part("hour") ?? 0:D2}:{Part("minute") ?? 0:D2}:{Part("second") ?? 0:D2}");
    }
}
