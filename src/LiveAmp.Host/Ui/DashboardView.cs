using System.Globalization;
using LiveAmp.Engine.Chain;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui.Screen;

namespace LiveAmp.Host.Ui;

/// <summary>Draws one frame of the dashboard into a <see cref="ScreenBuffer"/> from the state and the session's
/// snapshots: presets, knobs, model, meters, DSP load, xruns, latency, status and help. Pure: the same inputs give
/// the same cells, so tests render it into a string console. Allocation-free after the first frame: text from
/// snapshots is copied, numbers are formatted into stack memory (<see cref="Pen"/>), because every GC pauses the
/// audio engine and the dashboard redraws for as long as LiveAmp plays.</summary>
public static class DashboardView
{
    public const string Help = "↑↓ select · Enter load · 1-9 pick · / filter · Tab panel · ←→ knob (Shift ×5) · b bypass · s save · q quit";

    /// <summary>Meters show −60…0 dBFS.</summary>
    const double MeterFloorDb = -60;
    /// <summary>Longer preset lists scroll with the selection.</summary>
    public const int MaxPresetRows = 12;

    const int MeterWidth = 12, KnobBarWidth = 11, KnobNameWidth = 9, KnobValueWidth = 9, RecentXrunsShown = 3;
    const int PresetPanelWidth = 28, KnobPanelWidth = 40, PanelGap = 2;
    const string Sparks = "▁▂▃▄▅▆▇█";

    /// <summary>Below this many columns the model and level panels go under the presets and knobs instead of beside them.</summary>
    public const int WideLayoutColumns = 110;

    /// <summary>Clears <paramref name="screen"/> and draws the frame at its width; what does not fit its height is cropped.</summary>
    public static void Draw(DashboardState state, ScreenBuffer screen)
    {
        screen.Clear();
        var session = state.Session;
        var stats = session.Stats;
        int width = screen.Width;
        var header = new Pen(screen, 0, 0, width);
        Header(ref header, state);
        // The status line comes right under the header: a bad preset's error must stay visible when a short
        // terminal crops the bottom of the dashboard.
        var status = new Pen(screen, header.Lines, 0, width);
        StatusLine(ref status, state);
        int top = header.Lines + status.Lines;

        int knobsLeft = PresetPanelWidth + PanelGap, sideLeft = knobsLeft + KnobPanelWidth + PanelGap;
        var presets = Inside(screen, top, 0, PresetPanelWidth);
        PresetLines(ref presets, state);
        var knobs = Inside(screen, top, knobsLeft, KnobPanelWidth);
        KnobLines(ref knobs, state);
        int lines = Math.Max(presets.Lines, knobs.Lines);
        if (width >= WideLayoutColumns)
        {
            // Model over levels beside the knobs; the taller side sets the height of both, so the panels line up.
            int sideWidth = width - sideLeft;
            var model = Inside(screen, top, sideLeft, sideWidth);
            ModelLines(ref model, session);
            int metersTop = top + model.Lines + 2;
            var meters = Inside(screen, metersTop, sideLeft, sideWidth);
            MeterLines(ref meters, state, stats);
            lines = Math.Max(lines, model.Lines + 2 + meters.Lines);
            Border(screen, top, sideLeft, sideWidth, model.Lines, "Model", focused: false);
            Border(screen, metersTop, sideLeft, sideWidth, lines - model.Lines - 2, "Levels (dBFS, last second)", focused: false);
            DrawPresetAndKnobBorders(screen, state, top, knobsLeft, lines);
            top += lines + 2;
        }
        else
        {
            DrawPresetAndKnobBorders(screen, state, top, knobsLeft, lines);
            top += lines + 2;
            var model = Inside(screen, top, 0, width);
            ModelLines(ref model, session);
            top = Border(screen, top, 0, width, model.Lines, "Model", focused: false);
            var meters = Inside(screen, top, 0, width);
            MeterLines(ref meters, state, stats);
            top = Border(screen, top, 0, width, meters.Lines, "Levels (dBFS, last second)", focused: false);
        }

        var performance = Inside(screen, top, 0, width);
        PerformanceLines(ref performance, state, stats, session.Latency);
        top = Border(screen, top, 0, width, performance.Lines, "Performance", focused: false);
        var help = new Pen(screen, top, 0, width);
        help.Write(Help, CellStyle.Grey);
    }

