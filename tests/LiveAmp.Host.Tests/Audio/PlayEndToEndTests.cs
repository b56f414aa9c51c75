using System.Diagnostics;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Cli.Commands;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>`liveamp play` as a user runs it, against the private JACK server.</summary>
[Collection(AudioCollection.Name)]
public sealed class PlayEndToEndTests(JackFixture jack, ITestOutputHelper log) : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("liveamp-play-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("direct")]
    [InlineData("ring")]
    public void Reamping_a_di_file_through_a_preset_records_what_render_makes_after_the_reported_latency(string engine)
    {
        string di = SharedData.File("golden", "input.wav");
        string recording = Path.Combine(dir, $"out-{engine}.wav");
        string preset = Path.Combine(SharedData.RepoRoot, "presets", "crunch.toml");
        var (stdout, result) = OwnXruns.PlayUntilClean(
            ["play", "--headless", "--engine", engine, "--preset", preset, "--input-file", di, "--record", recording, "--duration", "3"],
            jack.Server.ClientEnvironment, TimeSpan.FromSeconds(30), log);

        OwnXruns.AssertNone(result, log);
        Assert.Equal("0", result["record_dropped_frames"]);
        Assert.Equal("0", result["overruns"]);
        Assert.Contains("latency: PortAudio in", stdout);

        int chainFrames = int.Parse(result["chain_frames"]);
        int offset = int.Parse(result["recording_offset_frames"]);
        Assert.Equal((engine == "ring" ? 2 * JackServer.Period : 0) + chainFrames, offset);
        var (input, inRate) = TestWav.ReadMono(di);
        var (output, outRate) = TestWav.ReadMono(recording);
        Assert.Equal(inRate, outRate);
        Assert.Equal(long.Parse(result["recorded_frames"]), output.Length);
        Assert.Equal(long.Parse(result["frames"]), output.Length);   // exactly what the callbacks played (no warm-up)
        Assert.InRange(output.Length, (int)(2.8 * outRate), (int)(3.5 * outRate));

        // `liveamp render --preset crunch` of the same DI is aligned with the input (the chain's latency removed); the
        // recording lags the input by the reported offset (ring prefill + the chain's latency).
        using var chain = ChainBuilder.Build(PresetReader.Load(preset).Chain, inRate, 1024);
        Assert.Equal(chainFrames, chain.LatencyFrames);
        var padded = new float[output.Length];   // the DI then silence, as long as the run: the cab's and gate's tails
        input.AsSpan(0, Math.Min(input.Length, padded.Length)).CopyTo(padded);
        var rendered = RenderCommand.Render(chain, padded, _ => { });
        // Where the machine made the ring run dry (counted as underrun frames) the callback played silence and then
        // dropped as many late samples, so the rest stays aligned: only those samples may differ, and they are 0.
        long gapFrames = long.Parse(result["underrun_frames"]);
        int lag = offset;
        double maxDiff = 0;
        long gaps = 0, firstDiff = -1, diffs = 0;
        for (int k = 0; k < output.Length; k++)
        {
            int source = k - lag;
            float expected = source >= 0 && source < rendered.Length ? rendered[source] : 0f;
            double diff = Math.Abs(output[k] - expected);
            if (diff > 1e-6 && output[k] == 0 && gaps < gapFrames) gaps++;
            else maxDiff = Math.Max(maxDiff, diff);
            if (diff > 1e-6 && !(output[k] == 0 && gaps <= gapFrames)) { diffs++; if (firstDiff < 0) firstDiff = k; }
        }
        log.WriteLine($"samples differing: {diffs}, the first at frame {firstDiff} of {output.Length}");
        log.WriteLine($"max |recording − render| = {maxDiff:E2}; {gaps} silent samples where the ring ran dry ({gapFrames} underrun frames)");
        Assert.True(maxDiff <= 1e-6, $"max |recording − render| = {maxDiff}");
        Assert.True(output.Max(MathF.Abs) > 0.05f); // the comparison is not between silences
    }

    [Fact]
    public void Liveamp_without_a_command_plays_and_reports_its_latency()
    {
        using var play = new LiveampProcess(["--headless", "--duration", "1"], jack.Server.ClientEnvironment);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.True(play.ExitCode == 0, play.Stderr);
        var r = play.Result();
        Assert.Equal("ring", r["engine"]);   // the default: isolated from GC pauses
        Assert.Equal(JackServer.Period.ToString(), r["pa_out_frames"]);
        Assert.Equal("crunch", r["preset"]);   // the shipped default
        Assert.Equal(int.Parse(r["pa_out_frames"]) + 2 * JackServer.Period + int.Parse(r["chain_frames"]), int.Parse(r["total_latency_frames"]));
        Assert.True(long.Parse(r["callbacks"]) > 300);
    }

    [Theory]
    [InlineData(new[] { "play", "--input-file", "/nonexistent/di.wav" }, "/nonexistent/di.wav")]
    [InlineData(new[] { "play", "--output-channels", "1,x", "--duration", "1" }, "--output-channels '1,x': expected 1-based channel numbers")]
    [InlineData(new[] { "play", "--input-channel", "9", "--duration", "1" }, "--input-channel 9: device 'system' has input channels 1..2")]
    [InlineData(new[] { "play", "--host-api", "nosuchapi", "--duration", "1" }, "host API 'nosuchapi' not found; available:")]
    [InlineData(new[] { "play", "--preset", "nosuch", "--duration", "1" }, "no preset named `nosuch`")]
    [InlineData(new[] { "play", "--preset", "/nonexistent/p.toml", "--duration", "1" }, "preset file not found: /nonexistent/p.toml")]
    public void Bad_arguments_get_one_clear_line_and_exit_code_1(string[] args, string expected)
    {
        using var play = new LiveampProcess(args, jack.Server.ClientEnvironment);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, play.ExitCode);
        Assert.StartsWith("error: ", play.Stderr);
        Assert.Contains(expected, play.Stderr);
        Assert.Single(play.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(15)]
    public void Sigint_and_sigterm_stop_cleanly_and_finalise_the_recording(int signal)
    {
        string recording = Path.Combine(dir, $"stopped-{signal}.wav");
        using var play = new LiveampProcess(["play", "--headless", "--engine", "ring", "--record", recording], jack.Server.ClientEnvironment);
        Assert.True(play.WaitForOutput(" s] dsp ", TimeSpan.FromSeconds(20)), $"no stats line.\n{play.Stdout}\n{play.Stderr}");
        play.Signal(signal);
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(5)), "play did not stop on the signal");
        Assert.True(play.ExitCode == 0, $"exit {play.ExitCode}: {play.Stderr}");
        Assert.DoesNotContain("error", play.Stderr); // warnings (e.g. no RT priority for a non-root user) may appear
        var (samples, rate) = TestWav.ReadMono(recording);
        Assert.Equal(JackServer.Rate, rate);
        Assert.Equal(long.Parse(play.Result()["recorded_frames"]), samples.Length);
        Assert.Empty(Directory.GetFiles(dir, ".*.tmp"));
    }

    [Theory]
    [InlineData("direct")]
    [InlineData("ring")]
    public void Killing_the_jack_server_stops_play_within_two_seconds_with_a_clear_error_and_a_finalised_recording(string engine)
    {
        using var server = JackServer.Start("-kill-" + engine);
        string recording = Path.Combine(dir, $"killed-{engine}.wav");
        using var play = new LiveampProcess(["play", "--headless", "--engine", engine, "--record", recording, "--duration", "60"],
            server.ClientEnvironment);
        Assert.True(play.WaitForOutput(" s] dsp ", TimeSpan.FromSeconds(20)), $"no stats line.\n{play.Stdout}\n{play.Stderr}");
        var sinceKill = Stopwatch.StartNew();
        server.Kill();
        Assert.True(play.WaitForExit(TimeSpan.FromSeconds(10)), "play hung after the server died");
        TimeSpan exitAfter = sinceKill.Elapsed;
        log.WriteLine($"{engine}: exited {exitAfter.TotalMilliseconds:0} ms after the kill, code {play.ExitCode}\n{play.Stderr}");
        Assert.True(exitAfter < TimeSpan.FromSeconds(2), $"took {exitAfter.TotalSeconds:0.00} s");
        Assert.Equal(3, play.ExitCode);
        Assert.Contains("error: the audio server stopped calling back", play.Stderr);
        Assert.Contains("recording finalised", play.Stderr);
        var (samples, rate) = TestWav.ReadMono(recording);
        Assert.Equal(JackServer.Rate, rate);
        Assert.InRange(samples.Length, JackServer.Rate / 2, 10 * JackServer.Rate); // at least the half second before the kill
        Assert.Empty(Directory.GetFiles(dir, ".*.tmp"));
    }
}
