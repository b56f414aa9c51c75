using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Toml;
using LiveAmp.Engine.Presets;

namespace LiveAmp.Engine.Tests.Presets;

/// <summary>Real folders under a temporary root: a shipped <c>presets/</c> folder (with an IR beside it) and a
/// user folder reached through XDG_CONFIG_HOME. All environment changes live in this one class, whose tests
/// xunit runs one after another.</summary>
public sealed class PresetLibraryTests : IDisposable
{
    const string ShippedCrunch = """
        # Shipped with LiveAmp: do not edit, copy instead.
        schema = 1
        name = "Crunch"

        [cab]
        ir = "irs/v30.wav"   # synthesized by `liveamp ir`

        [levels]
        output_db = -6       # tame the level
        """;

    readonly string _root = Directory.CreateTempSubdirectory("liveamp-library-").FullName;
    readonly string? _savedXdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
    readonly string _shipped, _user;

    public PresetLibraryTests()
    {
        _shipped = Path.Combine(_root, "app", "presets");
        Directory.CreateDirectory(Path.Combine(_shipped, "irs"));
        File.WriteAllText(Path.Combine(_shipped, "irs", "v30.wav"), "ir");
        Write(_shipped, "crunch.toml", ShippedCrunch);
        Write(_shipped, "clean.toml", "schema = 1\nname = \"Sparkle\"\namp.dsp = \"clean\"\n");
        Write(_shipped, "broken.toml", "schema = 1\n[amp\n");
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", Path.Combine(_root, "config"));
        _user = Path.Combine(_root, "config", "liveamp", "presets");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", _savedXdg);
        Directory.Delete(_root, recursive: true);
    }

    static string Write(string folder, string name, string text)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    PresetLibrary Library() => new(PresetLibrary.DefaultUserFolder(), _shipped);

