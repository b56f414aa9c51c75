using LiveAmp.Engine.Chain;

namespace LiveAmp.Engine.Presets;

public enum PresetFieldKind { Integer, Number, Boolean, String, Choice, FilePath, StringList }

/// <summary>One key a preset may hold: its type, its range or choices, and the knob it sets (if any).</summary>
public sealed record PresetField(string Section, string Key, PresetFieldKind Kind)
{
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
    public string Unit { get; init; } = "";
    public IReadOnlyList<string> Choices { get; init; } = [];
    public Knob? Knob { get; init; }

    public string Path => Section.Length == 0 ? Key : $"{Section}.{Key}";
}

/// <summary>Preset schema version 1: every section and key a preset may hold. The reader validates against this
/// table, so an unknown key is caught (with a suggestion) instead of being silently ignored.</summary>
public static class PresetSchema
{
    public const int Version = 1;

    public static IReadOnlyList<string> Sections { get; } = ["amp", "cab", "gate", "eq", "levels"];

    public static IReadOnlyList<string> DspCharacters { get; } = ["clean", "crunch", "lead"];

    static PresetField Number(string section, string key, double min, double max, string unit = "") =>
        new(section, key, PresetFieldKind.Number) { Min = min, Max = max, Unit = unit };

    static PresetField KnobField(string section, string key, Knob knob)
    {
        var info = Knobs.Info(knob);
        return new(section, key, PresetFieldKind.Number) { Min = info.Min, Max = info.Max, Unit = info.Unit, Knob = knob };
    }

    public static IReadOnlyList<PresetField> Fields { get; } =
    [
        new("", "schema", PresetFieldKind.Integer) { Min = 1, Max = Version },
        new("", "name", PresetFieldKind.String),
        new("", "description", PresetFieldKind.String),
        new("", "tags", PresetFieldKind.StringList),

        new("amp", "model", PresetFieldKind.FilePath),
        new("amp", "dsp", PresetFieldKind.Choice) { Choices = DspCharacters },
        Number("amp", "drive", 0, 10),
        Number("amp", "tone", 0, 10),
        Number("amp", "level", 0, 10),
        new("amp", "fast_tanh", PresetFieldKind.Boolean),
        new("amp", "output", PresetFieldKind.Choice) { Choices = ["raw", "normalized", "calibrated"] },
        new("amp", "calibrate_input", PresetFieldKind.Boolean),
        Number("amp", "interface_level_dbu", -20, 30, "dBu"),

        new("cab", "ir", PresetFieldKind.FilePath),
        Number("cab", "trim_ms", 1, 10_000, "ms"),
        KnobField("cab", "level_db", Chain.Knob.CabLevelDb),

        new("gate", "enabled", PresetFieldKind.Boolean),
        KnobField("gate", "threshold_db", Chain.Knob.GateThresholdDb),
        Number("gate", "hysteresis_db", 0, 24, "dB"),
        Number("gate", "attack_ms", 0, 100, "ms"),
        Number("gate", "hold_ms", 0, 2_000, "ms"),
        Number("gate", "release_ms", 1, 5_000, "ms"),

        new("eq", "enabled", PresetFieldKind.Boolean),
        KnobField("eq", "bass", Chain.Knob.BassDb),
        KnobField("eq", "mid", Chain.Knob.MidDb),
        KnobField("eq", "treble", Chain.Knob.TrebleDb),
        KnobField("eq", "presence", Chain.Knob.PresenceDb),

        KnobField("levels", "input_db", Chain.Knob.InputDb),
        KnobField("levels", "output_db", Chain.Knob.OutputDb),
    ];

    /// <summary>The field that stores a knob in a preset (e.g. <see cref="Knob.GateThresholdDb"/> → gate.threshold_db).</summary>
    public static PresetField FieldOf(Knob knob) => Fields.First(f => f.Knob == knob);

    public static PresetField? Find(string section, string key) => Fields.FirstOrDefault(f => f.Section == section && f.Key == key);

    /// <summary>The closest candidate within a small edit distance (typos, swapped letters), or null.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = EditDistance(word.ToLowerInvariant(), candidate);
            if (distance < bestDistance) { best = candidate; bestDistance = distance; }
        }
        int allowed = word.Length <= 3 ? 1 : word.Length < 9 ? 2 : 3;
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
