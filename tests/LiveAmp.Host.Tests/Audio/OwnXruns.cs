using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>What a test demands of LiveAmp's own xruns: none caused by LiveAmp (its CPU time, a GC, see
/// <c>XrunAttribution</c>), nothing allocated on the audio thread. The machine's (a thread ready but not run, the
/// server late: a do-nothing client on this shared VM saw ~20 server xruns a second on a bad day) are logged.</summary>
public static class OwnXruns
{
    public static bool Clean(IReadOnlyDictionary<string, string> result) => result["own_xruns"] == "0";

    public static void AssertNone(IReadOnlyDictionary<string, string> result, ITestOutputHelper log)
    {
        log.WriteLine($"xruns caused by LiveAmp: {result["own_xruns"]}; by the machine: {result["machine_xruns"]} "
            + $"(underruns {result["underruns"]}, {result["underrun_frames"]} frames); server xruns: {result["server_xruns"]}");
        Assert.Equal("0", result["own_xruns"]);
        Assert.Equal("0", result["own_xruns_near_gc"]);
        Assert.Equal("0", result["audio_thread_alloc_bytes"]);
    }
}
