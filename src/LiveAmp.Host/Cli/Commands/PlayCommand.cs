using System.CommandLine;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Audio.Engine;
using LiveAmp.Host.Audio.Native;
using LiveAmp.Host.Audio.PortAudio;
using LiveAmp.Engine.Formats.Wav;
using LiveAmp.Host.Audio.Recording;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Audio.Testing;
using LiveAmp.Host.Live;
using LiveAmp.Host.Ui;
using Recorder = LiveAmp.Host.Audio.Recording.Recorder;

namespace LiveAmp.Host.Cli.Commands;

/// <summary>Everything `liveamp play` was asked for.</summary>
public sealed record PlayOptions
{
    public string? HostApi { get; init; }
    public string? Device { get; init; }
    public string? InputDevice { get; init; }
    public string? OutputDevice { get; init; }
    public int InputChannel { get; init; } = 1;
    public string OutputChannels { get; init; } = "1,2";
    public double? Rate { get; init; }
    public int Buffer { get; init; } = 64;
    public EngineMode Engine { get; init; } = EngineModes.Default;
    public int Prefill { get; init; } = 2;
    public bool Headless { get; init; }
    public string? InputFile { get; init; }
    public string? Record { get; init; }
    public double? Duration { get; init; }
    public string Preset { get; init; } = PlayCommand.DefaultPreset;
    public bool Verbose { get; init; }
}

/// <summary><c>liveamp play</c> (also the default command): runs the processor live on an audio device.</summary>
public static class PlayCommand
{
    public const int AudioLost = 3;

    /// <summary>The shipped preset `liveamp` plays when none is given.</summary>
    public const string DefaultPreset = "crunch";

    public static Command Create(Option<bool> verbose)
    {
        var cmd = new Command("play", "play live through the amp: audio input → processor → audio output (the default command)");
        Configure(cmd, verbose);
        return cmd;
    }

