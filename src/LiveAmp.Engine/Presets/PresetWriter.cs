using System.Text;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Presets;

/// <summary>Writes a preset as schema-v1 TOML: only the sections the chain uses and only values that differ from
/// their defaults, with file paths relative to the preset's folder when the files sit at or below it.</summary>
public static class PresetWriter
{
    public static string Write(Preset preset, string presetFolder)
    {
        var chain = preset.Chain;
        var text = new StringBuilder();
        text.Append("schema = ").Append(PresetSchema.Version).Append('\n');
        text.Append("name = ").Append(TomlWriter.FormatString(preset.Name)).Append('\n');
        if (preset.Description.Length > 0) text.Append("description = ").Append(TomlWriter.FormatString(preset.Description)).Append('\n');
        if (preset.Tags.Count > 0)
            text.Append("tags = ").Append(TomlWriter.FormatValue(new TomlArray(preset.Tags.Select(t => (TomlValue)t)))).Append('\n');

        if (chain.Amp is { } amp)
        {
            var section = new Section(text, "amp");
            if (amp.ModelPath is not null)
            {
                section.Add("model", RelativePath(amp.ModelPath, presetFolder));
                if (amp.OutputMode != OutputCalibration.Normalized) section.Add("output", amp.OutputMode.ToString().ToLowerInvariant());
                if (amp.CalibrateInput) section.Add("calibrate_input", true);
                if (amp.InterfaceLevelDbu != 12.0) section.Add("interface_level_dbu", amp.InterfaceLevelDbu);
            }
            else
            {
                section.Add("dsp", amp.Dsp.Character);
                section.Add("drive", amp.Dsp.Drive);
                section.Add("tone", amp.Dsp.Tone);
                section.Add("level", amp.Dsp.Level);
            }
            if (amp.FastTanh) section.Add("fast_tanh", true);
        }
        if (chain.Cab is { } cab)
        {
            var section = new Section(text, "cab");
            section.Add("ir", RelativePath(cab.IrPath, presetFolder));
            if (cab.TrimMs is double trim) section.Add("trim_ms", trim);
            AddKnob(section, chain, Knob.CabLevelDb);
        }

        var gate = new Section(text, "gate");
        var gateDefaults = new GateSettings();
        if (chain.Gate.Enabled != gateDefaults.Enabled) gate.Add("enabled", chain.Gate.Enabled);
        AddKnob(gate, chain, Knob.GateThresholdDb);
        if (chain.Gate.HysteresisDb != gateDefaults.HysteresisDb) gate.Add("hysteresis_db", chain.Gate.HysteresisDb);
        if (chain.Gate.AttackMs != gateDefaults.AttackMs) gate.Add("attack_ms", chain.Gate.AttackMs);
        if (chain.Gate.HoldMs != gateDefaults.HoldMs) gate.Add("hold_ms", chain.Gate.HoldMs);
        if (chain.Gate.ReleaseMs != gateDefaults.ReleaseMs) gate.Add("release_ms", chain.Gate.ReleaseMs);

        var eq = new Section(text, "eq");
        if (!chain.Eq.Enabled) eq.Add("enabled", false);
        foreach (var knob in new[] { Knob.BassDb, Knob.MidDb, Knob.TrebleDb, Knob.PresenceDb }) AddKnob(eq, chain, knob);

        var levels = new Section(text, "levels");
        AddKnob(levels, chain, Knob.InputDb);
        AddKnob(levels, chain, Knob.OutputDb);
        return text.ToString();
    }

    static void AddKnob(Section section, ChainSettings chain, Knob knob)
    {
        if (chain.KnobValues.TryGetValue(knob, out float value))
            section.Add(PresetSchema.FieldOf(knob).Key, double.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Relative (with forward slashes, which work everywhere) when the file is in the preset's folder or
    /// below it; absolute otherwise.</summary>
    static string RelativePath(string path, string presetFolder)
    {
        string relative = Path.GetRelativePath(presetFolder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    /// <summary>Writes the <c>[name]</c> header only when the first key arrives, so unused sections stay out.</summary>
    sealed class Section(StringBuilder text, string name)
    {
        bool _started;

        public void Add(string key, TomlValue value)
        {
            if (!_started) { text.Append('\n').Append('[').Append(name).Append("]\n"); _started = true; }
            text.Append(key).Append(" = ").Append(TomlWriter.FormatValue(value)).Append('\n');
        }
    }
}
