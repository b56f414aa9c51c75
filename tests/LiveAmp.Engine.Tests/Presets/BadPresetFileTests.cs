using LiveAmp.Engine.Presets;

namespace LiveAmp.Engine.Tests.Presets;

/// <summary>Hand-made bad presets in Data/bad, each with a <c>.expected.txt</c> holding a fragment of the message
/// (place and problem) that checking the file must report.</summary>
public sealed class BadPresetFileTests
{
    static readonly string Folder = Path.Combine(SharedData.RepoRoot, "tests", "LiveAmp.Engine.Tests", "Presets", "Data", "bad");

    public static TheoryData<string> Files() =>
        new(Directory.GetFiles(Folder, "*.toml").Select(Path.GetFileName).Order().Cast<string>());

    [Fact]
    public void Folder_HoldsTheCases() => Assert.True(Files().Count >= 7);

    [Theory, MemberData(nameof(Files))]
    public void Check_BadPreset_ReportsTheExpectedMessage(string fileName)
    {
        string path = Path.Combine(Folder, fileName);
        string expected = File.ReadAllText(Path.ChangeExtension(path, ".expected.txt")).Trim();
        var (preset, errors) = PresetReader.Check(path);
        Assert.Null(preset);
        var error = Assert.Single(errors);
        Assert.Equal(path + expected, error.Message);
    }
}
