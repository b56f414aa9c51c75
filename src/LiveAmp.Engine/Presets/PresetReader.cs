using System.Globalization;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Presets;

/// <summary>Reads and validates presets (schema v1, <see cref="PresetSchema"/>). Every problem of a file is
/// collected, each naming <c>file(line,col)</c> and the key, so <c>presets check</c> can list them all.</summary>
public static class PresetReader
{
    /// <summary>Reads a preset file; throws <see cref="PresetException"/> listing every problem.</summary>
    public static Preset Load(string path)
    {
        var (preset, errors) = Check(path);
        if (errors.Count > 0) throw new PresetException(errors);
        return preset!;
    }

    /// <summary>Reads a preset file and returns the preset (when valid) with every problem found.</summary>
    public static (Preset? Preset, IReadOnlyList<PresetError> Errors) Check(string path)
    {
        string full = Path.GetFullPath(path);
        TomlDocument document;
        try
        {
            document = TomlDocument.Load(full);
        }
        catch (TomlException error)
        {
            return (null, [new PresetError(path, error.Location, "", error.Problem)]);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return (null, [new PresetError(path, SourceLocation.Unknown, "", $"cannot read the preset: {error.Message}")]);
        }
        return Read(document, path, Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full), full);
    }

    /// <summary>Validates a parsed document. Relative paths resolve against <paramref name="baseDirectory"/>;
    /// <paramref name="defaultName"/> is used when the file has no <c>name</c>.</summary>
    public static (Preset? Preset, IReadOnlyList<PresetError> Errors) Read(
        TomlDocument document, string sourceName, string baseDirectory, string defaultName, string? filePath = null)
    {
        var reader = new Validator(sourceName, baseDirectory);
        var preset = reader.Validate(document.Root, defaultName, filePath);
        var errors = reader.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
        return (errors.Length == 0 ? preset : null, errors);
    }

    /// <summary>Expands <c>~</c> and makes a path from a preset absolute, relative to the preset's folder.</summary>
    public static string ResolvePath(string path, string baseDirectory)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        return Path.GetFullPath(Path.Combine(baseDirectory, path));
    }

    sealed class Validator(string sourceName, string baseDirectory)
    {
        public readonly List<PresetError> Errors = [];
        readonly Dictionary<string, (object Value, TomlValue Node)> _values = [];

        void Error(TomlSpan at, string key, string problem) =>
            Errors.Add(new PresetError(sourceName, at.IsKnown ? SourceLocation.At(at.Line, at.Column) : SourceLocation.Unknown, key, problem));

        public Preset? Validate(TomlTable root, string defaultName, string? filePath)
        {
            foreach (var (key, value) in root)
            {
                if (PresetSchema.Sections.Contains(key))
                {
                    if (value is TomlTable section) ValidateSection(key, section);
                    else Error(value.Span, key, $"expected a table ([{key}]), got {Describe(value)}");
                }
                else if (PresetSchema.Find("", key) is { } field) ValidateField(field, value, root.KeySpan(key));
                else UnknownKey("", key, root.KeySpan(key), value is TomlTable);
            }
            if (!root.ContainsKey("schema"))
                Error(new TomlSpan(0, 0, 1, 1), "schema", $"missing `schema = {PresetSchema.Version}` (the preset format version) at the top of the file");
            var chain = BuildChain(root);
            if (Errors.Count > 0 || chain is null) return null;
            return new Preset
            {
                Name = Get<string>("name") is { Length: > 0 } name ? name : defaultName,
                Description = Get<string>("description") ?? "",
                Tags = Get<string[]>("tags") ?? [],
                Chain = chain,
                FilePath = filePath,
            };
        }

        void ValidateSection(string section, TomlTable table)
        {
            foreach (var (key, value) in table)
            {
                if (PresetSchema.Find(section, key) is { } field) ValidateField(field, value, table.KeySpan(key));
                else UnknownKey(section, key, table.KeySpan(key), false);
            }
        }

        void UnknownKey(string section, string key, TomlSpan at, bool isTable)
        {
            string path = section.Length == 0 ? key : $"{section}.{key}";
            var sameSection = PresetSchema.Fields.Where(f => f.Section == section).Select(f => f.Key);
            if (section.Length == 0) sameSection = sameSection.Concat(PresetSchema.Sections);
            string? near = PresetSchema.Suggest(key, sameSection);
            string hint;
            if (near is not null) hint = $"; did you mean `{(section.Length == 0 ? near : $"{section}.{near}")}`?";
            else if (PresetSchema.Fields.FirstOrDefault(f => f.Key == key && f.Section != section) is { } elsewhere)
                hint = $"; `{key}` belongs in [{elsewhere.Section}]";
            else hint = section.Length == 0
                ? $"; expected one of: {string.Join(", ", PresetSchema.Fields.Where(f => f.Section == "").Select(f => f.Key))} and the sections [{string.Join("], [", PresetSchema.Sections)}]"
                : $"; [{section}] takes: {string.Join(", ", PresetSchema.Fields.Where(f => f.Section == section).Select(f => f.Key))}";
            Error(at, path, $"unknown {(isTable || (section.Length == 0 && near is not null && PresetSchema.Sections.Contains(near)) ? "section" : "key")}{hint}");
        }

        void ValidateField(PresetField field, TomlValue value, TomlSpan keySpan)
        {
            string path = field.Path;
            switch (field.Kind)
            {
                case PresetFieldKind.Integer:
                    if (value is not TomlInteger integer) { WrongType(field, value, "an integer"); return; }
                    if (integer.Value < field.Min || integer.Value > field.Max)
                    {
                        Error(value.Span, path, path == "schema"
                            ? $"this LiveAmp reads preset schema {PresetSchema.Version}, the file says {integer.Value}" + (integer.Value > PresetSchema.Version ? " (written by a newer LiveAmp)" : "")
                            : $"must be in [{Fmt(field.Min)}, {Fmt(field.Max)}], got {integer.Value}");
                        return;
                    }
                    _values[path] = (integer.Value, value);
                    return;
                case PresetFieldKind.Number:
                    double number;
                    if (value is TomlInteger i) number = i.Value;
                    else if (value is TomlFloat f) number = f.Value;
                    else { WrongType(field, value, "a number"); return; }
                    if (!(number >= field.Min && number <= field.Max))
                    {
                        string unit = field.Unit.Length > 0 ? " " + field.Unit : "";
                        Error(value.Span, path, $"must be in [{Fmt(field.Min)}, {Fmt(field.Max)}]{unit}, got {Fmt(number)}");
                        return;
                    }
                    _values[path] = (number, value);
                    return;
                case PresetFieldKind.Boolean:
                    if (value is not TomlBoolean boolean) { WrongType(field, value, "true or false"); return; }
                    _values[path] = (boolean.Value, value);
                    return;
                case PresetFieldKind.String:
                    if (value is not TomlString text) { WrongType(field, value, "a string"); return; }
                    _values[path] = (text.Value, value);
                    return;
                case PresetFieldKind.Choice:
                    if (value is not TomlString choice) { WrongType(field, value, $"one of {Quoted(field.Choices)}"); return; }
                    if (!field.Choices.Contains(choice.Value))
                    {
                        string? near = PresetSchema.Suggest(choice.Value, field.Choices);
                        Error(value.Span, path, $"expected one of {Quoted(field.Choices)}, got \"{choice.Value}\"" + (near is null ? "" : $"; did you mean \"{near}\"?"));
                        return;
                    }
                    _values[path] = (choice.Value, value);
                    return;
                case PresetFieldKind.FilePath:
                    if (value is not TomlString file || file.Value.Length == 0) { WrongType(field, value, "a file path (a non-empty string)"); return; }
                    string resolved;
                    try { resolved = ResolvePath(file.Value, baseDirectory); }
                    catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
                    {
                        Error(value.Span, path, $"\"{file.Value}\" is not a valid path: {error.Message}");
                        return;
                    }
                    if (!File.Exists(resolved))
                    {
                        Error(value.Span, path, $"file not found: {resolved}" + (Path.IsPathRooted(file.Value) || file.Value.StartsWith('~') ? "" : " (paths are relative to the preset's folder)"));
                        return;
                    }
                    _values[path] = (resolved, value);
                    return;
                case PresetFieldKind.StringList:
                    if (value is not TomlArray array || array.Any(item => item is not TomlString))
                    {
                        var bad = value is TomlArray a ? a.First(item => item is not TomlString) : value;
                        Error(bad.Span, path, $"expected an array of strings, got {Describe(bad)}{(bad == value ? "" : " in it")}");
                        return;
                    }
                    _values[path] = (array.Select(item => ((TomlString)item).Value).ToArray(), value);
                    return;
            }
        }

        void WrongType(PresetField field, TomlValue value, string expected) =>
            Error(value.Span, field.Path, $"expected {expected}, got {Describe(value)}");

        static string Describe(TomlValue value) => value switch
        {
            TomlString s => $"the string \"{(s.Value.Length > 30 ? s.Value[..30] + "…" : s.Value)}\"",
            TomlTable => "a table",
            TomlArray => "an array",
            TomlInteger or TomlBoolean or TomlFloat => $"{(value is TomlInteger ? "an integer" : value is TomlFloat ? "a float" : "a boolean")} ({value})",
            _ => $"a {value.TypeName} ({value})",
        };

        static string Quoted(IEnumerable<string> choices) => string.Join(", ", choices.Select(c => $"\"{c}\""));
        static string Fmt(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        T? Get<T>(string path) => _values.TryGetValue(path, out var entry) ? (T)entry.Value : default;
        double Number(string path, double fallback) => _values.TryGetValue(path, out var entry) ? (double)entry.Value : fallback;
        bool Flag(string path, bool fallback) => _values.TryGetValue(path, out var entry) ? (bool)entry.Value : fallback;
        bool Has(string path) => _values.ContainsKey(path);

        /// <summary>Cross-key rules and the mapping to <see cref="ChainSettings"/>; absent keys take the defaults
        /// documented in the schema.</summary>
        ChainSettings? BuildChain(TomlTable root)
        {
            AmpSettings? amp = null;
            if (root.TryGetValue("amp", out var ampNode) && ampNode is TomlTable ampTable)
            {
                bool hasModel = ampTable.ContainsKey("model"), hasDsp = ampTable.ContainsKey("dsp");
                if (hasModel && hasDsp)
                    Error(ampTable.KeySpan("dsp"), "amp.dsp", "`amp.model` and `amp.dsp` exclude each other: use a model file or the built-in DSP amp");
                else if (!hasModel && !hasDsp)
                    Error(ampTable.Span, "amp", $"expected `model = \"file.nam\"` or `dsp = {Quoted(PresetSchema.DspCharacters).Replace(", ", " | ")}` in [amp]");
                if (hasModel)
                    foreach (var knob in new[] { "drive", "tone", "level" })
                        if (ampTable.ContainsKey(knob))
                            Error(ampTable.KeySpan(knob), $"amp.{knob}", "applies to the built-in DSP amp (`dsp = ...`), not to a model; use [levels] input_db/output_db");
                if (hasDsp && !hasModel)
                    foreach (var key in new[] { "output", "calibrate_input", "interface_level_dbu" })
                        if (ampTable.ContainsKey(key))
                            Error(ampTable.KeySpan(key), $"amp.{key}", "applies to amp models (`model = ...`), not to the built-in DSP amp");
                amp = new AmpSettings
                {
                    ModelPath = Get<string>("amp.model"),
                    Dsp = new DspAmpSettings
                    {
                        Character = Get<string>("amp.dsp") ?? "crunch",
                        Drive = Number("amp.drive", 5),
                        Tone = Number("amp.tone", 5),
                        Level = Number("amp.level", 5),
                    },
                    FastTanh = Flag("amp.fast_tanh", false),
                    OutputMode = Get<string>("amp.output") switch
                    {
                        "raw" => OutputCalibration.Raw,
                        "calibrated" => OutputCalibration.Calibrated,
                        _ => OutputCalibration.Normalized,
                    },
                    CalibrateInput = Flag("amp.calibrate_input", false),
                    InterfaceLevelDbu = Number("amp.interface_level_dbu", 12),
                };
            }

            CabSettings? cab = null;
            if (root.TryGetValue("cab", out var cabNode) && cabNode is TomlTable cabTable)
            {
                if (!cabTable.ContainsKey("ir")) Error(cabTable.Span, "cab", "missing `ir = \"file.wav\"` (the impulse response); remove [cab] for no cabinet");
                else if (Get<string>("cab.ir") is string ir)
                    cab = new CabSettings { IrPath = ir, TrimMs = Has("cab.trim_ms") ? Number("cab.trim_ms", 0) : null };
            }

            var gateDefaults = new GateSettings();
            var gate = new GateSettings
            {
                Enabled = Flag("gate.enabled", gateDefaults.Enabled),
                HysteresisDb = Number("gate.hysteresis_db", gateDefaults.HysteresisDb),
                AttackMs = Number("gate.attack_ms", gateDefaults.AttackMs),
                HoldMs = Number("gate.hold_ms", gateDefaults.HoldMs),
                ReleaseMs = Number("gate.release_ms", gateDefaults.ReleaseMs),
            };
            var eq = new EqSettings { Enabled = Flag("eq.enabled", true) };

            var knobs = new Dictionary<Knob, float>();
            foreach (var field in PresetSchema.Fields)
                if (field.Knob is Knob knob && Has(field.Path)) knobs[knob] = (float)Number(field.Path, 0);

            return new ChainSettings { Amp = amp, Cab = cab, Gate = gate, Eq = eq, KnobValues = knobs };
        }
    }
}
