using System.Diagnostics;
using LiveAmp.Engine.Dsp;
using LiveAmp.Host.Audio.Engine;
using LiveAmp.Host.Audio.PortAudio;
using Xunit.Abstractions;

namespace LiveAmp.Host.Tests.Audio;

/// <summary>Checks the reported latency against a measurement: LiveAmp's first output is wired back to its input
/// inside JACK, and a probe processor times impulses around the loop.</summary>
[Collection(AudioCollection.Name)]
public sealed class LoopLatencyTests(JackFixture jack, ITestOutputHelper log)
{
    /// <summary>Emits an impulse every <see cref="Spacing"/> frames and records how many frames later it comes back.</summary>
    sealed class LoopProbe : IProcessor
    {
        public const int Spacing = 4800;
        public readonly int[] Measured = new int[256];
        public int Count;
        long position, lastEmit = -1;

        public void Prepare(int sampleRate, int maxBlockFrames) { }
        public void Reset() { position = 0; lastEmit = -1; Count = 0; }
        public int LatencyFrames => 0;

        public void Process(Span<float> block)
        {
            for (int i = 0; i < block.Length; i++, position++)
            {
                if (lastEmit >= 0 && block[i] > 0.5f && position - lastEmit < Spacing && Count < Measured.Length)
                {
                    Measured[Count++] = (int)(position - lastEmit);
                    lastEmit = -1;
                }
                bool emit = position % Spacing == Spacing / 2;
                if (emit) lastEmit = position;
                block[i] = emit ? 1f : 0f;
            }
        }
    }

    [Theory]
    [InlineData(EngineMode.Direct)]
    [InlineData(EngineMode.Ring)]
    public void Measured_loop_latency_equals_the_reported_latency(EngineMode mode)
    {
        var probe = new LoopProbe();
        using var session = PortAudioSession.Open(verbose: false);
        using var stream = new LiveStream(session, new StreamRequest { HostApi = "jack", Mode = mode, OutputChannels = [1] }, probe);
        using var monitor = new LiveAmp.Host.Audio.Stats.StatsMonitor(stream);
        stream.Start();
        monitor.Start();
        Connect("liveamp:out_0", "liveamp:in_0");
        Thread.Sleep(1500);
        stream.Stop();
        var stats = monitor.Stop();
        int[] measured = probe.Measured[..probe.Count];
        log.WriteLine($"{mode}: reported {stats.Latency.TotalFrames} frames; measured {string.Join(",", measured.Distinct())} over {measured.Length} impulses; underruns {stats.RingUnderruns}");
        Assert.True(measured.Length >= 5, $"only {measured.Length} impulses came back");
        // The median, so that a rare host stall (a ring underrun shifts one impulse) cannot decide the result.
        Assert.Equal(stats.Latency.TotalFrames, measured.Order().ElementAt(measured.Length / 2));
    }

    void Connect(string from, string to)
    {
        var psi = new ProcessStartInfo("jack_connect") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "-s", jack.Server.Name, from, to }) psi.ArgumentList.Add(a);
        foreach (var kv in jack.Server.ClientEnvironment) psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"jack_connect {from} {to}: {err}");
    }
}
