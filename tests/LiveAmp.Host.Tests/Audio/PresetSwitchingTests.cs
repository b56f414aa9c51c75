using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Formats.Wav;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Audio.Testing;
using LiveAmp.Host.Cli.Commands;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>A guitarist stamping on the footswitch: 100 preset switches in 10 s of live play on JACK.</summary>
[Collection(AudioCollection.Name)]
public sealed class PresetSwitchingTests(JackFixture jack, ITestOutputHelper log) : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("liveamp-switch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Hundred_switches_cause_no_xrun_of_LiveAmps_and_no_click()
    {
        string presets = Path.Combine(SharedData.RepoRoot, "presets");
        string[] cycle = new[] { "clean", "crunch", "high-gain" }.Select(p => Path.Combine(presets, p + ".toml")).ToArray();
        string di = SharedData.File("captures", "di_t3k_mayer.wav");
        string recording = Path.Combine(dir, "switching.wav");
        var environment = new Dictionary<string, string>(jack.Server.ClientEnvironment)
        {
            [PresetCycleHook.Variable] = "100," + string.Join(',', cycle),
        };
        using var play = new LiveampProcess(
            ["play", "--headless", "--engine", "ring", "--preset", cycle[0], "--input-file", di, "--record", recording, "--duration", "10"],
            environment);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(60)), "play did not finish");
        log.WriteLine(play.Stdout);
        Assert.True(play.ExitCode == 0, $"exit {play.ExitCode}: {play.Stderr}");
        var result = play.Result();
        Assert.InRange(int.Parse(result["switches"]), 95, 101);
        Assert.Equal("0", result["over_budget"]);
        Assert.Equal("0", result["underruns"]);
        Assert.Equal("0", result["overruns"]);
        Assert.Equal("0", result["own_xruns_near_gc"]);
        Assert.Equal("0", result["audio_thread_alloc_bytes"]);

        // No click: no sample-to-sample step of the recording is larger than the largest step any of the three
        // presets makes on its own over the same DI.
        var recorded = WavReader.ReadMono(recording).Channels[0];
        var input = WavReader.ReadMono(di).Channels[0].AsSpan(0, recorded.Length).ToArray();
        double ownStep = 0;
        foreach (var preset in cycle)
        {
            using var chain = ChainBuilder.Build(PresetReader.Load(preset).Chain, 48_000, 1024);
            ownStep = Math.Max(ownStep, MaxStep(RenderCommand.Render(chain, input, _ => { })));
        }
        double step = MaxStep(recorded);
        log.WriteLine($"largest step: recording {step:0.0000}, presets alone {ownStep:0.0000}");
        Assert.True(step <= ownStep, $"a step of {step} while switching, above the presets' own {ownStep}");
    }

    static double MaxStep(float[] x)
    {
        double max = 0;
        for (int i = 1; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        return max;
    }
}