    /// <summary>Adds play's options and action to <paramref name="cmd"/> (the play command, or the root command).</summary>
    public static void Configure(Command cmd, Option<bool> verbose)
    {
        var hostApi = new Option<string?>("--host-api") { Description = "host API: jack, alsa, oss, wasapi, asio, coreaudio (default: PortAudio's default)" };
        var device = new Option<string?>("--device", "-d") { Description = "device for input and output (index or name, see `liveamp devices`)" };
        var inputDevice = new Option<string?>("--input-device") { Description = "input device (index or name)" };
        var outputDevice = new Option<string?>("--output-device") { Description = "output device (index or name)" };
        var inputChannel = new Option<int>("--input-channel") { Description = "input channel of the guitar (1-based)", DefaultValueFactory = _ => 1 };
        var outputChannels = new Option<string>("--output-channels") { Description = "output channels that get the mono signal, e.g. 1,2", DefaultValueFactory = _ => "1,2" };
        var rate = new Option<double?>("--rate") { Description = "sample rate in Hz (default: the device's; on JACK the server's)" };
        var buffer = new Option<int>("--buffer") { Description = "frames per buffer (not on JACK, which uses the server's period)", DefaultValueFactory = _ => 64 };
        var engine = new Option<string>("--engine") { Description = "ring: native callback + engine thread, isolated from .NET's GC pauses (+prefill blocks of latency); direct: process in the audio callback (lowest latency, a GC pause is an xrun); ring is Linux-only", DefaultValueFactory = _ => EngineModes.Default.ToString().ToLowerInvariant() };
        engine.AcceptOnlyFromAmong("direct", "ring");
        var prefill = new Option<int>("--prefill") { Description = "ring mode: blocks queued ahead (latency vs. tolerance)", DefaultValueFactory = _ => 2 };
        var headless = new Option<bool>("--headless") { Description = "no dashboard: one stats line per second (automatic when stdout is redirected or not an ANSI terminal)" };
        var inputFile = new Option<string?>("--input-file") { Description = "play this DI WAV instead of the input (reamping)" };
        var record = new Option<string?>("--record") { Description = "record the output to this WAV (float32)" };
        var duration = new Option<double?>("--duration") { Description = "stop after this many seconds" };
        var preset = new Option<string>("--preset", "-p") { Description = "preset name (see `liveamp presets`) or .toml file", DefaultValueFactory = _ => DefaultPreset };
        foreach (Option o in new Option[] { preset, hostApi, device, inputDevice, outputDevice, inputChannel, outputChannels, rate, buffer, engine, prefill, headless, inputFile, record, duration })
            cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var options = new PlayOptions
            {
                HostApi = parse.GetValue(hostApi), Device = parse.GetValue(device), InputDevice = parse.GetValue(inputDevice),
                OutputDevice = parse.GetValue(outputDevice), InputChannel = parse.GetValue(inputChannel),
                OutputChannels = parse.GetValue(outputChannels) ?? "1,2", Rate = parse.GetValue(rate), Buffer = parse.GetValue(buffer),
                Engine = parse.GetValue(engine) == "ring" ? EngineMode.Ring : EngineMode.Direct, Prefill = parse.GetValue(prefill),
                Headless = parse.GetValue(headless) || !Dashboard.TerminalSupported(), InputFile = parse.GetValue(inputFile),
                Record = parse.GetValue(record), Duration = parse.GetValue(duration), Preset = parse.GetValue(preset) ?? DefaultPreset,
                Verbose = parse.GetValue(verbose),
            };
            using var cts = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; cts.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
            return Run(options, Console.Out, Console.Error, cts.Token);
        });
    }

    public static int Run(PlayOptions o, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        PortAudioSession? session = null;
        LiveStream? stream = null;
        Recorder? recorder = null;
        PresetPlayer? player = null;
        try
        {
            int[] outChannels = ParseChannels(o.OutputChannels);
            if (o.Duration is <= 0) throw new LiveAmpException($"--duration {o.Duration}: expected a positive number of seconds");
            (float[] Samples, int SampleRate)? di = null;
            if (o.InputFile is not null)
            {
                var buffer = WavReader.ReadMono(o.InputFile, MonoMix.FirstChannel);
                di = (buffer.Channels[0], buffer.SampleRate);
            }
            session = PortAudioSession.Open(o.Verbose);
            if (OperatingSystem.IsLinux() && o.HostApi is null && !session.HostApis.Any(a => a.IsJack))
                error.WriteLine("warning: no JACK server found for this user; using PortAudio's default host API (higher latency). Start jackd for the lowest latency.");
            var request = new StreamRequest
            {
                HostApi = o.HostApi, Device = o.Device, InputDevice = o.InputDevice, OutputDevice = o.OutputDevice,
                InputChannel = o.InputChannel, OutputChannels = outChannels, SampleRate = o.Rate ?? di?.SampleRate,
                BufferFrames = o.Buffer, Mode = o.Engine, PrefillBlocks = o.Prefill, InputSamples = di?.Samples,
                Record = o.Record is not null, Verbose = o.Verbose,
            };
            var library = PresetLibrary.Default();
            player = new PresetPlayer(library, o.Preset);
            stream = new LiveStream(session, request, StallHook.Wrap(player));   // prepares the player: the first preset loads here
            if (di is { } d && Math.Abs(d.SampleRate - stream.SampleRate) > 0.5)
                throw new LiveAmpException($"{o.InputFile}: recorded at {d.SampleRate} Hz but the stream runs at {stream.SampleRate:0} Hz; "
                    + $"resample it (e.g. `sox in.wav -r {stream.SampleRate:0} out.wav`) or run the server at {d.SampleRate} Hz");
            if (o.Record is not null) recorder = new Recorder(stream.RecordRing!, o.Record, (int)stream.SampleRate);

            using var forcedGc = ForcedGcHook.FromEnvironment();
            output.WriteLine(Describe(stream, o));
            output.WriteLine(DescribeChain(player));
            if (forcedGc is not null) output.WriteLine($"test hook: forcing blocking GCs ({forcedGc.LiveObjects} live objects)");
            // Start with a compacted heap: what start-up left alive moves to gen2 now, so the GCs while playing only
            // trace recent garbage (measured: the first gen1 GC after start-up paused ~20 ms without this).
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var oldLatencyMode = GCSettings.LatencyMode;
            GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency; // no blocking gen2 while playing
            using var monitor = new StatsMonitor(stream);
            stream.Start();
            monitor.Start();
            forcedGc?.Start();
            double? stopAfter = o.Duration ?? (di is { } f ? f.Samples.Length / stream.SampleRate + 0.25 : null);
            using var presetCycle = PresetCycleHook.FromEnvironment(player);
            long eventsShown = 0;
            bool lost;
            if (o.Headless) lost = Loop(stream, monitor, o, output, error, stopAfter, cancel, ref eventsShown);
            else lost = RunDashboard(new LiveSession(library, player, monitor), monitor, stopAfter, cancel);
            presetCycle?.Dispose();
            forcedGc?.Dispose();
            if (lost) stream.Abandon();
            else stream.Stop();
            GCSettings.LatencyMode = oldLatencyMode;
            EngineStats final = monitor.Stop();
            recorder?.Complete();
            if (o.Headless) WriteEvents(output, final, ref eventsShown);
            WriteSummary(output, final, stream, recorder, forcedGc, player);
            if (lost)
            {
                error.WriteLine("error: " + monitor.LostReason + (recorder is null ? "" : $" (recording finalised: {recorder.Path})"));
                return AudioLost;
            }
            return 0;
        }
        catch (Exception e) when (e is LiveAmpException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            error.WriteLine("error: " + e.Message);
            if (o.Verbose) error.WriteLine(e);
            return 1;
        }
        finally
        {
            if (recorder is not null)
            {
                try { recorder.Complete(); }
                catch (IOException e) { error.WriteLine("error: " + e.Message); }
                recorder.Dispose();
            }
            stream?.Dispose();
            player?.Dispose();
            session?.Dispose();
        }
    }

    static int[] ParseChannels(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var channels = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out channels[i]) || channels[i] < 1)
                throw new LiveAmpException($"--output-channels '{text}': expected 1-based channel numbers separated by commas, e.g. 1,2");
        if (channels.Length == 0) throw new LiveAmpException("--output-channels: at least one channel is needed");
        return channels;
    }

    // Returns true when the audio server was lost.
    static bool Loop(LiveStream stream, StatsMonitor monitor, PlayOptions o, TextWriter output, TextWriter error, double? stopAfter, CancellationToken cancel, ref long eventsShown)
    {
        var handles = new[] { cancel.WaitHandle, monitor.LostHandle };
        DateTime start = DateTime.UtcNow;
        TimeSpan nextLine = TimeSpan.FromSeconds(1);
        bool realtimeReported = false;
        while (true)
        {
            TimeSpan elapsed = DateTime.UtcNow - start;
            TimeSpan untilLine = nextLine - elapsed;
            TimeSpan untilEnd = stopAfter is { } s ? TimeSpan.FromSeconds(s) - elapsed : TimeSpan.MaxValue;
            if (untilEnd <= TimeSpan.Zero) return false;
            // Xruns are listed as they come (a snapshot keeps only the newest few), the stats line once a second.
            TimeSpan wait = TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(untilLine.TotalMilliseconds, untilEnd.TotalMilliseconds), 1, StatsMonitor.PublishInterval.TotalMilliseconds));
            int which = WaitHandle.WaitAny(handles, wait);
            if (which == 0) return false;
            if (which == 1) return true;
            var stats = monitor.Current;
            if (!realtimeReported && stats.Callbacks > 0 && (stream.Mode == EngineMode.Direct || stream.EngineRealtime is not null))
            {
                realtimeReported = true;
                ReportRealtime(stream, stats, output, error);
            }
            WriteEvents(output, stats, ref eventsShown);
            if (DateTime.UtcNow - start < nextLine) continue;
            nextLine += TimeSpan.FromSeconds(1);
            output.WriteLine(StatsLine(stats));
        }
    }

    /// <summary>The terminal dashboard until the user quits, the duration is over or the audio server is lost
    /// (returns true then).</summary>
    static bool RunDashboard(LiveSession session, StatsMonitor monitor, double? stopAfter, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (stopAfter is double seconds) stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        var onLost = ThreadPool.RegisterWaitForSingleObject(monitor.LostHandle, (_, _) => stop.Cancel(), null, Timeout.Infinite, executeOnlyOnce: true);
        Dashboard.Run(session, stop.Token);
        onLost.Unregister(null);
        return monitor.LostHandle.WaitOne(0);
    }

    static string DescribeChain(PresetPlayer player)
    {
        var d = player.ActiveChain.Description;
        string amp = d.AmpName is null ? "no amp" : d.AmpName + (d.Resampled ? $" (runs at {d.ModelRate} Hz, resampled)" : "");
        return $"preset: {player.ActivePreset} — {amp}, cab {d.CabName ?? "none"}";
    }

    internal static void WriteEvents(TextWriter output, EngineStats stats, ref long eventsShown)
    {
        // Events are numbered one by one; a gap is what came and went between two lines.
        long unlisted = stats.RecentEvents.Count > 0 ? stats.RecentEvents[0].Sequence - eventsShown - 1 : 0;
        if (unlisted > 0)
            output.WriteLine($"  … {unlisted} more xrun events not listed (a line lists the newest {StatsMonitor.RecentEventsKept}; the counts include all)");
        foreach (var e in stats.RecentEvents)
            if (e.Sequence > eventsShown)
                output.WriteLine($"  xrun at {e.At.TotalSeconds:0.0000} s: {e.Kind.Name()} ×{e.Count} ({e.Cause})");
        if (stats.RecentEvents.Count > 0) eventsShown = Math.Max(eventsShown, stats.RecentEvents[^1].Sequence);
    }

    static void ReportRealtime(LiveStream stream, EngineStats stats, TextWriter output, TextWriter error)
    {
        bool callbackRt = stats.CallbackPolicy is LibC.SchedFifo or LibC.SchedRr;
        output.WriteLine($"audio callback thread: {PolicyName(stats.CallbackPolicy)} priority {stats.CallbackPriority}; "
            + $"block {stats.BlockFrames} frames; {LatencyLine(stats.Latency)}");
        if (!callbackRt && !OperatingSystem.IsWindows())
            error.WriteLine("warning: the audio callback thread is not real-time; expect dropouts. " + RealtimeHint);
        if (stream.EngineRealtime is { } rt)
        {
            if (rt.Error == 0) output.WriteLine($"engine thread: SCHED_FIFO priority {rt.Priority} granted");
            else error.WriteLine($"warning: engine thread SCHED_FIFO priority {rt.Priority} not granted (errno {rt.Error}{(rt.Error == LibC.EPERM ? ", EPERM" : "")}); it runs at normal priority. " + RealtimeHint);
        }
    }

    const string RealtimeHint = "To allow real-time priority for a non-root user: add the user to the `audio` group (sudo usermod -aG audio $USER), "
        + "give that group rtprio (Debian: sudo dpkg-reconfigure -p high jackd2, which enables /etc/security/limits.d/audio.conf: "
        + "`@audio - rtprio 95` and `@audio - memlock unlimited`), then log in again.";

    static string PolicyName(long policy) => policy switch
    {
        LibC.SchedOther => "SCHED_OTHER",
        LibC.SchedFifo => "SCHED_FIFO",
        LibC.SchedRr => "SCHED_RR",
        _ => $"policy {policy}",
    };

    static string Describe(LiveStream s, PlayOptions o)
    {
        string mode = s.Mode == EngineMode.Ring ? $"ring (native callback, prefill {s.PrefillBlocks} blocks)" : "direct (processing in the callback)";
        string block = s.FramesPerBuffer == 0 ? "server's period" : $"{s.FramesPerBuffer} frames";
        string input = o.InputFile is null ? $"'{s.InputDevice.Name}' channel {o.InputChannel}" : $"file {o.InputFile} (reamping)";
        return $"stream: {s.InputDevice.HostApi.Name}, in {input} → out '{s.OutputDevice.Name}' channels {o.OutputChannels}, "
            + $"{s.SampleRate:0} Hz, block {block}, engine {mode}";
    }

    static string LatencyLine(LatencyBreakdown l) =>
        $"latency: PortAudio in {l.PortAudioInputFrames} fr ({l.Ms(l.PortAudioInputFrames):0.00} ms) + out {l.PortAudioOutputFrames} fr ({l.Ms(l.PortAudioOutputFrames):0.00} ms)"
        + $" + ring prefill {l.PrefillFrames} fr ({l.Ms(l.PrefillFrames):0.00} ms) + chain {l.ChainFrames} fr = {l.TotalFrames} frames ({l.Ms(l.TotalFrames):0.00} ms)";

    static string Db(float linear) => linear <= 1e-9f ? "-inf" : (20 * MathF.Log10(linear)).ToString("0.0", CultureInfo.InvariantCulture);

    public static string StatsLine(EngineStats s) => string.Create(CultureInfo.InvariantCulture,
        $"[{s.Elapsed.TotalSeconds,6:0.0} s] dsp {s.DspLoadCurrent:P1} (1 s mean {s.DspLoadMean1s:P1} max {s.DspLoadMax1s:P1}; run mean {s.DspLoadMean:P1} max {s.DspLoadMax:P1}) "
        + $"pa-cpu {s.PortAudioCpuLoad:P0} | xruns LiveAmp {s.OwnXruns} (near GC {s.OwnXrunsNearGc}) machine {s.MachineXruns} server {s.ServerXruns} (by kind: budget {s.OverBudget}, underrun {s.RingUnderruns}, overrun {s.RingOverruns}, late {s.LateCallbacks}; absorbed by the ring {s.AbsorbedLateBlocks}) "
        + $"| in {Db(s.PeakIn1s)} dBFS peak {Db(s.RmsIn1s)} rms, out {Db(s.PeakOut1s)} dBFS peak {Db(s.RmsOut1s)} rms, clip {s.ClippedSamples}");

    static void WriteSummary(TextWriter output, EngineStats s, LiveStream stream, Recorder? recorder, ForcedGcHook? forcedGc, PresetPlayer player)
    {
        string hook = "";
        if (forcedGc is not null)
        {
            var p = forcedGc.Pauses();
            hook = string.Create(CultureInfo.InvariantCulture, $" forced_gc_fifo={(forcedGc.Realtime ? 1 : 0)} forced_gcs={p.Count} forced_gc_min_ms={p.Min:0.00} forced_gc_median_ms={p.Median:0.00} forced_gc_max_ms={p.Max:0.00}");
        }
        output.WriteLine();
        output.WriteLine(StatsLine(s));
        output.WriteLine(LatencyLine(s.Latency));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC: {s.GcCollections} collections, {s.GcPauseTotal.TotalMilliseconds:0.0} ms paused; while playing {s.GcsWhilePlaying}, longest pause {s.GcMaxPauseWhilePlaying.TotalMilliseconds:0.0} ms; allocated while playing {s.AllocatedWhilePlaying / 1024.0:0} kB ({s.AllocatedWhilePlaying / 1024.0 / Math.Max(1e-3, s.Elapsed.TotalSeconds):0.0} kB/s); audio-thread allocations {s.AudioThreadAllocatedBytes} B"));
        if (forcedGc is not null)
            foreach (var (at, pause) in forcedGc.Collections(stream.StartTimestamp))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"forced gc at {at:0.0000} s: {pause:0.00} ms"));
        output.WriteLine(s.StallProbeCpus > 0
            ? string.Create(CultureInfo.InvariantCulture, $"host pauses seen by the stall probe on {s.StallProbeCpus} CPUs: {s.HostPauses} (longest {s.HostPauseLongest.TotalMilliseconds:0.0} ms)")
            : "stall probe not running (it needs real-time priority): a CPU paused by a virtual machine's host reads as LiveAmp's CPU time");
        if (recorder is not null) output.WriteLine($"recorded {recorder.FrameCount} frames to {recorder.Path} (output lags input by {s.Latency.RecordingOffsetFrames} frames)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result: engine={stream.Mode.ToString().ToLowerInvariant()} rate={stream.SampleRate:0} block={s.BlockFrames} callbacks={s.Callbacks} frames={s.Frames} "
            + $"dsp_load_mean_pct={s.DspLoadMean * 100:0.0} dsp_load_max_pct={s.DspLoadMax * 100:0.0} "
            + $"own_xruns={s.OwnXruns} own_xruns_near_gc={s.OwnXrunsNearGc} machine_xruns={s.MachineXruns} over_budget={s.OverBudget} own_over_budget={s.OwnOverBudget} underruns={s.RingUnderruns} underrun_frames={s.RingUnderrunFrames} overruns={s.RingOverruns} late={s.LateCallbacks} absorbed_late_blocks={s.AbsorbedLateBlocks} host_pauses={s.HostPauses} "
            + $"server_xruns={s.ServerXruns} pa_in_frames={s.Latency.PortAudioInputFrames} pa_out_frames={s.Latency.PortAudioOutputFrames} prefill_frames={s.Latency.PrefillFrames} "
            + $"chain_frames={s.Latency.ChainFrames} total_latency_frames={s.Latency.TotalFrames} recording_offset_frames={s.Latency.RecordingOffsetFrames} "
            + $"audio_thread_alloc_bytes={s.AudioThreadAllocatedBytes} alloc_while_playing_bytes={s.AllocatedWhilePlaying} gcs_while_playing={s.GcsWhilePlaying} record_dropped_frames={s.RecordDroppedFrames} recorded_frames={recorder?.FrameCount ?? 0} "
            + $"preset={player.ActivePreset} switches={player.Switches}{hook}"));
    }
}
