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
        var (_, result) = OwnXruns.PlayUntilClean(
            ["play", "--headless", "--engine", "ring", "--preset", cycle[0], "--input-file", di, "--record", recording, "--duration", "10"],
            environment, TimeSpan.FromSeconds(60), log);
        Assert.InRange(int.Parse(result["switches"]), 95, 101);
        OwnXruns.AssertNone(result, log);

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
        // Where the machine made the ring run dry the recording holds a run of exact silence; its two edges are the
        // machine's steps, not the crossfade's, and are left out (only when underruns were counted).
        double step = MaxStep(recorded, long.Parse(result["underruns"]) > 0);
        log.WriteLine($"largest step: recording {step:0.0000}, presets alone {ownStep:0.0000}");
        Assert.True(step <= ownStep, $"a step of {step} while switching, above the presets' own {ownStep}");
    }

    static double MaxStep(float[] x, bool skipGapEdges = false)
    {
        const int Gap = 32;   // the ring's gaps are whole blocks of 64 frames
        var inGap = new bool[x.Length];
        if (skipGapEdges)
            for (int i = 0, run = 0; i < x.Length; i++)
            {
                run = x[i] == 0 ? run + 1 : 0;
                if (run == Gap) Array.Fill(inGap, true, i - Gap + 1, Gap);
                else if (run > Gap) inGap[i] = true;
            }
        double max = 0;
        for (int i = 1; i < x.Length; i++)
            if (!inGap[i] && !inGap[i - 1]) max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        return max;
    }
}
