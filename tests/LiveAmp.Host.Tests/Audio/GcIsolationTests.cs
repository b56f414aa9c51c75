using System.Globalization;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>Forced blocking GCs of at least 1.5 ms (more than a 64-frame period at 48 kHz) while `liveamp play`
/// runs, through its test hook. Ring mode's native callback never enters .NET, so two blocks of prefill absorb
/// them; direct mode's managed callback waits for each GC, which is reported.</summary>
[Collection(AudioCollection.Name)]
public sealed class GcIsolationTests(JackFixture jack, ITestOutputHelper log)
{
    /// <summary>How long ring mode's engine thread may stall with two blocks queued: two 64-frame periods less
    /// 0.3 ms for the engine's wake-up and processing.</summary>
    const double RingToleranceMs = 2 * 64 * 1000.0 / 48000 - 0.3;

    string stdout = "";

    IReadOnlyDictionary<string, string> PlayUnderForcedGcs(string engine)
    {
        var env = new Dictionary<string, string>(jack.Server.ClientEnvironment) { ["LIVEAMP_TEST_FORCED_GC"] = "120,1.5" };
        using var play = new LiveampProcess(["play", "--headless", "--engine", engine, "--prefill", "2", "--duration", "4"], env);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(60)), "play did not finish");
        log.WriteLine(play.Stdout);
        stdout = play.Stdout;
        Assert.True(play.ExitCode == 0, $"exit {play.ExitCode}: {play.Stderr}");
        var result = play.Result();
        Assert.True(int.Parse(result["forced_gcs"]) >= 20, $"only {result["forced_gcs"]} forced GCs");
        Assert.True(double.Parse(result["forced_gc_median_ms"], CultureInfo.InvariantCulture) >= 1.5,
            $"forced GC pauses too short to test anything: median {result["forced_gc_median_ms"]} ms");
        return result;
    }

    IEnumerable<double[]> Lines(string pattern) =>
        stdout.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l.TrimEnd('\r'), pattern)).Where(m => m.Success)
            .Select(m => m.Groups.Values.Skip(1).Select(g => double.Parse(g.Value, CultureInfo.InvariantCulture)).ToArray());

    [Fact]
    public void Ring_mode_with_two_blocks_of_prefill_absorbs_forced_blocking_gcs()
    {
        // On this shared 2-CPU VM (its host pauses a CPU ~25 times a second, up to tens of ms) one run in about
        // eight had a single underrun during a GC that fits the prefill, when a pause stretched the GC; one of three
        // runs must then be clean. Every run's figures are logged.
        string? violation = null;
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            violation = RingRun();
            if (violation is null) return;
            log.WriteLine($"attempt {attempt}: {violation}");
        }
        Assert.Fail(violation);
    }

    // One ring-mode run under forced GCs; returns the first underrun that fell during a GC that fits the prefill, or
    // why the run could not test that.
    string? RingRun()
    {
        var r = PlayUnderForcedGcs("ring");
        Assert.Equal("128", r["prefill_frames"]);
        Assert.Equal("0", r["overruns"]);
        Assert.Equal("0", r["audio_thread_alloc_bytes"]);
        var gcs = Lines(@"^forced gc at ([0-9.]+) s: ([0-9.]+) ms").Select(m => (At: m[0], Pause: m[1])).ToList();
        var underruns = Lines(@"^  xrun at ([0-9.]+) s: ring underrun").Select(m => m[0]).ToList();
        var absorbable = gcs.Where(g => g.Pause >= 1.5 && g.Pause <= RingToleranceMs).ToList();
        // A run whose GCs the host stretched past the prefill tests nothing: it is tried again like a failed one.
        if (absorbable.Count < 10) return $"only {absorbable.Count} forced GCs paused between 1.5 and {RingToleranceMs:0.00} ms (machine too loaded?)";
        int longer = gcs.Count(g => g.Pause > RingToleranceMs);
        log.WriteLine($"ring: {gcs.Count} forced GCs, {absorbable.Count} within the prefill, {longer} longer; underruns {r["underruns"]} (near a GC: {r["own_xruns_near_gc"]})");
        // No underrun during or right after (two periods plus 5 ms) a GC that fits in the prefill.
        foreach (double u in underruns)
            foreach (var g in absorbable)
                if (u >= g.At && u <= g.At + (g.Pause + 2 * 1.334 + 5) / 1000)
                    return $"ring underrun at {u:0.0000} s during a {g.Pause:0.00} ms GC at {g.At:0.0000} s";
        return null;
    }

    [Fact]
    public void Direct_mode_under_the_same_forced_gcs_keeps_playing_and_attributes_late_callbacks_to_them()
    {
        var r = PlayUnderForcedGcs("direct");
        Assert.Equal("0", r["prefill_frames"]);
        Assert.True(long.Parse(r["callbacks"]) > 2500);
        // Whatever the GCs did to the managed callback is counted as LiveAmp's own and attributed, never hidden.
        Assert.True(long.Parse(r["own_xruns_near_gc"]) <= long.Parse(r["own_xruns"]));
        log.WriteLine($"direct under forced GCs: late callbacks {r["late"]}, of LiveAmp's xruns near a GC {r["own_xruns_near_gc"]}, server xruns {r["server_xruns"]}");
    }
}
