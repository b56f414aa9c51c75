using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Formats.Wav;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Cli.Commands;

namespace LiveAmp.Host.Tests.Cli;

/// <summary>Every shipped preset must sound right on first run: it renders each DI recording in ../shared/captures
/// without error, and its level stays in the documented range (README, "Shipped presets"): RMS between −32 and
/// −12 dBFS — neither silence nor a wall of limiting — and peaks at most −0.2 dBFS, so nothing clips.</summary>
public class ShippedPresetTests
{
    const double MinRmsDb = -32, MaxRmsDb = -12, MaxPeak = 0.977;

    static readonly string ShippedFolder = Path.Combine(SharedData.RepoRoot, "presets");

    public static TheoryData<string> Presets()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ShippedFolder, "*.toml").Order()) data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Fact]
    public void There_are_a_clean_a_crunch_and_a_high_gain_preset_and_all_are_valid()
    {
        var library = new PresetLibrary(Path.Combine(Path.GetTempPath(), "liveamp-no-user-presets"), ShippedFolder);
        Assert.Equal(["clean", "crunch", "high-gain"], library.List().Select(e => e.Key).Order().ToArray());
        Assert.All(library.CheckAll(), check => Assert.Empty(check.Errors));
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Renders_every_DI_capture_within_the_documented_level_range(string preset)
    {
        var settings = PresetReader.Load(Path.Combine(ShippedFolder, preset + ".toml")).Chain;
        var inputs = Directory.EnumerateFiles(SharedData.Path_("captures"), "di_*.wav").Order().ToArray();
        Assert.NotEmpty(inputs);
        foreach (var path in inputs)
        {
            var input = WavReader.ReadMono(path);
            using var chain = ChainBuilder.Build(settings, input.SampleRate, 1024);
            var output = RenderCommand.Render(chain, input.Channels[0], _ => { });
            double sum = 0, peak = 0;
            foreach (float x in output)
            {
                Assert.True(float.IsFinite(x), $"{preset} on {Path.GetFileName(path)}: non-finite output");
                sum += (double)x * x;
                peak = Math.Max(peak, Math.Abs(x));
            }
            double rmsDb = 10 * Math.Log10(sum / output.Length);
            Assert.True(rmsDb is >= MinRmsDb and <= MaxRmsDb, $"{preset} on {Path.GetFileName(path)}: RMS {rmsDb:0.0} dBFS");
            Assert.True(peak <= MaxPeak, $"{preset} on {Path.GetFileName(path)}: peak {peak:0.000}");
            Assert.Equal(0, chain.Safety.TripCount);
        }
    }
}
