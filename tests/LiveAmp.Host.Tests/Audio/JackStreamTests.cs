using LiveAmp.Host.Audio.Engine;
using LiveAmp.Host.Audio.PortAudio;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Cli.Commands;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>The live path against a real JACK server (dummy driver, 48 kHz, 64-frame periods).</summary>
[Collection(AudioCollection.Name)]
public sealed class JackStreamTests(JackFixture jack)
{
    [Fact]
    public void Devices_lists_the_jack_host_api_and_its_system_device()
    {
        var output = new StringWriter();
        Assert.Equal(0, DevicesCommand.Run(output, new StringWriter(), verbose: false, width: 200));
        string text = output.ToString();
        Assert.Contains("JACK Audio Connection Kit", text);
        Assert.Contains("system", text);
        Assert.DoesNotContain("no JACK host API", text);
        Assert.False(jack.Server.HasExited);
    }

    [Theory]
    [InlineData(EngineMode.Direct)]
    [InlineData(EngineMode.Ring)]
    public void Stream_runs_without_allocating_on_the_audio_path_and_reports_its_latency(EngineMode mode)
    {
        float[] sine = Enumerable.Range(0, JackServer.Rate * 2).Select(i => 0.5f * MathF.Sin(i * 0.05f)).ToArray();
        using var session = PortAudioSession.Open(verbose: false);
        using var stream = new LiveStream(session, new StreamRequest { HostApi = "jack", Mode = mode, InputSamples = sine }, new GainProcessor(0.25f));
        Assert.Equal(0, stream.FramesPerBuffer); // JACK: the server's period, no extra PortAudio buffer
        using var monitor = new StatsMonitor(stream);
        stream.Start();
        monitor.Start();
        Thread.Sleep(1200);
        stream.Stop();
        EngineStats s = monitor.Stop();

        Assert.True(s.Callbacks > 400, $"only {s.Callbacks} callbacks in 1.2 s");
        Assert.Equal(JackServer.Period, s.BlockFrames);
        Assert.Equal(0, s.AudioThreadAllocatedBytes);
        Assert.Equal(0.5f, s.PeakIn1s, 2);
        Assert.Equal(0.125f, s.PeakOut1s, 2);
        Assert.Null(monitor.LostReason);

        // PortAudio on JACK with framesPerBuffer = 0 reports one period of output latency (port latency 128 − one
        // buffer); ring mode adds its prefill, which PortAudio cannot see.
        LatencyBreakdown l = s.Latency;
        Assert.Equal(JackServer.Period, l.PortAudioOutputFrames);
        Assert.Equal(mode == EngineMode.Ring ? 2 * JackServer.Period : 0, l.PrefillFrames);
        Assert.Equal(l.PortAudioInputFrames + l.PortAudioOutputFrames + l.PrefillFrames, l.TotalFrames);
        Assert.Equal(l.TotalFrames * 1000.0 / 48000, l.Ms(l.TotalFrames), 9);
    }
}