    static void DrawPresetAndKnobBorders(ScreenBuffer screen, DashboardState state, int top, int knobsLeft, int lines)
    {
        Border(screen, top, 0, PresetPanelWidth, lines, "Presets", state.Focus == DashboardFocus.Presets);
        Border(screen, top, knobsLeft, KnobPanelWidth, lines, "Knobs", state.Focus == DashboardFocus.Knobs);
    }

    static void Header(ref Pen pen, DashboardState state)
    {
        var session = state.Session;
        pen.Write("LiveAmp", CellStyle.Bold);
        pen.Write("  ");
        if (session.ActivePreset is { } active)
        {
            pen.Write("playing ");
            pen.Write(active, CellStyle.BoldGreen);
        }
        else pen.Write("no preset loaded", CellStyle.Yellow);
        if (session.PendingPreset is { } pending)
        {
            pen.Write("  loading ", CellStyle.Yellow);
            pen.Write(pending, CellStyle.Yellow);
            pen.Write("…", CellStyle.Yellow);
        }
        pen.Write("  ");
        if (session.Bypass) pen.Write(" BYPASS ", CellStyle.BlackOnYellow);
        else pen.Write("bypass off", CellStyle.Grey);
        if (state.HasUnsavedKnobs) pen.Write("  knobs changed: s saves", CellStyle.Yellow);
    }

    static void StatusLine(ref Pen pen, DashboardState state)
    {
        switch (state.Status)
        {
            case null:
                pen.Write("ready", CellStyle.Grey);
                break;
            case { IsError: true } error:
                pen.Write("✗ ", CellStyle.Red);
                pen.Write(error.Message, CellStyle.Red);
                break;
            case var info:
                pen.Write("✓ ", CellStyle.Green);
                pen.Write(info.Message);
                break;
        }
    }

    static void PresetLines(ref Pen pen, DashboardState state)
    {
        var session = state.Session;
        if (state.IsFiltering)
        {
            pen.Write("/", CellStyle.Yellow);
            pen.Write(state.Filter, CellStyle.Yellow);
            pen.Write("▏", CellStyle.Yellow);
            pen.Write(" (Enter load, Esc clear)", CellStyle.Grey);
            pen.NewLine();
        }
        else if (state.Filter.Length > 0)
        {
            pen.Write("filter ", CellStyle.Grey);
            pen.Write(state.Filter);
            pen.Write(" (Esc clears)", CellStyle.Grey);
            pen.NewLine();
        }
        var visible = state.VisiblePresets;
        if (visible.Count == 0) pen.Write(session.Presets.Count == 0 ? "no presets found" : "no preset matches", CellStyle.Grey);
        // A window of rows that keeps the selection in view, with the selection near its middle when possible.
        int first = Math.Clamp(state.SelectedPreset - MaxPresetRows / 2, 0, Math.Max(0, visible.Count - MaxPresetRows));
        int end = Math.Min(visible.Count, first + MaxPresetRows);
        if (first > 0)
        {
            pen.Write("  ↑ ", CellStyle.Grey);
            pen.Number(first, style: CellStyle.Grey);
            pen.Write(" more", CellStyle.Grey);
            pen.NewLine();
        }
        for (int row = first; row < end; row++)
        {
            var entry = session.Presets[visible[row]];
            bool selected = row == state.SelectedPreset;
            bool active = string.Equals(entry.Key, session.ActivePreset, StringComparison.OrdinalIgnoreCase);
            bool pending = string.Equals(entry.Key, session.PendingPreset, StringComparison.OrdinalIgnoreCase);
            pen.Write(selected ? "▶ " : "  ");
            pen.Write(row < 9 ? (char)('1' + row) : ' ');
            pen.Write(' ');
            if (active) pen.Write("● ", CellStyle.Green);
            else if (pending) pen.Write("… ", CellStyle.Yellow);
            else pen.Write("  ");
            var nameStyle = selected && state.Focus == DashboardFocus.Presets ? CellStyle.Invert : active ? CellStyle.Green : CellStyle.Plain;
            const string user = " (user)";
            pen.WriteFitted(entry.Key, pen.Width - pen.Column - (entry.IsUser ? user.Length : 0), nameStyle);
            if (entry.IsUser) pen.Write(user, CellStyle.Grey);
            if (row < end - 1) pen.NewLine();
        }
        if (end < visible.Count)
        {
            pen.NewLine();
            pen.Write("  ↓ ", CellStyle.Grey);
            pen.Number(visible.Count - end, style: CellStyle.Grey);
            pen.Write(" more", CellStyle.Grey);
        }
    }

