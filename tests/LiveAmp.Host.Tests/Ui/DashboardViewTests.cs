using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Chain;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui;
using LiveAmp.Host.Ui.Screen;

namespace LiveAmp.Host.Tests.Ui;

public class DashboardViewTests
{
    static readonly ModelInfo WaveNet = new("WaveNet", "standard", 13_802, 13_000, 8_188, 8_188);

    internal static FakeLiveSession PlayingSession() => new()
    {
        ActivePreset = "crunch",
        Chain = new ChainDescription("jcm800.nam", WaveNet, 44_100, Resampled: true, "v30-4x12.wav", 2048),
        Latency = new LatencyBreakdown(48_000, 64, 128, 0, 12),
        Stats = new EngineStats
        {
            Latency = new LatencyBreakdown(48_000, 64, 128, 0, 12),
            Callbacks = 7500, Elapsed = TimeSpan.FromSeconds(10), BlockFrames = 64,
            DspLoadCurrent = 0.125, DspLoadMean1s = 0.11, DspLoadMax1s = 0.31, DspLoadMean = 0.097, DspLoadMax = 1.204, PortAudioCpuLoad = 0.14,
            OverBudget = 1, RingUnderruns = 2, ServerXruns = 4, OwnXruns = 1, OwnXrunsNearGc = 1, MachineXruns = 2,
            RecentEvents =
            [
                new XrunEvent(1, TimeSpan.FromSeconds(3.2), XrunKind.OverBudget, 1, true, "GC gen0 during the block"),
                new XrunEvent(2, TimeSpan.FromSeconds(5.5), XrunKind.Server, 4, false, "JACK reported an xrun"),
                new XrunEvent(3, TimeSpan.FromSeconds(8.0), XrunKind.RingUnderrun, 2, false, "engine thread ready but not run"),
            ],
            PeakIn1s = 0.25f, RmsIn1s = 0.0625f, PeakOut1s = 0.5f, RmsOut1s = 0.125f,
        },
    };

    static string Render(DashboardState state, int width = 120)
    {
        state.Refresh();
        return Frame(state, width);
    }

    /// <summary>Draws a frame into a screen buffer of <paramref name="width"/> columns and renders that into a
    /// string-backed Spectre console of the same width.</summary>
    static string Frame(DashboardState state, int width = 120)
    {
        var screen = new ScreenBuffer(width, 60);
        DashboardView.Draw(state, screen);
        var console = new StringConsole(width);
        console.Console.Write(screen);
        return console.Text;
    }

