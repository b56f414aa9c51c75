using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Ui;

namespace LiveAmp.Host.Tests.Ui;

public sealed class KnobSaverTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("liveamp-knobsaver-").FullName;
    readonly string _shipped, _user;

    public KnobSaverTests()
    {
        _shipped = Path.Combine(_root, "shipped");
        _user = Path.Combine(_root, "user");
        Directory.CreateDirectory(_shipped);
        File.WriteAllText(Path.Combine(_shipped, "tone.toml"), """
            # a preset with comments that must survive
            schema = 1
            name = "Tone"

            [eq]
            bass = 2     # a little warmth
            mid = 0

            [levels]
            output_db = -6
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    (KnobSaver Saver, ChainParameters Knobs, PresetLibrary Library) Loaded()
    {
        var library = new PresetLibrary(_user, _shipped);
        var preset = library.Load("tone");
        var saver = new KnobSaver(library);
        saver.Loaded("tone", preset.Chain);
        var knobs = new ChainParameters();
        foreach (var (knob, value) in preset.Chain.KnobValues) knobs[knob] = value;
        return (saver, knobs, library);
    }

    [Fact]
    public void Saves_only_the_turned_knobs_into_the_users_copy_keeping_comments()
    {
        var (saver, knobs, library) = Loaded();
        knobs[Knob.BassDb] = -3f;
        knobs[Knob.TrebleDb] = 1.5f;
        string message = saver.Save(knobs);

        string userFile = Path.Combine(_user, "tone.toml");
        Assert.Equal($"saved bass -3.0 dB, treble 1.5 dB to {userFile}", message);
        string text = File.ReadAllText(userFile);
        Assert.Contains("# a preset with comments that must survive", text);
        Assert.Contains("# a little warmth", text);
        Assert.DoesNotContain("presence", text);
        var reloaded = library.Load("tone").Chain.KnobValues;
        Assert.Equal(-3f, reloaded[Knob.BassDb]);
        Assert.Equal(1.5f, reloaded[Knob.TrebleDb]);
        Assert.Equal(-6f, reloaded[Knob.OutputDb]);
        Assert.Contains("bass = 2", File.ReadAllText(Path.Combine(_shipped, "tone.toml")));
    }

    [Fact]
    public void A_second_save_without_changes_writes_nothing()
    {
        var (saver, knobs, _) = Loaded();
        Assert.Equal("nothing to save: the knobs match tone", saver.Save(knobs));
        Assert.False(File.Exists(Path.Combine(_user, "tone.toml")));
        knobs[Knob.OutputDb] = -8f;
        Assert.StartsWith("saved output -8.0 dB", saver.Save(knobs));
        Assert.Equal("nothing to save: the knobs match tone", saver.Save(knobs));
    }

    [Fact]
    public void Without_a_playing_preset_nothing_is_saved()
    {
        var saver = new KnobSaver(new PresetLibrary(_user, _shipped));
        Assert.Equal("nothing to save: no preset is playing", saver.Save(new ChainParameters()));
    }
}