    static void KnobLines(ref Pen pen, DashboardState state)
    {
        var parameters = state.Session.Parameters;
        Span<char> value = stackalloc char[32];
        for (int i = 0; i < Knobs.All.Count; i++)
        {
            var info = Knobs.All[i];
            bool selected = i == state.SelectedKnob;
            pen.Write(selected ? "▶ " : "  ");
            int nameStart = pen.Column;
            var nameStyle = selected && state.Focus == DashboardFocus.Knobs ? CellStyle.Invert : CellStyle.Plain;
            pen.Write(info.Name, nameStyle);
            pen.PadTo(nameStart + KnobNameWidth, nameStyle);
            pen.Write(' ');
            int length = FormatKnob(value, parameters[info.Id], info.Unit);
            pen.Repeat(' ', KnobValueWidth - length);
            pen.Write(value[..length]);
            pen.Write(' ');
            KnobBar(ref pen, parameters[info.Id], info);
            if (state.IsKnobChanged(info.Id)) pen.Write(" *", CellStyle.Yellow);
            if (i < Knobs.All.Count - 1) pen.NewLine();
        }
    }

    static void ModelLines(ref Pen pen, ILiveSession session)
    {
        var chain = session.Chain;
        pen.Write("amp   ");
        if (chain.AmpName is null) pen.Write("none", CellStyle.Grey);
        else
        {
            pen.Write(chain.AmpName);
            if (chain.AmpInfo is { } model)
            {
                pen.Write(" · ", CellStyle.Grey);
                pen.Write(model.Architecture);
                if (model.ParameterCount > 0)   // the DSP amp has none to show
                {
                    pen.Write(" · ", CellStyle.Grey);
                    Count(ref pen, model.ParameterCount);
                    pen.Write(" params");
                }
            }
            pen.NewLine();
            pen.Write("rate  ");
            if (chain.Resampled)
            {
                pen.Write("resampled ", CellStyle.Yellow);
                pen.Number(chain.ModelRate, style: CellStyle.Yellow);
                pen.Write("→", CellStyle.Yellow);
                pen.Number(session.Latency.SampleRate, "0", CellStyle.Yellow);
                pen.Write(" Hz");
            }
            else
            {
                pen.Number(chain.ModelRate);
                pen.Write(" Hz");
                pen.Write(" (no resampling)", CellStyle.Grey);
            }
        }
        pen.NewLine();
        pen.Write("cab   ");
        if (chain.CabName is null) pen.Write("none", CellStyle.Grey);
        else
        {
            pen.Write(chain.CabName);
            pen.Write(" (", CellStyle.Grey);
            pen.Number(chain.CabFrames, style: CellStyle.Grey);
            pen.Write(" frames)", CellStyle.Grey);
        }
    }

    static void MeterLines(ref Pen pen, DashboardState state, in EngineStats stats)
    {
        LevelLine(ref pen, "in  ", stats.PeakIn1s, stats.RmsIn1s, state.InputClipping);
        pen.NewLine();
        LevelLine(ref pen, "out ", stats.PeakOut1s, stats.RmsOut1s, state.OutputClipping);
        pen.NewLine();
        pen.Write("clipped samples ", CellStyle.Grey);
        pen.Number(stats.ClippedSamples, style: CellStyle.Grey);
    }

    static void LevelLine(ref Pen pen, string label, float peak, float rms, bool clipping)
    {
        pen.Write(label);
        Meter(ref pen, peak);
        pen.Write(' ');
        Db(ref pen, peak);
        pen.Write(" pk ");
        Db(ref pen, rms);
        pen.Write(" rms");
        if (clipping)
        {
            pen.Write(' ');
            pen.Write(" CLIP ", CellStyle.WhiteOnRed);
        }
    }

