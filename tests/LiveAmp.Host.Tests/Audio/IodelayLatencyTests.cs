using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>The latency LiveAmp reports is the latency a user measures: JACK's own `jack_iodelay` sends its test
/// signal through LiveAmp's ports (a gain-only preset) and measures the round trip.</summary>
[Collection(AudioCollection.Name)]
public sealed class IodelayLatencyTests(JackFixture jack, ITestOutputHelper log) : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("liveamp-iodelay-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("direct")]
    [InlineData("ring")]
    public void Jack_iodelay_through_liveamp_measures_the_reported_latency(string engine)
    {
        string preset = Path.Combine(dir, "gain.toml");
        File.WriteAllText(preset, "schema = 1\nname = \"Gain only\"\n[gate]\nenabled = false\n[eq]\nenabled = false\n[levels]\noutput_db = -6\n");
        var env = jack.Server.ClientEnvironment;
        using var play = new LiveampProcess(["play", "--headless", "--engine", engine, "--preset", preset, "--duration", "5"], env);
        Assert.True(play.WaitForOutput("audio callback thread", TimeSpan.FromSeconds(20)), play.Stderr);

        var iodelay = Start("stdbuf", env, "-o0", "jack_iodelay");
        var measured = new List<double>();
        iodelay.OutputDataReceived += (_, e) =>
        {
            var m = e.Data is null ? null : Regex.Match(e.Data, @"([\d.]+) frames\s+[\d.]+ ms total roundtrip latency");
            if (m is { Success: true }) lock (measured) measured.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        };
        iodelay.BeginOutputReadLine();
        Thread.Sleep(500);
        Run("jack_disconnect", env, "system:capture_1", "liveamp:in_0");
        Run("jack_connect", env, "jack_delay:out", "liveamp:in_0");
        Run("jack_connect", env, "liveamp:out_0", "jack_delay:in");
        Thread.Sleep(2000);
        iodelay.Kill();
        iodelay.WaitForExit();

        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(30)));
        log.WriteLine(play.Stdout);
        var result = play.Result();
        double[] readings;
        lock (measured) readings = [.. measured];
        Assert.True(readings.Length > 0, "jack_iodelay measured nothing");
        double roundTrip = readings[^1];
        int reported = int.Parse(result["total_latency_frames"]);
        log.WriteLine($"jack_iodelay {roundTrip:0.000} frames; LiveAmp reports {reported}");
        Assert.InRange(roundTrip, reported - 1, reported + 1);
    }

    static Process Start(string file, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    static void Run(string file, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var p = Start(file, env, args);
        p.WaitForExit(5000);
    }
}
