using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Presets;

namespace LiveAmp.Host.Ui;

/// <summary>Everything the dashboard remembers between frames (selection, filter, focus, status, load history) and
/// the key bindings, which act on the <see cref="ILiveSession"/>. No console here, so it is tested with a fake session.
/// One instance lives for the whole run; <see cref="Refresh"/> picks up what changed in the session once per frame.</summary>
public sealed class DashboardState
{
    /// <summary>How long the clip indicator stays lit after output samples clipped.</summary>
    public static readonly TimeSpan ClipHold = TimeSpan.FromSeconds(3);

    /// <summary>How often a DSP load sample (the last second's maximum) enters <see cref="LoadHistory"/>.</summary>
    public static readonly TimeSpan LoadSampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>Knob steps taken by one arrow press with Shift held.</summary>
    public const int ShiftStepMultiplier = 5;

    readonly ILiveSession _session;
    readonly List<int> _visible = [];
    readonly bool[] _changedKnobs = new bool[Knobs.All.Count];
    IReadOnlyList<PresetEntry>? _listed;
    string _listedFilter = "";
    ChainParameters? _knobsOf;
    SessionStatus? _seenSessionStatus;
    TimeSpan _nextLoadSample;
    long _clippedSeen;
    TimeSpan? _lastClipAt;

    public DashboardState(ILiveSession session)
    {
        _session = session;
        Refresh();
        int active = IndexOfVisible(session.ActivePreset);
        if (active >= 0) SelectedPreset = active;
    }

    public ILiveSession Session => _session;
    public DashboardFocus Focus { get; private set; } = DashboardFocus.Presets;

    /// <summary>The highlighted row of <see cref="VisiblePresets"/>; 0 when the list is empty.</summary>
    public int SelectedPreset { get; private set; }

    /// <summary>The highlighted knob, an index into <see cref="Knobs.All"/>.</summary>
    public int SelectedKnob { get; private set; }

    /// <summary>True while `/` typing goes into <see cref="Filter"/>.</summary>
    public bool IsFiltering { get; private set; }

    /// <summary>Case-insensitive text a preset key must contain to be listed; empty = all.</summary>
    public string Filter { get; private set; } = "";

    public bool QuitRequested { get; private set; }

    /// <summary>The newest outcome: of a load (from the session) or of a key such as save (from here).</summary>
    public SessionStatus? Status { get; private set; }

    /// <summary>The DSP load's recent history: one sample per <see cref="LoadSampleInterval"/> of stream time.</summary>
    public LoadHistory LoadHistory { get; } = new();

    /// <summary>Indices into <see cref="ILiveSession.Presets"/> of the presets that pass the filter, in order.</summary>
    public IReadOnlyList<int> VisiblePresets => _visible;

    public PresetEntry? SelectedEntry => _visible.Count == 0 ? null : _listed![_visible[SelectedPreset]];

    /// <summary>True when the knob was turned here since the playing chain was loaded (so `s` would save it).</summary>
    public bool IsKnobChanged(Knob knob) => _changedKnobs[(int)knob];

    public bool HasUnsavedKnobs => Array.IndexOf(_changedKnobs, true) >= 0;

    /// <summary>True while output samples clipped within the last <see cref="ClipHold"/> of stream time.</summary>
    public bool OutputClipping { get; private set; }

    /// <summary>True when the input peak of the last second reached full scale (the interface's converter clips).</summary>
    public bool InputClipping { get; private set; }

    /// <summary>Picks up a new preset list, a new chain, a new load outcome and new stats. Call once per frame.</summary>
    public void Refresh()
    {
        if (!ReferenceEquals(_session.Presets, _listed) || _listedFilter != Filter) Relist();
        var status = _session.Status;
        bool loaded = !ReferenceEquals(status, _seenSessionStatus) && status is { IsError: false };
        // A new chain: its knobs are the preset's. A successful load says so too when the chain is one played before
        // and reused with the same parameters object (switching A → B → A between two frames).
        if (!ReferenceEquals(_session.Parameters, _knobsOf) || loaded)
        {
            _knobsOf = _session.Parameters;
            Array.Clear(_changedKnobs);
        }
        if (!ReferenceEquals(status, _seenSessionStatus))
        {
            _seenSessionStatus = status;
            if (status is not null) Status = status;
        }

        var stats = _session.Stats;
        if (stats.Callbacks > 0 && stats.Elapsed >= _nextLoadSample)
        {
            LoadHistory.Add(stats.DspLoadMax1s);
            _nextLoadSample = stats.Elapsed + LoadSampleInterval;
        }
        if (stats.ClippedSamples > _clippedSeen)
        {
            _clippedSeen = stats.ClippedSamples;
            _lastClipAt = stats.Elapsed;
        }
        OutputClipping = stats.PeakOut1s >= 1f || (_lastClipAt is { } at && stats.Elapsed - at < ClipHold);
        InputClipping = stats.PeakIn1s >= 0.999f;
    }

