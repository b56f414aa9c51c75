using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui;

namespace LiveAmp.Host.Tests.Ui;

public class DashboardStateTests
{
    static (FakeLiveSession Session, DashboardState State) Start(string? active = null, params string[] presets)
    {
        var session = new FakeLiveSession { ActivePreset = active };
        if (presets.Length > 0) session.Presets = FakeLiveSession.Entries(presets);
        return (session, new DashboardState(session));
    }

    static void Press(DashboardState state, params ConsoleKeyInfo[] keys)
    {
        foreach (var key in keys) state.HandleKey(key);
    }

    [Fact]
    public void Starts_on_the_active_preset_with_the_preset_panel_focused()
    {
        var (_, state) = Start("crunch");
        Assert.Equal(DashboardFocus.Presets, state.Focus);
        Assert.Equal("crunch", state.SelectedEntry!.Key);
    }

    [Fact]
    public void Arrows_move_the_preset_selection_within_the_list_and_Enter_requests_it()
    {
        var (session, state) = Start();
        Press(state, Keys.Of(ConsoleKey.UpArrow));
        Assert.Equal(0, state.SelectedPreset);
        Press(state, Keys.Of(ConsoleKey.DownArrow), Keys.Of(ConsoleKey.DownArrow), Keys.Of(ConsoleKey.DownArrow));
        Assert.Equal("high-gain", state.SelectedEntry!.Key);
        Assert.Empty(session.Requested);
        Press(state, Keys.Of(ConsoleKey.UpArrow), Keys.Of(ConsoleKey.Enter));
        Assert.Equal(["crunch"], session.Requested);
    }

    [Fact]
    public void A_digit_picks_and_loads_that_row_and_a_digit_past_the_end_does_nothing()
    {
        var (session, state) = Start();
        Press(state, Keys.Char('3'));
        Assert.Equal(["high-gain"], session.Requested);
        Assert.Equal(2, state.SelectedPreset);
        Press(state, Keys.Char('4'), Keys.Char('9'));
        Assert.Equal(["high-gain"], session.Requested);
        Assert.Equal(2, state.SelectedPreset);
    }

    [Fact]
    public void Digits_count_rows_of_the_filtered_list()
    {
        var (session, state) = Start(null, "clean", "crunch", "high-gain", "lead-crunch");
        Press(state, Keys.Char('/'));
        Press(state, [.. Keys.Text("crunch")]);
        Press(state, Keys.Of(ConsoleKey.Escape));
        Assert.Equal("", state.Filter);
        Press(state, Keys.Char('/'));
        Press(state, [.. Keys.Text("CRUN")]);
        Press(state, Keys.Of(ConsoleKey.Enter));   // loads the first match, keeps the filter
        Assert.False(state.IsFiltering);
        Assert.Equal("CRUN", state.Filter);
        Assert.Equal(2, state.VisiblePresets.Count);
        Press(state, Keys.Char('2'));
        Assert.Equal(["crunch", "lead-crunch"], session.Requested);
    }

    [Fact]
    public void Slash_filters_as_you_type_and_backspace_widens_it_again()
    {
        var (session, state) = Start("clean");
        Press(state, Keys.Of(ConsoleKey.Tab), Keys.Char('/'));
        Assert.True(state.IsFiltering);
        Assert.Equal(DashboardFocus.Presets, state.Focus);
        Press(state, [.. Keys.Text("gx")]);
        Assert.Empty(state.VisiblePresets);
        Assert.Null(state.SelectedEntry);
        Press(state, Keys.Of(ConsoleKey.Backspace));
        Assert.Equal("g", state.Filter);
        Assert.Equal(["high-gain"], state.VisiblePresets.Select(i => session.Presets[i].Key));
        // While filtering, letters are text: `q` does not quit, `b` does not bypass.
        Press(state, Keys.Of(ConsoleKey.Backspace), Keys.Char('q'), Keys.Char('b'));
        Assert.False(state.QuitRequested);
        Assert.False(session.Bypass);
        Assert.Equal("qb", state.Filter);
    }

    [Fact]
    public void Escape_ends_the_filter_and_keeps_the_highlighted_preset_highlighted()
    {
        var (session, state) = Start();
        Press(state, Keys.Char('/'), Keys.Char('h'));   // crunch and high-gain
        Press(state, Keys.Of(ConsoleKey.DownArrow));
        Assert.Equal("high-gain", state.SelectedEntry!.Key);
        Press(state, Keys.Of(ConsoleKey.Escape));
        Assert.False(state.IsFiltering);
        Assert.Equal(3, state.VisiblePresets.Count);
        Assert.Equal("high-gain", state.SelectedEntry!.Key);
        Assert.Empty(session.Requested);
    }

    [Fact]
    public void Enter_on_an_empty_filter_result_loads_nothing()
    {
        var (session, state) = Start();
        Press(state, Keys.Char('/'), Keys.Char('z'), Keys.Of(ConsoleKey.Enter));
        Assert.Empty(session.Requested);
        Assert.False(state.IsFiltering);
    }