    static string LineWith(string text, string needle) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(needle)) ?? throw new Xunit.Sdk.XunitException($"no line with `{needle}` in\n{text}");

    [Fact]
    public void Lists_the_presets_with_quick_pick_numbers_the_selection_and_the_playing_one()
    {
        var session = PlayingSession();
        var state = new DashboardState(session);
        state.HandleKey(Keys.Of(ConsoleKey.DownArrow));
        string text = Render(state);
        // The preset panel is the first 30 columns (the knob panel beside it has its own ▶).
        static string Presets(string line) => line[..30];
        Assert.Contains("  1   clean", Presets(LineWith(text, " clean")));
        Assert.Contains("  2 ● crunch", Presets(LineWith(text, "● crunch")));
        Assert.Contains("▶ 3   high-gain", Presets(LineWith(text, "high-gain")));
        Assert.Contains("playing crunch", text);
    }

    [Fact]
    public void Shows_the_filter_and_only_the_matching_presets()
    {
        var state = new DashboardState(PlayingSession());
        foreach (var key in Keys.Text("/gain")) state.HandleKey(key);
        string text = Render(state);
        Assert.Contains("/gain", text);
        Assert.Contains("high-gain", text);
        Assert.DoesNotContain("clean", text);
    }

    [Fact]
    public void Shows_every_knob_with_its_unit_and_marks_changed_ones()
    {
        var session = PlayingSession();
        var state = new DashboardState(session);
        state.HandleKey(Keys.Of(ConsoleKey.Tab));
        state.HandleKey(Keys.Of(ConsoleKey.DownArrow));
        state.HandleKey(Keys.Of(ConsoleKey.DownArrow));
        for (int i = 0; i < 6; i++) state.HandleKey(Keys.Of(ConsoleKey.LeftArrow));
        string text = Render(state);
        foreach (var knob in Knobs.All) Assert.Contains(knob.Name, text);
        string bass = LineWith(text, "bass");
        Assert.Contains("▶ bass", bass);
        Assert.Contains("-3.0 dB", bass);
        Assert.Contains("*", bass);
        Assert.Contains("-70.0 dB", LineWith(text, "gate"));
        Assert.DoesNotContain("*", LineWith(text, "treble"));
        Assert.Contains("knobs changed: s saves", text);
    }

    [Fact]
    public void Shows_the_model_architecture_and_resampling()
    {
        var session = PlayingSession();
        string text = Render(new DashboardState(session));
        Assert.Contains("jcm800.nam", text);
        Assert.Contains("WaveNet", text);
        Assert.Contains("13.8k params", text);
        Assert.Contains("resampled 44100→48000 Hz", text);
        Assert.Contains("v30-4x12.wav (2048 frames)", text);

        session.Chain = session.Chain with { ModelRate = 48_000, Resampled = false };
        text = Render(new DashboardState(session));
        Assert.Contains("48000 Hz (no resampling)", text);
        Assert.DoesNotContain("resampled", text);
    }

    [Fact]
    public void Shows_dsp_load_xruns_split_by_who_caused_them_with_causes_and_the_latency()
    {
        var state = new DashboardState(PlayingSession());
        string text = Render(state);
        Assert.Contains("DSP load  12.5 % (1 s mean 11.0 %, max 31.0 %; since start mean 9.7 %, max 120.4 %) · PortAudio CPU 14.0 %", LineWith(text, "DSP load"));
        string xruns = LineWith(text, "xruns");
        Assert.Contains("LiveAmp 1 · machine 2 · server 4", xruns);
        Assert.Contains("near GC 1", xruns);
        Assert.Contains("s LiveAmp over budget ×1: GC gen0 during the block", LineWith(text, "3.2 s"));
        Assert.Contains("s         server xrun ×4: JACK reported an xrun", LineWith(text, "5.5 s"));
        Assert.Contains("s machine ring underrun ×2: engine thread ready but not run", LineWith(text, "8.0 s"));
        Assert.Contains("204 frames = 4.25 ms @ 48000 Hz (in 64 + out 128 + prefill 0 + chain 12; block 64)", LineWith(text, "latency"));
    }

    [Fact]
    public void Shows_only_the_last_three_xrun_events()
    {
        var session = PlayingSession();
        session.Stats = session.Stats with
        {
            RecentEvents = [.. Enumerable.Range(1, 5).Select(i => new XrunEvent(i, TimeSpan.FromSeconds(i), XrunKind.LateCallback, 1, false, $"cause {i}"))],
        };
        string text = Render(new DashboardState(session));
        Assert.DoesNotContain("cause 2", text);
        Assert.Contains("cause 3", text);
        Assert.Contains("cause 5", text);
    }

    [Fact]
    public void Draws_the_load_history_as_a_sparkline()
    {
        var session = PlayingSession();
        var state = new DashboardState(session);
        double[] loads = [0.0, 0.5, 1.0, 2.0];
        for (int i = 0; i < loads.Length; i++)
        {
            session.Stats = session.Stats with { Elapsed = TimeSpan.FromSeconds(20 + i), DspLoadMax1s = loads[i] };
            state.Refresh();
        }
        string text = Frame(state);
        // The first sample (0.31, from the session's start) comes from constructing the state.
        Assert.Contains("history  ▃▁▅██ max/s, last 5 s", LineWith(text, "history"));
    }

    [Fact]
    public void Shows_levels_in_dbfs_and_lights_the_clip_indicators()
    {
        var session = PlayingSession();
        var state = new DashboardState(session);
        string text = Render(state);
        Assert.Contains("-12.0 pk  -24.1 rms", LineWith(text, "-12.0 pk"));
        Assert.Contains(" -6.0 pk  -18.1 rms", LineWith(text, "-6.0 pk"));
        Assert.DoesNotContain("CLIP", text);

        session.Stats = session.Stats with { ClippedSamples = 12, PeakIn1s = 1f, Elapsed = TimeSpan.FromSeconds(11) };
        text = Render(state);
        Assert.Contains("CLIP", LineWith(text, " pk"));
        Assert.Contains("CLIP", LineWith(text, "-6.0 pk"));
        Assert.Contains("clipped samples 12", text);
    }

    [Fact]
    public void Shows_bypass_loading_and_the_located_error_of_a_bad_preset()
    {
        var session = PlayingSession();
        var state = new DashboardState(session);
        Assert.Contains("bypass off", Render(state));
        session.Bypass = true;
        session.PendingPreset = "broken";
        session.Status = SessionStatus.Error("/presets/broken.toml:4:9: amp.model: file not found: jcm900.nam");
        string text = Render(state);
        Assert.Contains("BYPASS", LineWith(text, "LiveAmp"));
        Assert.Contains("loading broken…", text);
        Assert.Contains("playing crunch", text);
        Assert.Contains("✗ /presets/broken.toml:4:9: amp.model: file not found: jcm900.nam", text);
    }

    [Fact]
    public void Escapes_markup_in_names_and_messages()
    {
        var session = PlayingSession();
        session.Presets = FakeLiveSession.Entries("[lead]", "clean");
        session.Status = SessionStatus.Info("loaded [lead]");
        string text = Render(new DashboardState(session));
        Assert.Contains("[lead]", LineWith(text, "1 "));
        Assert.Contains("✓ loaded [lead]", text);
    }

    [Fact]
    public void Renders_before_any_audio_and_without_an_amp_or_presets()
    {
        var session = new FakeLiveSession { Presets = [] };
        string text = Render(new DashboardState(session));
        Assert.Contains("no preset loaded", text);
        Assert.Contains("no presets found", text);
        Assert.Contains("waiting for the first audio callback", text);
        Assert.Contains("amp   none", text);
        Assert.Contains("ready", text);
    }

    [Fact]
    public void Fits_120_columns()
    {
        string text = Render(new DashboardState(PlayingSession()));
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 120, line));
    }

    [Fact]
    public void Narrow_terminals_get_the_model_and_levels_under_the_knobs_without_wrapping_them()
    {
        string text = Render(new DashboardState(PlayingSession()), width: 80);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
        Assert.Contains("amp   jcm800.nam · WaveNet · 13.8k params", text);
        Assert.Contains("-6.0 pk  -18.1 rms", text);
        Assert.True(text.IndexOf("Knobs", StringComparison.Ordinal) < text.IndexOf("Model", StringComparison.Ordinal));
    }

    [Fact]
    public void The_status_line_comes_right_under_the_header()
    {
        var session = PlayingSession();
        session.Status = SessionStatus.Error("bad.toml:1:1: expected a table");
        string[] lines = Render(new DashboardState(session)).Split('\n');
        Assert.StartsWith("LiveAmp", lines[0]);
        Assert.StartsWith("✗ bad.toml:1:1: expected a table", lines[1]);
    }

    [Fact]
    public void A_long_preset_list_scrolls_with_the_selection()
    {
        var session = PlayingSession();
        session.Presets = FakeLiveSession.Entries([.. Enumerable.Range(0, 30).Select(i => $"p{i:00}")]);
        session.ActivePreset = null;
        var state = new DashboardState(session);
        string top = Render(state);
        Assert.Contains("▶ 1   p00", top);
        Assert.Contains("p11", top);
        Assert.DoesNotContain("p12", top);
        Assert.Contains("↓ 18 more", top);
        Assert.DoesNotContain("↑ ", top);   // the help line has "↑↓"

        for (int i = 0; i < 20; i++) state.HandleKey(Keys.Of(ConsoleKey.DownArrow));
        string middle = Render(state);
        Assert.Contains("▶     p20", middle);
        Assert.Contains("↑ 14 more", middle);
        Assert.Contains("p14", middle);
        Assert.DoesNotContain("p13", middle);
        Assert.Contains("↓ 4 more", middle);
    }

    [Fact]
    public void Knob_values_are_formatted_with_their_units()
    {
        Assert.Equal("-3.0 dB", DashboardView.FormatKnob(-3f, "dB"));
        Assert.Equal("1200 Hz", DashboardView.FormatKnob(1200.4f, "Hz"));
        Assert.Equal("0.5", DashboardView.FormatKnob(0.5f, ""));
    }

    [Fact]
    public void A_tiny_terminal_crops_the_frame_without_failing()
    {
        var state = new DashboardState(PlayingSession());
        state.Refresh();
        var screen = new ScreenBuffer(40, 10);
        DashboardView.Draw(state, screen);
        Assert.StartsWith("LiveAmp  playing crunch", screen.RowText(0));
        Assert.Equal("ready", screen.RowText(1));
        Assert.All(Enumerable.Range(0, 10), row => Assert.True(screen.RowText(row).Length <= 40));
    }
}