    /// <summary>Acts on one key press. See the help line of <see cref="DashboardView"/> for the bindings.</summary>
    public void HandleKey(ConsoleKeyInfo key)
    {
        bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
        if (ctrl && key.Key == ConsoleKey.C)
        {
            QuitRequested = true;
            return;
        }
        if (IsFiltering)
        {
            HandleFilterKey(key);
            return;
        }
        switch (key.Key)
        {
            case ConsoleKey.UpArrow: MoveSelection(-1); return;
            case ConsoleKey.DownArrow: MoveSelection(+1); return;
            case ConsoleKey.LeftArrow when Focus == DashboardFocus.Knobs: TurnKnob(-1, key.Modifiers); return;
            case ConsoleKey.RightArrow when Focus == DashboardFocus.Knobs: TurnKnob(+1, key.Modifiers); return;
            case ConsoleKey.Tab:
                Focus = Focus == DashboardFocus.Presets ? DashboardFocus.Knobs : DashboardFocus.Presets;
                return;
            case ConsoleKey.Enter when Focus == DashboardFocus.Presets:
                LoadSelected();
                return;
            case ConsoleKey.Escape when Filter.Length > 0:
                SetFilter("");
                return;
        }
        switch (key.KeyChar)
        {
            case >= '1' and <= '9':
                int row = key.KeyChar - '1';
                if (row < _visible.Count)
                {
                    SelectedPreset = row;
                    LoadSelected();
                }
                return;
            case '/':
                IsFiltering = true;
                Focus = DashboardFocus.Presets;
                return;
            case 'q' or 'Q':
                QuitRequested = true;
                return;
            case 'b' or 'B':
                _session.Bypass = !_session.Bypass;
                Status = SessionStatus.Info(_session.Bypass ? "bypass on: dry input to the output" : "bypass off");
                return;
            case 's' or 'S':
                Save();
                return;
        }
    }

    void HandleFilterKey(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                IsFiltering = false;
                LoadSelected();
                return;
            case ConsoleKey.Escape:
                IsFiltering = false;
                SetFilter("");
                return;
            case ConsoleKey.Backspace:
                if (Filter.Length > 0) SetFilter(Filter[..^1]);
                return;
            case ConsoleKey.UpArrow: MoveSelection(-1); return;
            case ConsoleKey.DownArrow: MoveSelection(+1); return;
        }
        if (!char.IsControl(key.KeyChar)) SetFilter(Filter + key.KeyChar);
    }

    void SetFilter(string filter)
    {
        Filter = filter;
        Relist();
    }

    // Rebuilds the visible rows, keeping the highlighted preset highlighted when it is still listed.
    void Relist()
    {
        string? selectedKey = SelectedEntry?.Key;
        _listed = _session.Presets;
        _listedFilter = Filter;
        _visible.Clear();
        for (int i = 0; i < _listed.Count; i++)
            if (_listed[i].Key.Contains(Filter, StringComparison.OrdinalIgnoreCase)) _visible.Add(i);
        int kept = IndexOfVisible(selectedKey);
        SelectedPreset = kept >= 0 ? kept : 0;
    }

    int IndexOfVisible(string? key)
    {
        if (key is null) return -1;
        for (int row = 0; row < _visible.Count; row++)
            if (string.Equals(_listed![_visible[row]].Key, key, StringComparison.OrdinalIgnoreCase)) return row;
        return -1;
    }

    void MoveSelection(int delta)
    {
        if (Focus == DashboardFocus.Knobs && !IsFiltering)
            SelectedKnob = Math.Clamp(SelectedKnob + delta, 0, Knobs.All.Count - 1);
        else if (_visible.Count > 0)
            SelectedPreset = Math.Clamp(SelectedPreset + delta, 0, _visible.Count - 1);
    }

    void LoadSelected()
    {
        if (SelectedEntry is not { } entry) return;
        _session.RequestPreset(entry.Key);
    }

    void TurnKnob(int direction, ConsoleModifiers modifiers)
    {
        var info = Knobs.All[SelectedKnob];
        int steps = (modifiers & ConsoleModifiers.Shift) != 0 ? ShiftStepMultiplier : 1;
        var parameters = _session.Parameters;
        float before = parameters[info.Id];
        // Snap to the step grid so that values stay round (-3.0, not -2.9999) however they were reached.
        float target = MathF.Round((before + direction * steps * info.Step) / info.Step) * info.Step;
        parameters[info.Id] = target;   // clamped to the knob's range by ChainParameters
        if (parameters[info.Id] != before) _changedKnobs[SelectedKnob] = true;
    }

    void Save()
    {
        try
        {
            Status = SessionStatus.Info(_session.SaveKnobs());
            Array.Clear(_changedKnobs);
        }
        catch (Exception e) when (e is LiveAmpException or IOException or UnauthorizedAccessException)
        {
            Status = SessionStatus.Error("save failed: " + e.Message);
        }
    }
}