    [Fact]
    public void Tab_switches_panels_and_up_down_then_select_knobs()
    {
        var (_, state) = Start();
        Press(state, Keys.Of(ConsoleKey.Tab));
        Assert.Equal(DashboardFocus.Knobs, state.Focus);
        Press(state, Keys.Of(ConsoleKey.DownArrow), Keys.Of(ConsoleKey.DownArrow));
        Assert.Equal(Knob.BassDb, Knobs.All[state.SelectedKnob].Id);
        Assert.Equal(0, state.SelectedPreset);
        for (int i = 0; i < 20; i++) Press(state, Keys.Of(ConsoleKey.DownArrow));
        Assert.Equal(Knobs.All.Count - 1, state.SelectedKnob);
        Press(state, Keys.Of(ConsoleKey.Tab));
        Assert.Equal(DashboardFocus.Presets, state.Focus);
    }

    [Fact]
    public void Left_and_right_turn_the_selected_knob_by_its_step_and_shift_by_five_steps()
    {
        var (session, state) = Start();
        Press(state, Keys.Of(ConsoleKey.Tab), Keys.Of(ConsoleKey.DownArrow), Keys.Of(ConsoleKey.DownArrow));   // bass, step 0.5 dB
        Press(state, Keys.Of(ConsoleKey.LeftArrow));
        Assert.Equal(-0.5f, session.Parameters[Knob.BassDb]);
        Press(state, Keys.Of(ConsoleKey.LeftArrow, shift: true));
        Assert.Equal(-3f, session.Parameters[Knob.BassDb]);
        Press(state, Keys.Of(ConsoleKey.RightArrow));
        Assert.Equal(-2.5f, session.Parameters[Knob.BassDb]);
        Assert.True(state.IsKnobChanged(Knob.BassDb));
        Assert.False(state.IsKnobChanged(Knob.MidDb));
        Assert.Equal(0f, session.Parameters[Knob.MidDb]);
    }

    [Fact]
    public void Knobs_stop_at_their_range_and_snap_to_the_step_grid()
    {
        var (session, state) = Start();
        session.Parameters[Knob.InputDb] = 23.3f;
        Press(state, Keys.Of(ConsoleKey.Tab));   // input: -24..24 dB, step 0.5
        Press(state, Keys.Of(ConsoleKey.RightArrow, shift: true));
        Assert.Equal(24f, session.Parameters[Knob.InputDb]);
        Press(state, Keys.Of(ConsoleKey.LeftArrow));
        Assert.Equal(23.5f, session.Parameters[Knob.InputDb]);
        for (int i = 0; i < 30; i++) Press(state, Keys.Of(ConsoleKey.LeftArrow, shift: true));
        Assert.Equal(-24f, session.Parameters[Knob.InputDb]);
    }

    [Fact]
    public void Left_and_right_do_not_touch_knobs_while_the_preset_panel_has_focus()
    {
        var (session, state) = Start();
        Press(state, Keys.Of(ConsoleKey.LeftArrow), Keys.Of(ConsoleKey.RightArrow));
        Assert.All(Knobs.All, k => Assert.Equal(k.Default, session.Parameters[k.Id]));
        Assert.False(state.HasUnsavedKnobs);
    }

    [Fact]
    public void A_new_chain_clears_the_changed_marks()
    {
        var (session, state) = Start();
        Press(state, Keys.Of(ConsoleKey.Tab), Keys.Of(ConsoleKey.RightArrow));
        Assert.True(state.HasUnsavedKnobs);
        state.Refresh();
        Assert.True(state.HasUnsavedKnobs);
        session.Parameters = new ChainParameters();
        state.Refresh();
        Assert.False(state.HasUnsavedKnobs);
    }

    [Fact]
    public void A_reused_chain_with_the_same_parameters_clears_the_marks_on_its_load_but_a_failed_load_does_not()
    {
        var (session, state) = Start();
        Press(state, Keys.Of(ConsoleKey.Tab), Keys.Of(ConsoleKey.RightArrow));
        session.Status = SessionStatus.Error("bad.toml(1,1): expected a table");
        state.Refresh();
        Assert.True(state.HasUnsavedKnobs);
        session.Status = SessionStatus.Info("loaded clean");   // A → B → A between two frames: same parameters object
        state.Refresh();
        Assert.False(state.HasUnsavedKnobs);
    }

    [Fact]
    public void B_toggles_bypass_and_says_so()
    {
        var (session, state) = Start();
        Press(state, Keys.Char('b'));
        Assert.True(session.Bypass);
        Assert.Contains("bypass on", state.Status!.Message);
        Press(state, Keys.Char('B'));
        Assert.False(session.Bypass);
        Assert.Equal("bypass off", state.Status!.Message);
    }

