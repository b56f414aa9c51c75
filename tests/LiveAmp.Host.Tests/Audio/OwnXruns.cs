using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>What a test may demand of LiveAmp's own xruns on a shared VM whose JACK dummy server itself misses its
/// deadlines (a do-nothing client counted ~20 server xruns a second on a bad day). Always: none near a GC, nothing
/// allocated. Blocks over budget and ring under/overruns: none at all when the server reported no xrun in the run;
/// when it did (the machine stalled every client), at most one per server xrun, since a stalled vCPU also stretches
/// the block being processed.</summary>
public static class OwnXruns
{
    public static void AssertNone(IReadOnlyDictionary<string, string> result, ITestOutputHelper log)
    {
        Assert.Equal("0", result["own_xruns_near_gc"]);
        Assert.Equal("0", result["audio_thread_alloc_bytes"]);
        long timing = long.Parse(result["over_budget"]) + long.Parse(result["underruns"]) + long.Parse(result["overruns"]);
        long server = long.Parse(result["server_xruns"]);
        log.WriteLine($"timing xruns of LiveAmp's: {timing}; server xruns in the same run: {server}");
        if (server == 0) Assert.Equal(0, timing);
        else Assert.True(timing <= server, $"{timing} over-budget blocks and ring under/overruns, more than the {server} stalls the server saw");
    }
}
