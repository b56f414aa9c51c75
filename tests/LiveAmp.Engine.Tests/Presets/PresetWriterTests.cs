using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Formats.Toml;
using LiveAmp.Engine.Presets;

namespace LiveAmp.Engine.Tests.Presets;

public sealed class PresetWriterTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("liveamp-preset-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Touch(params string[] parts)
    {
        string path = Path.Combine([_folder, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }

    Preset ReadBack(Preset preset, out string text)
    {
        text = PresetWriter.Write(preset, _folder);
        var (read, errors) = PresetReader.Read(TomlDocument.Parse(text, "w.toml"), "w.toml", _folder, "w");
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Message)) + "\n" + text);
        return read!;
    }

    [Fact]
    public void Write_ModelPreset_ReadsBackToTheSameChain()
    {
        var chain = new ChainSettings
        {
            Amp = new AmpSettings { ModelPath = Touch("models", "a.nam"), FastTanh = true, OutputMode = OutputCalibration.Raw, CalibrateInput = true, InterfaceLevelDbu = 4.5 },
            Cab = new CabSettings { IrPath = Touch("irs", "cab.wav"), TrimMs = 150 },
            Gate = new GateSettings { Enabled = false, HysteresisDb = 3, AttackMs = 2, HoldMs = 10, ReleaseMs = 300 },
            Eq = new EqSettings { Enabled = false },
            KnobValues = Knobs.All.ToDictionary(k => k.Id, k => k.Min + k.Step),
        };
        var preset = new Preset { Name = "Round \"trip\"", Description = "all of it", Tags = ["a", "b c"], Chain = chain };
        var read = ReadBack(preset, out string text);
        Assert.Contains("model = \"models/a.nam\"", text);
        Assert.Equal((preset.Name, preset.Description), (read.Name, read.Description));
        Assert.Equal(preset.Tags, read.Tags);
        Assert.Equal(chain.Amp, read.Chain.Amp);
        Assert.Equal(chain.Cab, read.Chain.Cab);
        Assert.Equal(chain.Gate, read.Chain.Gate);
        Assert.Equal(chain.Eq, read.Chain.Eq);
        Assert.Equal(chain.KnobValues.OrderBy(p => p.Key), read.Chain.KnobValues.OrderBy(p => p.Key));
    }

    [Fact]
    public void Write_DspPresetWithDefaults_WritesOnlyWhatIsSet()
    {
        var preset = new Preset { Name = "Lead", Chain = new ChainSettings { Amp = new AmpSettings { Dsp = new DspAmpSettings { Character = "lead", Drive = 8 } } } };
        var read = ReadBack(preset, out string text);
        Assert.Equal("schema = 1\nname = \"Lead\"\n\n[amp]\ndsp = \"lead\"\ndrive = 8.0\ntone = 5.0\nlevel = 5.0\n", text);
        Assert.Equal(preset.Chain.Amp, read.Chain.Amp);
        Assert.Null(read.Chain.Cab);
    }

    [Fact]
    public void Write_FileOutsideThePresetFolder_StaysAbsolute()
    {
        string outside = Path.Combine(Path.GetTempPath(), "elsewhere.wav");
        var text = PresetWriter.Write(new Preset { Name = "x", Chain = new ChainSettings { Cab = new CabSettings { IrPath = outside } } }, _folder);
        Assert.Contains($"ir = {TomlWriter.FormatString(outside)}", text);
    }
}
