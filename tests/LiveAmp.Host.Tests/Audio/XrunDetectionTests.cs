using LiveAmp.Host.Audio.Testing;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>Xrun detection is real: an engine stall injected through a test hook is counted as LiveAmp's own and
/// named as overload, in both engine modes.</summary>
[Collection(AudioCollection.Name)]
public sealed class XrunDetectionTests(JackFixture jack, ITestOutputHelper log)
{
    [Theory]
    [InlineData("direct", "over budget")]
    [InlineData("ring", "over budget")]
    public void An_injected_stall_is_counted_and_named(string engine, string kind)
    {
        var environment = new Dictionary<string, string>(jack.Server.ClientEnvironment) { [StallHook.Variable] = "400,6" };
        using var play = new LiveampProcess(["play", "--headless", "--engine", engine, "--duration", "3"], environment);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(30)), "play did not finish");
        log.WriteLine(play.Stdout);
        Assert.True(play.ExitCode == 0, play.Stderr);
        var result = play.Result();
        // A 6 ms stall every 400 ms for 3 s: 6 or 7 blocks take over 4× their 1.33 ms period (plus, on a stalling VM,
        // at most one more per stall the server itself reported).
        Assert.InRange(long.Parse(result["over_budget"]), 5, 9 + long.Parse(result["server_xruns"]));
        Assert.True(long.Parse(result["own_xruns"]) >= long.Parse(result["over_budget"]));
        Assert.Matches($@"xrun at \d+\.\d+ s: {kind} ×1 \(overload \(\d+ % of the block period\)\)", play.Stdout);
    }
}