    static void PerformanceLines(ref Pen pen, DashboardState state, in EngineStats stats, LatencyBreakdown latency)
    {
        if (stats.Callbacks == 0)
        {
            pen.Write("waiting for the first audio callback…", CellStyle.Yellow);
            pen.NewLine();
        }
        var loadStyle = stats.DspLoadMax1s >= 0.9 ? CellStyle.Red : stats.DspLoadMax1s >= 0.6 ? CellStyle.Yellow : CellStyle.Green;
        pen.Write("DSP load ");
        pen.Number(stats.DspLoadCurrent * 100, "0.0", loadStyle, width: 5);
        pen.Write(" %", loadStyle);
        pen.Write(" (1 s mean ", CellStyle.Grey);
        pen.Number(stats.DspLoadMean1s * 100, "0.0", CellStyle.Grey);
        pen.Write(" %, max ", CellStyle.Grey);
        pen.Number(stats.DspLoadMax1s * 100, "0.0", CellStyle.Grey);
        pen.Write(" %; since start mean ", CellStyle.Grey);
        pen.Number(stats.DspLoadMean * 100, "0.0", CellStyle.Grey);
        pen.Write(" %, max ", CellStyle.Grey);
        pen.Number(stats.DspLoadMax * 100, "0.0", CellStyle.Grey);
        pen.Write(" %) · PortAudio CPU ", CellStyle.Grey);
        pen.Number(stats.PortAudioCpuLoad * 100, "0.0", CellStyle.Grey);
        pen.Write(" %", CellStyle.Grey);
        pen.NewLine();

        pen.Write("history  ");
        Sparkline(ref pen, state.LoadHistory);
        pen.Write(" max/s, last ", CellStyle.Grey);
        pen.Number(state.LoadHistory.Count, style: CellStyle.Grey);
        pen.Write(" s", CellStyle.Grey);
        pen.NewLine();

        // The counts first, so that a narrow terminal wraps only the breakdown.
        pen.Write("xruns    LiveAmp ");
        pen.Number(stats.OwnXruns, style: stats.OwnXruns > 0 ? CellStyle.Red : CellStyle.Green);
        pen.Write(" · machine ");
        pen.Number(stats.MachineXruns, style: stats.MachineXruns > 0 ? CellStyle.Yellow : CellStyle.Green);
        pen.Write(" · server ");
        pen.Number(stats.ServerXruns, style: stats.ServerXruns > 0 ? CellStyle.Yellow : CellStyle.Green);
        Field(ref pen, " (budget ", stats.OverBudget);
        Field(ref pen, ", underrun ", stats.RingUnderruns);
        Field(ref pen, ", overrun ", stats.RingOverruns);
        Field(ref pen, ", late ", stats.LateCallbacks);
        Field(ref pen, "; absorbed ", stats.AbsorbedLateBlocks);
        Field(ref pen, "; near GC ", stats.OwnXrunsNearGc);
        pen.Write(")", CellStyle.Grey);

        var events = stats.RecentEvents;
        for (int i = Math.Max(0, events.Count - RecentXrunsShown); i < events.Count; i++)
        {
            var e = events[i];
            pen.NewLine();
            pen.Number(e.At.TotalSeconds, "0.0", width: 9);
            pen.Write(" s ");
            if (e.ByLiveAmp) pen.Write("LiveAmp", CellStyle.Red);
            else if (e.Kind == XrunKind.Server) pen.Write("       ");
            else pen.Write("machine", CellStyle.Yellow);
            pen.Write(' ');
            pen.Write(e.Kind.Name());
            pen.Write(" ×");
            pen.Number(e.Count);
            pen.Write(": ");
            pen.Write(e.Cause);
        }

        pen.NewLine();
        pen.Write("latency  ");
        pen.Number(latency.TotalFrames, style: CellStyle.Bold);
        pen.Write(" frames = ", CellStyle.Bold);
        pen.Number(latency.Ms(latency.TotalFrames), "0.00", CellStyle.Bold);
        pen.Write(" ms", CellStyle.Bold);
        pen.Write(" @ ");
        pen.Number(latency.SampleRate, "0");
        pen.Write(" Hz");
        Field(ref pen, " (in ", latency.PortAudioInputFrames);
        Field(ref pen, " + out ", latency.PortAudioOutputFrames);
        Field(ref pen, " + prefill ", latency.PrefillFrames);
        Field(ref pen, " + chain ", latency.ChainFrames);
        Field(ref pen, "; block ", stats.BlockFrames);
        pen.Write(")", CellStyle.Grey);
    }