    [Fact]
    public void S_saves_and_shows_the_outcome_or_the_error()
    {
        var (session, state) = Start("crunch");
        Press(state, Keys.Of(ConsoleKey.Tab), Keys.Of(ConsoleKey.RightArrow));
        session.OnSave = () => "saved input to /home/u/.config/liveamp/presets/crunch.toml";
        Press(state, Keys.Char('s'));
        Assert.Equal(1, session.Saves);
        Assert.Equal(SessionStatus.Info("saved input to /home/u/.config/liveamp/presets/crunch.toml"), state.Status);
        Assert.False(state.HasUnsavedKnobs);

        session.OnSave = () => throw new LiveAmpException("crunch.toml: read-only");
        Press(state, Keys.Of(ConsoleKey.RightArrow), Keys.Char('s'));
        Assert.True(state.Status!.IsError);
        Assert.Equal("save failed: crunch.toml: read-only", state.Status.Message);
        Assert.True(state.HasUnsavedKnobs);
    }

    [Fact]
    public void Q_and_ctrl_c_quit_even_while_filtering()
    {
        var (_, state) = Start();
        Press(state, Keys.Char('Q'));
        Assert.True(state.QuitRequested);

        var (_, filtering) = Start();
        Press(filtering, Keys.Char('/'), Keys.CtrlC);
        Assert.True(filtering.QuitRequested);
    }

    [Fact]
    public void A_new_load_outcome_replaces_the_status_and_an_old_one_does_not_come_back()
    {
        var (session, state) = Start();
        Assert.Null(state.Status);
        session.Status = SessionStatus.Error("bad.toml:3:9: amp.drive: expected a number from 0 to 10, found \"loud\"");
        state.Refresh();
        Assert.True(state.Status!.IsError);
        Press(state, Keys.Char('b'));
        state.Refresh();
        Assert.Contains("bypass", state.Status.Message);
        session.Status = SessionStatus.Info("loaded clean");
        state.Refresh();
        Assert.Equal("loaded clean", state.Status.Message);
    }

    [Fact]
    public void A_changed_preset_list_is_refiltered_and_keeps_the_selection()
    {
        var (session, state) = Start("crunch");
        session.Presets = FakeLiveSession.Entries("ambient", "clean", "crunch", "high-gain");
        state.Refresh();
        Assert.Equal(4, state.VisiblePresets.Count);
        Assert.Equal("crunch", state.SelectedEntry!.Key);
    }

    [Fact]
    public void Load_history_takes_one_sample_per_second_of_stream_time()
    {
        var (session, state) = Start();
        for (int tenth = 0; tenth <= 25; tenth++)
        {
            session.Stats = session.Stats with { Callbacks = tenth + 1, Elapsed = TimeSpan.FromSeconds(tenth / 10.0), DspLoadMax1s = tenth / 100.0 };
            state.Refresh();
        }
        Assert.Equal(3, state.LoadHistory.Count);   // at 0, 1.0 and 2.0 s
        Assert.Equal(0.0, state.LoadHistory[0]);
        Assert.Equal(0.10, state.LoadHistory[1], 6);
        Assert.Equal(0.20, state.LoadHistory[2], 6);
    }

    [Fact]
    public void Clip_indicator_holds_for_a_while_after_clipped_samples()
    {
        var (session, state) = Start();
        void At(double seconds, long clipped, float peakOut = 0.5f, float peakIn = 0.2f)
        {
            session.Stats = session.Stats with { Callbacks = 1, Elapsed = TimeSpan.FromSeconds(seconds), ClippedSamples = clipped, PeakOut1s = peakOut, PeakIn1s = peakIn };
            state.Refresh();
        }
        At(1, 0);
        Assert.False(state.OutputClipping);
        At(2, 5);
        Assert.True(state.OutputClipping);
        At(4.5, 5);
        Assert.True(state.OutputClipping);
        At(5.5, 5);
        Assert.False(state.OutputClipping);
        At(6, 5, peakOut: 1f, peakIn: 1f);
        Assert.True(state.OutputClipping);
        Assert.True(state.InputClipping);
    }

    [Fact]
    public void Load_history_ring_keeps_the_newest_samples_in_order()
    {
        var history = new LoadHistory(capacity: 4);
        for (int i = 1; i <= 6; i++) history.Add(i);
        Assert.Equal(4, history.Count);
        Assert.Equal([3.0, 4, 5, 6], Enumerable.Range(0, 4).Select(i => history[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => history[4]);
    }

    [Fact]
    public void Refresh_and_knob_turns_reuse_the_state_and_allocate_nothing()
    {
        var (session, state) = Start("crunch");
        state.HandleKey(Keys.Of(ConsoleKey.Tab));
        state.Refresh();
        state.HandleKey(Keys.Of(ConsoleKey.RightArrow));   // warm up
        var stats = session.Stats with { Callbacks = 1, Elapsed = TimeSpan.FromSeconds(5), ClippedSamples = 3 };
        session.Stats = stats;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            state.Refresh();
            state.HandleKey(Keys.Of(ConsoleKey.RightArrow));
            state.HandleKey(Keys.Of(ConsoleKey.LeftArrow));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(state.OutputClipping);
    }
}
