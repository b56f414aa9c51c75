using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Formats.Toml;
using LiveAmp.Engine.Presets;

namespace LiveAmp.Engine.Tests.Presets;

public sealed class PresetReaderTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("liveamp-preset-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    void Touch(string relativePath) => Write(relativePath, "not read by the preset reader");

    [Fact]
    public void Load_EveryKey_MapsToChainSettings()
    {
        Touch("models/amp.nam");
        Touch("irs/v30.wav");
        string path = Write("full.toml", """
            schema = 1
            name = "Full"
            description = "every key"
            tags = ["crunch", "test"]

            [amp]
            model = "models/amp.nam"
            fast_tanh = true
            output = "calibrated"
            calibrate_input = true
            interface_level_dbu = 9.5

            [cab]
            ir = "irs/v30.wav"
            trim_ms = 200
            level_db = -3

            [gate]
            enabled = false
            threshold_db = -55
            hysteresis_db = 4
            attack_ms = 0.5
            hold_ms = 20
            release_ms = 120

            [eq]
            enabled = true
            bass = 2
            mid = -1.5
            treble = 3
            presence = 1

            [levels]
            input_db = 6
            output_db = -12
            """);
        var preset = PresetReader.Load(path);
        Assert.Equal(("Full", "every key"), (preset.Name, preset.Description));
        Assert.Equal(["crunch", "test"], preset.Tags);
        Assert.Equal(path, preset.FilePath);
        var amp = preset.Chain.Amp!;
        Assert.Equal(Path.Combine(_folder, "models", "amp.nam"), amp.ModelPath);
        Assert.Equal((true, OutputCalibration.Calibrated, true, 9.5), (amp.FastTanh, amp.OutputMode, amp.CalibrateInput, amp.InterfaceLevelDbu));
        Assert.Equal(Path.Combine(_folder, "irs", "v30.wav"), preset.Chain.Cab!.IrPath);
        Assert.Equal(200, preset.Chain.Cab.TrimMs);
        Assert.Equal(new GateSettings { Enabled = false, HysteresisDb = 4, AttackMs = 0.5, HoldMs = 20, ReleaseMs = 120 }, preset.Chain.Gate);
        var knobs = preset.Chain.KnobValues;
        Assert.Equal(8, knobs.Count);
        Assert.Equal((-3f, -55f, 2f, -1.5f, 3f, 1f, 6f, -12f),
            (knobs[Knob.CabLevelDb], knobs[Knob.GateThresholdDb], knobs[Knob.BassDb], knobs[Knob.MidDb],
             knobs[Knob.TrebleDb], knobs[Knob.PresenceDb], knobs[Knob.InputDb], knobs[Knob.OutputDb]));
    }

    [Fact]
    public void Load_IrAlone_TakesDefaultsForEverythingElse()
    {
        Touch("cab.wav");
        var preset = PresetReader.Load(Write("ir-only.toml", "schema = 1\n[cab]\nir = \"cab.wav\"\n"));
        Assert.Equal("ir-only", preset.Name);
        Assert.Null(preset.Chain.Amp);
        Assert.Null(preset.Chain.Cab!.TrimMs);
        Assert.Equal(new GateSettings(), preset.Chain.Gate);
        Assert.True(preset.Chain.Eq.Enabled);
        Assert.Empty(preset.Chain.KnobValues);
        Assert.Empty(preset.Tags);
    }

    [Fact]
    public void Load_DspAmp_ReadsCharacterAndKnobs()
    {
        var preset = PresetReader.Load(Write("lead.toml", "schema = 1\namp.dsp = \"lead\"\namp.drive = 8\namp.tone = 6.5\n"));
        var amp = preset.Chain.Amp!;
        Assert.Null(amp.ModelPath);
        Assert.Equal(new DspAmpSettings { Character = "lead", Drive = 8, Tone = 6.5, Level = 5 }, amp.Dsp);
        Assert.Equal(OutputCalibration.Normalized, amp.OutputMode);
        Assert.Null(preset.Chain.Cab);
    }

    [Fact]
    public void Check_ManyProblems_ReportsEveryOneWithPlaceAndKey()
    {
        string path = Write("bad.toml", """
            schema = 1
            nmae = "typo"

            [amp]
            model = "missing.nam"
            dsp = "clen"

            [gait]
            enabled = true

            [gate]
            thresold_db = -60
            threshold_db = 6
            release_ms = "fast"

            [eq]
            treble = 20
            """);
        var (preset, errors) = PresetReader.Check(path);
        Assert.Null(preset);
        string[] expected =
        [
            $"{path}(2,1): nmae: unknown key; did you mean `name`?",
            $"{path}(5,9): amp.model: file not found: {Path.Combine(_folder, "missing.nam")} (paths are relative to the preset's folder)",
            $"{path}(6,1): amp.dsp: `amp.model` and `amp.dsp` exclude each other: use a model file or the built-in DSP amp",
            $"{path}(6,7): amp.dsp: expected one of \"clean\", \"crunch\", \"lead\", got \"clen\"; did you mean \"clean\"?",
            $"{path}(8,2): gait: unknown section; did you mean `gate`?",
            $"{path}(12,1): gate.thresold_db: unknown key; did you mean `gate.threshold_db`?",
            $"{path}(13,16): gate.threshold_db: must be in [-100, -20] dB, got 6",
            $"{path}(14,14): gate.release_ms: expected a number, got the string \"fast\"",
            $"{path}(17,10): eq.treble: must be in [-12, 12] dB, got 20",
        ];
        Assert.Equal(expected, errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal(path, e.SourceName));
        var thrown = Assert.Throws<PresetException>(() => PresetReader.Load(path));
        Assert.Equal(9, thrown.Errors.Count);
        Assert.Equal(expected[0] + " (and 8 more problems; run `liveamp presets check` to list them)", thrown.Message);
    }

    [Fact]
    public void Check_KeyInTheWrongSection_SaysWhereItBelongs()
    {
        var (_, errors) = PresetReader.Check(Write("w.toml", "schema = 1\n[eq]\nthreshold_db = -60\n"));
        Assert.Equal("eq.threshold_db: unknown key; `threshold_db` belongs in [gate]", Assert.Single(errors).Problem);
    }

    [Fact]
    public void Check_AmpWithoutModelOrDsp_AndDspKnobsOnAModel_AreErrors()
    {
        Touch("a.nam");
        var (_, errors) = PresetReader.Check(Write("amp.toml", "schema = 1\n[amp]\nfast_tanh = true\n"));
        Assert.Equal("amp: expected `model = \"file.nam\"` or `dsp = \"clean\" | \"crunch\" | \"lead\"` in [amp]", Assert.Single(errors).Problem);
        (_, errors) = PresetReader.Check(Write("amp2.toml", "schema = 1\n[amp]\nmodel = \"a.nam\"\ndrive = 5\n"));
        Assert.Equal((4, 1, "amp.drive"), (Assert.Single(errors).Location.Line, errors[0].Location.Column, errors[0].Key));
        (_, errors) = PresetReader.Check(Write("amp3.toml", "schema = 1\n[amp]\ndsp = \"clean\"\noutput = \"raw\"\nfast_tanh = true\n"));
        Assert.Equal("amp.output: applies to amp models (`model = ...`), not to the built-in DSP amp", Assert.Single(errors).Problem);
    }

    [Theory]
    [InlineData("name = \"x\"\n", 1, 1, "schema: missing `schema = 1`")]
    [InlineData("schema = 2\n", 1, 10, "schema: this LiveAmp reads preset schema 1, the file says 2 (written by a newer LiveAmp)")]
    [InlineData("schema = 1\ntags = [\"a\", 3]\n", 2, 14, "tags: expected an array of strings, got an integer (3) in it")]
    [InlineData("schema = 1\namp = 5\n", 2, 7, "amp: expected a table ([amp]), got an integer (5)")]
    [InlineData("schema = 1\n[cab]\ntrim_ms = 100\n", 2, 1, "cab: missing `ir = \"file.wav\"`")]
    [InlineData("schema = 1\n[amp\n", 2, 5, "expected `]` to close the table header")]
    [InlineData("schema = 1\n[levels]\noutput_db = nan\n", 3, 13, "levels.output_db: must be in [-40, 12] dB, got NaN")]
    public void Check_SingleProblem_IsLocated(string text, int line, int column, string fragment)
    {
        var (preset, errors) = PresetReader.Check(Write("one.toml", text));
        Assert.Null(preset);
        var error = Assert.Single(errors);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void ResolvePath_Tilde_ExpandsToTheHomeFolder()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, "irs", "a.wav"), PresetReader.ResolvePath("~/irs/a.wav", _folder));
        Assert.Equal(Path.Combine(_folder, "a.wav"), PresetReader.ResolvePath("./a.wav", _folder));
        Assert.Equal("/abs/a.wav", PresetReader.ResolvePath("/abs/a.wav", _folder));
    }

    [Fact]
    public void Check_UnreadableFile_IsOneErrorNotACrash()
    {
        var (_, errors) = PresetReader.Check(Path.Combine(_folder, "none.toml"));
        Assert.StartsWith("cannot read the preset", Assert.Single(errors).Problem);
    }

    [Fact]
    public void Schema_EveryKnob_HasExactlyOneField()
    {
        foreach (var knob in Enum.GetValues<Knob>())
            Assert.Single(PresetSchema.Fields, f => f.Knob == knob);
        Assert.Equal("gate.threshold_db", PresetSchema.FieldOf(Knob.GateThresholdDb).Path);
    }

    [Theory]
    [InlineData("thresold_db", "threshold_db")]
    [InlineData("trebel", "treble")]
    [InlineData("outptu_db", "output_db")]
    [InlineData("zzz", null)]
    public void Suggest_NearMiss_FindsTheKey(string typo, string? expected) =>
        Assert.Equal(expected, PresetSchema.Suggest(typo, PresetSchema.Fields.Select(f => f.Key)));

    [Fact]
    public void Read_TypicalPreset_ParsesInWellUnderAMillisecond()
    {
        Touch("m.nam");
        Touch("c.wav");
        string path = Write("typical.toml", """
            # Crunch rhythm with the V30 cab
            schema = 1
            name = "Crunch rhythm"
            description = "AC30-ish crunch"
            tags = ["crunch", "rhythm"]
            [amp]
            model = "m.nam"   # trained by liveamp train
            output = "normalized"
            [cab]
            ir = "c.wav"
            level_db = -2
            [gate]
            threshold_db = -62
            [eq]
            bass = 1.5
            treble = -1
            [levels]
            input_db = 3
            output_db = -6
            """);
        for (int i = 0; i < 200; i++) PresetReader.Load(path);   // JIT and file cache
        var times = new double[400];
        for (int i = 0; i < times.Length; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            PresetReader.Load(path);
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        double median = times[times.Length / 2];
        Console.WriteLine($"typical preset: read+parse+validate median {median:F1} µs");
        Assert.True(median < 1000, $"median {median:F1} µs");
    }

    [Fact]
    public void Read_FromAParsedDocument_UsesTheGivenFolder()
    {
        Touch("sub/x.wav");
        var document = TomlDocument.Parse("schema = 1\ncab.ir = \"x.wav\"\n", "mem.toml");
        var (preset, errors) = PresetReader.Read(document, "mem.toml", Path.Combine(_folder, "sub"), "mem");
        Assert.Empty(errors);
        Assert.Equal(Path.Combine(_folder, "sub", "x.wav"), preset!.Chain.Cab!.IrPath);
    }
}