    [Fact]
    public void DefaultUserFolder_FollowsXdgConfigHome()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(_user, PresetLibrary.DefaultUserFolder());
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", "");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".config", "liveamp", "presets"), PresetLibrary.DefaultUserFolder());
    }

    [Fact]
    public void FindShippedFolder_LooksUpwardFromTheExecutable()
    {
        string bin = Path.Combine(_root, "app", "bin", "Release", "net10.0");
        Directory.CreateDirectory(bin);
        Assert.Equal(_shipped, PresetLibrary.FindShippedFolder(bin));
        Assert.NotEqual(_shipped, PresetLibrary.FindShippedFolder(_root));
    }

    [Fact]
    public void List_UserPresetsFirst_ShadowingShippedOnesOfTheSameName()
    {
        Write(_user, "crunch.toml", "schema = 1\nname = \"My crunch\"\namp.dsp = \"crunch\"\n");
        Write(_user, "solo.toml", "schema = 1\namp.dsp = \"lead\"\n");
        var entries = Library().List();
        Assert.Equal(["crunch", "solo", "broken", "clean"], entries.Select(e => e.Key));
        Assert.Equal([true, true, false, false], entries.Select(e => e.IsUser));
        Assert.Equal("My crunch", Library().Load("crunch").Name);
    }

    [Fact]
    public void Find_ByKeyDisplayNameOrPath()
    {
        var library = Library();
        Assert.Equal(Path.Combine(_shipped, "clean.toml"), library.Find("clean").FilePath);
        Assert.Equal(Path.Combine(_shipped, "clean.toml"), library.Find("sparkle").FilePath);
        string elsewhere = Write(Path.Combine(_root, "elsewhere"), "mine.toml", "schema = 1\n");
        var entry = library.Find(elsewhere);
        Assert.Equal(("mine", elsewhere, false), (entry.Key, entry.FilePath, entry.IsUser));
    }

    [Fact]
    public void Find_UnknownName_SuggestsTheClosest()
    {
        var error = Assert.Throws<LiveAmpException>(() => Library().Find("crnch"));
        Assert.Equal("no preset named `crnch`; did you mean `crunch`? (available: broken, clean, crunch)", error.Message);
        Assert.Contains("preset file not found", Assert.Throws<LiveAmpException>(() => Library().Find("nope/x.toml")).Message);
    }

    [Fact]
    public void CheckAll_ReportsOnlyTheBrokenPreset()
    {
        var results = Library().CheckAll();
        Assert.Equal(["broken", "clean", "crunch"], results.Select(r => r.Entry.Key));
        Assert.Equal([1, 0, 0], results.Select(r => r.Errors.Count));
        Assert.Contains("expected `]`", results[0].Errors[0].Message);
    }

    [Fact]
    public void Load_BrokenPreset_ThrowsWithItsLocation()
    {
        var error = Assert.Throws<PresetException>(() => Library().Load("broken"));
        Assert.Equal((2, 5), (error.Location.Line, error.Location.Column));
        Assert.StartsWith(Path.Combine(_shipped, "broken.toml") + "(2,5): ", error.Message);
    }

    [Fact]
    public void SaveKnob_ShippedPreset_CopiesToTheUserFolderKeepingCommentsAndFixingPaths()
    {
        string shippedPath = Path.Combine(_shipped, "crunch.toml");
        string written = Library().SaveKnob("crunch", Knob.OutputDb, -9.5f);

        Assert.Equal(Path.Combine(_user, "crunch.toml"), written);
        Assert.Equal(ShippedCrunch.Replace("\r\n", "\n"), File.ReadAllText(shippedPath));
        string ir = Path.Combine(_shipped, "irs", "v30.wav");
        string expected = ShippedCrunch.Replace("\r\n", "\n")
            .Replace("\"irs/v30.wav\"", TomlWriter.FormatString(ir))
            .Replace("output_db = -6", "output_db = -9.5");
        Assert.Equal(expected, File.ReadAllText(written));

        var reloaded = Library().Load("crunch");
        Assert.Equal(written, reloaded.FilePath);
        Assert.Equal(-9.5f, reloaded.Chain.KnobValues[Knob.OutputDb]);
        Assert.Equal(ir, reloaded.Chain.Cab!.IrPath);
        Assert.Equal(["crunch.toml"], Directory.GetFiles(_user).Select(Path.GetFileName));
    }

    [Fact]
    public void SaveKnob_UserPreset_EditsInPlaceAndAddsMissingKeys()
    {
        string path = Write(_user, "solo.toml", "# my solo sound\nschema = 1\n\n[amp]\ndsp = \"lead\"   # hot\n");
        Library().SaveKnob("solo", Knob.GateThresholdDb, -64);
        Library().SetValue("solo", "amp.drive", 7.5);
        Assert.Equal("# my solo sound\nschema = 1\n\n[amp]\ndsp = \"lead\"   # hot\ndrive = 7.5\n\n[gate]\nthreshold_db = -64.0\n",
            File.ReadAllText(path));
        var preset = Library().Load("solo");
        Assert.Equal((-64f, 7.5), (preset.Chain.KnobValues[Knob.GateThresholdDb], preset.Chain.Amp!.Dsp.Drive));
    }

    [Fact]
    public void SetValue_InvalidValue_ThrowsAndWritesNothing()
    {
        var library = Library();
        var error = Assert.Throws<PresetException>(() => library.SaveKnob("crunch", Knob.OutputDb, 40));
        Assert.Contains("levels.output_db: must be in [-40, 12] dB, got 40", error.Message);
        Assert.Throws<PresetException>(() => library.SetValue("crunch", "amp.driv", 5.0));
        Assert.False(Directory.Exists(_user) && Directory.EnumerateFileSystemEntries(_user).Any());
    }

    [Fact]
    public void SaveAs_NewPreset_IsListedFirstAndLoadsBack()
    {
        var library = Library();
        var chain = library.Load("crunch").Chain with { KnobValues = new Dictionary<Knob, float> { [Knob.BassDb] = 3 } };
        string written = library.SaveAs("my-crunch", new Preset { Name = "My crunch", Chain = chain });
        Assert.Equal(Path.Combine(_user, "my-crunch.toml"), written);
        Assert.Equal("my-crunch", library.List()[0].Key);
        var loaded = library.Load("My crunch");
        Assert.Equal(chain.Cab, loaded.Chain.Cab);
        Assert.Equal(3f, loaded.Chain.KnobValues[Knob.BassDb]);
        Assert.Throws<LiveAmpException>(() => library.SaveAs("../escape", new Preset { Name = "x", Chain = chain }));
    }

    [Fact]
    public void SaveKnob_FractionalFloat_IsWrittenShort()
    {
        string written = Library().SaveKnob("clean", Knob.TrebleDb, 0.1f);
        Assert.Contains("treble = 0.1\n", File.ReadAllText(written));
    }
}
