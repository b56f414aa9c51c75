using LiveAmp.Host.Audio.Testing;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>Xrun detection is real: an engine stall injected through a test hook is counted as LiveAmp's own and
/// named as overload, in both engine modes (and so is the ring underrun it causes).</summary>
[Collection(AudioCollection.Name)]
public sealed class XrunDetectionTests(JackFixture jack, ITestOutputHelper log)
{
    [Theory]
    [InlineData("direct")]
    [InlineData("ring")]
    public void An_injected_stall_is_counted_and_named(string engine)
    {
        var environment = new Dictionary<string, string>(jack.Server.ClientEnvironment) { [StallHook.Variable] = "400,6" };
        using var play = new LiveampProcess(["play", "--headless", "--engine", engine, "--duration", "3"], environment);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(30)), "play did not finish");
        log.WriteLine(play.Stdout);
        Assert.True(play.ExitCode == 0, play.Stderr);
        var result = play.Result();
        // A 6 ms busy stall every 400 ms for 3 s: 6 or 7 blocks miss their deadline (1.33 ms direct, 2.67 ms ring) on
        // the CPU, LiveAmp's; a virtual CPU paused by its host inside a block can add one (it reads as CPU time too),
        // or take one away (a pause the probe saw is not LiveAmp's). Counted from the result line: on a noisy machine
        // more xruns come in a second than the printed list keeps.
        long server = long.Parse(result["server_xruns"]);
        long own = long.Parse(result["own_over_budget"]);
        Assert.InRange(own, 5, 9 + server);
        Assert.True(long.Parse(result["own_xruns"]) >= own);
        Assert.Matches(@"xrun at \d+\.\d+ s: over budget ×1 \(overload \(CPU \d+ % of the block period\)\)", play.Stdout);
        // In ring mode each stall also drains the ring; the underrun is traced to the stalled block.
        if (engine == "ring")
            Assert.Matches(@"xrun at \d+\.\d+ s: ring underrun ×\d+ \(overload \(a block used CPU \d+ % of its period\)\)", play.Stdout);
    }
}