    /// <summary>A label and its count in one style (grey: the details in brackets).</summary>
    static void Field(ref Pen pen, string label, long value, CellStyle style = CellStyle.Grey)
    {
        pen.Write(label, style);
        pen.Number(value, style: style);
    }

    /// <summary>A pen for the inside of a panel whose top border is at <paramref name="top"/>.</summary>
    static Pen Inside(ScreenBuffer screen, int top, int left, int width) => new(screen, top + 1, left + 2, width - 4);

    /// <summary>Draws a rounded panel border around <paramref name="lines"/> lines and returns the row below it.</summary>
    static int Border(ScreenBuffer screen, int top, int left, int width, int lines, string title, bool focused)
    {
        var style = focused ? CellStyle.Yellow : CellStyle.Grey;
        int right = left + width - 1, bottom = top + lines + 1;
        var edge = new Pen(screen, top, left, width);
        edge.Write('╭', style);
        edge.Write('─', style);
        edge.WriteFitted(title, width - 3, focused ? CellStyle.BoldYellow : CellStyle.Plain);
        edge.Repeat('─', right - left - edge.Column, style);
        edge.Write('╮', style);
        for (int row = top + 1; row < bottom; row++)
        {
            screen.Put(row, left, '│', '\0', style);
            screen.Put(row, right, '│', '\0', style);
        }
        var foot = new Pen(screen, bottom, left, width);
        foot.Write('╰', style);
        foot.Repeat('─', width - 2, style);
        foot.Write('╯', style);
        return bottom + 1;
    }

    /// <summary>The knob value with its unit ("-3.0 dB", "1200 Hz", "0.5").</summary>
    public static string FormatKnob(float value, string unit)
    {
        Span<char> text = stackalloc char[32];
        return new string(text[..FormatKnob(text, value, unit)]);
    }

    static int FormatKnob(Span<char> destination, float value, string unit)
    {
        value.TryFormat(destination, out int length, unit == "Hz" ? "0" : "0.0", CultureInfo.InvariantCulture);
        if (unit.Length == 0) return length;
        destination[length++] = ' ';
        unit.AsSpan().CopyTo(destination[length..]);
        return length + unit.Length;
    }

    static void KnobBar(ref Pen pen, float value, KnobInfo info)
    {
        int position = Math.Clamp((int)MathF.Round((value - info.Min) / (info.Max - info.Min) * (KnobBarWidth - 1)), 0, KnobBarWidth - 1);
        pen.Repeat('─', position, CellStyle.Grey);
        pen.Write('●', CellStyle.Grey);
        pen.Repeat('─', KnobBarWidth - 1 - position, CellStyle.Grey);
    }

    static void Meter(ref Pen pen, float peak)
    {
        double db = peak <= 0 ? double.NegativeInfinity : 20 * Math.Log10(peak);
        int filled = (int)Math.Clamp(Math.Round((db - MeterFloorDb) / -MeterFloorDb * MeterWidth), 0, MeterWidth);
        var style = db >= -1 ? CellStyle.Red : db >= -12 ? CellStyle.Yellow : CellStyle.Green;
        pen.Repeat('█', filled, style);
        pen.Repeat('░', MeterWidth - filled, CellStyle.Grey);
    }

    static void Sparkline(ref Pen pen, LoadHistory history)
    {
        if (history.Count == 0) pen.Write("–", CellStyle.Grey);
        for (int i = 0; i < history.Count; i++)
            pen.Write(Sparks[(int)Math.Clamp(Math.Round(history[i] * (Sparks.Length - 1)), 0, Sparks.Length - 1)]);
    }

    /// <summary>dBFS in 6 columns, "-inf" for silence.</summary>
    static void Db(ref Pen pen, float linear)
    {
        if (linear <= 1e-9f) pen.Write("  -inf");
        else pen.Number(20 * MathF.Log10(linear), "0.0", width: 6);
    }

    static void Count(ref Pen pen, long n)
    {
        if (n >= 1_000_000)
        {
            pen.Number(n / 1e6, "0.0");
            pen.Write('M');
        }
        else if (n >= 1_000)
        {
            pen.Number(n / 1e3, "0.0");
            pen.Write('k');
        }
        else pen.Number(n);
    }
}
