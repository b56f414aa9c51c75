using System.Globalization;
using System.Text;
using LiveAmp.Engine.Chain;
using LiveAmp.Host.Audio.Stats;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiveAmp.Host.Ui;

/// <summary>Draws one frame of the dashboard from the state and the session's snapshots: presets, knobs, model,
/// meters, DSP load, xruns, latency, status and help. Pure: the same inputs give the same text, so tests render it
/// into a string console. Every piece of text that comes from a file goes through <see cref="Markup.Escape"/>.</summary>
public static class DashboardView
{
    public const string Help = "↑↓ select · Enter load · 1-9 pick · / filter · Tab panel · ←→ knob (Shift ×5) · b bypass · s save · q quit";

    /// <summary>Meters show −60…0 dBFS.</summary>
    const double MeterFloorDb = -60;
    /// <summary>Longer preset lists scroll with the selection.</summary>
    public const int MaxPresetRows = 12;

    const int MeterWidth = 12, KnobBarWidth = 11, RecentXrunsShown = 3;
    const string Sparks = "▁▂▃▄▅▆▇█";

    /// <summary>Below this many columns the model and level panels go under the presets and knobs instead of beside them.</summary>
    public const int WideLayoutColumns = 110;

    /// <param name="width">The console's width in columns (<c>console.Profile.Width</c>).</param>
    public static IRenderable Build(DashboardState state, int width = 120)
    {
        var session = state.Session;
        var stats = session.Stats;
        var columns = new Grid();
        columns.AddColumn(new GridColumn().Width(28));
        columns.AddColumn(new GridColumn().Width(40));
        var model = ModelPanel(session);
        var meters = MeterPanel(state, stats);
        IRenderable body;
        if (width >= WideLayoutColumns)
        {
            columns.AddColumn(new GridColumn());
            columns.AddRow(PresetPanel(state), KnobPanel(state), new Rows(model, meters));
            body = columns;
        }
        else
        {
            columns.AddRow(PresetPanel(state), KnobPanel(state));
            body = new Rows(columns, model, meters);
        }
        // The status line comes right under the header: a bad preset's error must stay visible when a short
        // terminal crops the bottom of the dashboard.
        return new Rows(Header(state), StatusLine(state), body, PerformancePanel(state, stats, session.Latency),
                        new Markup("[grey]" + Markup.Escape(Help) + "[/]"));
    }

    static IRenderable Header(DashboardState state)
    {
        var session = state.Session;
        var line = new StringBuilder("[bold]LiveAmp[/]  ");
        line.Append(session.ActivePreset is { } active ? $"playing [bold green]{Markup.Escape(active)}[/]" : "[yellow]no preset loaded[/]");
        if (session.PendingPreset is { } pending) line.Append($"  [yellow]loading {Markup.Escape(pending)}…[/]");
        line.Append(session.Bypass ? "  [black on yellow] BYPASS [/]" : "  [grey]bypass off[/]");
        if (state.HasUnsavedKnobs) line.Append("  [yellow]knobs changed: s saves[/]");
        return new Markup(line.ToString());
    }

    static Panel PresetPanel(DashboardState state)
    {
        var session = state.Session;
        var lines = new StringBuilder();
        if (state.IsFiltering) lines.Append($"[yellow]/{Markup.Escape(state.Filter)}▏[/] [grey](Enter load, Esc clear)[/]\n");
        else if (state.Filter.Length > 0) lines.Append($"[grey]filter[/] {Markup.Escape(state.Filter)} [grey](Esc clears)[/]\n");
        var visible = state.VisiblePresets;
        if (visible.Count == 0) lines.Append(session.Presets.Count == 0 ? "[grey]no presets found[/]" : "[grey]no preset matches[/]");
        // A window of rows that keeps the selection in view, with the selection near its middle when possible.
        int first = Math.Clamp(state.SelectedPreset - MaxPresetRows / 2, 0, Math.Max(0, visible.Count - MaxPresetRows));
        int end = Math.Min(visible.Count, first + MaxPresetRows);
        if (first > 0) lines.Append(Inv($"[grey]  ↑ {first} more[/]\n"));
        for (int row = first; row < end; row++)
        {
            var entry = session.Presets[visible[row]];
            bool selected = row == state.SelectedPreset;
            bool active = string.Equals(entry.Key, session.ActivePreset, StringComparison.OrdinalIgnoreCase);
            bool pending = string.Equals(entry.Key, session.PendingPreset, StringComparison.OrdinalIgnoreCase);
            string name = Markup.Escape(entry.Key);
            if (selected && state.Focus == DashboardFocus.Presets) name = $"[invert]{name}[/]";
            else if (active) name = $"[green]{name}[/]";
            lines.Append(selected ? "▶ " : "  ")
                 .Append(row < 9 ? (char)('1' + row) : ' ').Append(' ')
                 .Append(active ? "[green]●[/] " : pending ? "[yellow]…[/] " : "  ")
                 .Append(name)
                 .Append(entry.IsUser ? " [grey](user)[/]" : "");
            if (row < end - 1) lines.Append('\n');
        }
        if (end < visible.Count) lines.Append(Inv($"\n[grey]  ↓ {visible.Count - end} more[/]"));
        return Titled(new Markup(lines.ToString()), "Presets", state.Focus == DashboardFocus.Presets);
    }

    static Panel KnobPanel(DashboardState state)
    {
        var parameters = state.Session.Parameters;
        var lines = new StringBuilder();
        for (int i = 0; i < Knobs.All.Count; i++)
        {
            var info = Knobs.All[i];
            float value = parameters[info.Id];
            bool selected = i == state.SelectedKnob;
            string name = Markup.Escape(info.Name.PadRight(9));
            if (selected && state.Focus == DashboardFocus.Knobs) name = $"[invert]{name}[/]";
            lines.Append(selected ? "▶ " : "  ").Append(name).Append(' ')
                 .Append(Markup.Escape(FormatKnob(value, info.Unit).PadLeft(9))).Append(' ')
                 .Append("[grey]").Append(KnobBar(value, info)).Append("[/]")
                 .Append(state.IsKnobChanged(info.Id) ? " [yellow]*[/]" : "");
            if (i < Knobs.All.Count - 1) lines.Append('\n');
        }
        return Titled(new Markup(lines.ToString()), "Knobs", state.Focus == DashboardFocus.Knobs);
    }

    static Panel ModelPanel(ILiveSession session)
    {
        var chain = session.Chain;
        var lines = new StringBuilder();
        if (chain.AmpName is null) lines.Append("amp   [grey]none[/]");
        else
        {
            lines.Append("amp   ").Append(Markup.Escape(chain.AmpName));
            if (chain.AmpInfo is { } model)
                lines.Append(Inv($" [grey]·[/] {Markup.Escape(model.Architecture)} [grey]·[/] {Count(model.ParameterCount)} params"));
            double streamRate = session.Latency.SampleRate;
            lines.Append('\n').Append(chain.Resampled
                ? Inv($"rate  [yellow]resampled {chain.ModelRate}→{streamRate:0}[/] Hz")
                : Inv($"rate  {chain.ModelRate} Hz [grey](no resampling)[/]"));
        }
        lines.Append('\n').Append(chain.CabName is null ? "cab   [grey]none[/]" : Inv($"cab   {Markup.Escape(chain.CabName)} [grey]({chain.CabFrames} frames)[/]"));
        return Titled(new Markup(lines.ToString()), "Model", focused: false);
    }

    static Panel MeterPanel(DashboardState state, EngineStats stats)
    {
        var lines = new StringBuilder();
        lines.Append("in  ").Append(Meter(stats.PeakIn1s)).Append(Inv($" {Db(stats.PeakIn1s),6} pk {Db(stats.RmsIn1s),6} rms"))
             .Append(state.InputClipping ? " [white on red] CLIP [/]" : "").Append('\n');
        lines.Append("out ").Append(Meter(stats.PeakOut1s)).Append(Inv($" {Db(stats.PeakOut1s),6} pk {Db(stats.RmsOut1s),6} rms"))
             .Append(state.OutputClipping ? " [white on red] CLIP [/]" : "")
             .Append(Inv($"\n[grey]clipped samples {stats.ClippedSamples}[/]"));
        return Titled(new Markup(lines.ToString()), "Levels (dBFS, last second)", focused: false);
    }

    static Panel PerformancePanel(DashboardState state, EngineStats stats, LatencyBreakdown latency)
    {
        var lines = new StringBuilder();
        if (stats.Callbacks == 0) lines.Append("[yellow]waiting for the first audio callback…[/]\n");
        string loadColour = stats.DspLoadMax1s >= 0.9 ? "red" : stats.DspLoadMax1s >= 0.6 ? "yellow" : "green";
        lines.Append(Inv($"DSP load [{loadColour}]{stats.DspLoadCurrent * 100,5:0.0} %[/] [grey](1 s mean {stats.DspLoadMean1s * 100:0.0} %, max {stats.DspLoadMax1s * 100:0.0} %)[/]\n"));
        lines.Append("history  ").Append(Sparkline(state.LoadHistory)).Append(Inv($" [grey]max/s, last {state.LoadHistory.Count} s[/]\n"));
        // The counts first, so that a narrow terminal wraps only the breakdown.
        lines.Append(Inv($"xruns    LiveAmp [{(stats.OwnXruns > 0 ? "red" : "green")}]{stats.OwnXruns}[/]"))
             .Append(Inv($" · machine [{(stats.MachineXruns > 0 ? "yellow" : "green")}]{stats.MachineXruns}[/]"))
             .Append(Inv($" · server [{(stats.ServerXruns > 0 ? "yellow" : "green")}]{stats.ServerXruns}[/]"))
             .Append(Inv($" [grey](budget {stats.OverBudget}, underrun {stats.RingUnderruns}, overrun {stats.RingOverruns}, late {stats.LateCallbacks}; absorbed {stats.AbsorbedLateBlocks}; near GC {stats.OwnXrunsNearGc})[/]"));
        var events = stats.RecentEvents;
        for (int i = Math.Max(0, events.Count - RecentXrunsShown); i < events.Count; i++)
        {
            var e = events[i];
            lines.Append(Inv($"\n  {e.At.TotalSeconds,7:0.0} s {(e.ByLiveAmp ? "[red]LiveAmp[/]" : e.Kind == XrunKind.Server ? "       " : "[yellow]machine[/]")} {e.Kind.Name()} ×{e.Count}: {Markup.Escape(e.Cause)}"));
        }
        lines.Append(Inv($"\nlatency  [bold]{latency.TotalFrames} frames = {latency.Ms(latency.TotalFrames):0.00} ms[/] @ {latency.SampleRate:0} Hz"))
             .Append(Inv($" [grey](in {latency.PortAudioInputFrames} + out {latency.PortAudioOutputFrames} + prefill {latency.PrefillFrames} + chain {latency.ChainFrames}; block {stats.BlockFrames})[/]"));
        return Titled(new Markup(lines.ToString()), "Performance", focused: false);
    }

    static IRenderable StatusLine(DashboardState state) => state.Status switch
    {
        null => new Markup("[grey]ready[/]"),
        { IsError: true } s => new Markup("[red]✗ " + Markup.Escape(s.Message) + "[/]"),
        var s => new Markup("[green]✓[/] " + Markup.Escape(s.Message)),
    };

    static Panel Titled(IRenderable content, string title, bool focused) => new Panel(content)
    {
        Header = new PanelHeader(focused ? $"[bold yellow]{title}[/]" : title),
        Border = BoxBorder.Rounded,
        BorderStyle = focused ? new Style(Color.Yellow) : new Style(Color.Grey),
        Expand = true,
    };

    public static string FormatKnob(float value, string unit) => unit switch
    {
        "Hz" => Inv($"{value:0} Hz"),
        "" => Inv($"{value:0.0}"),
        _ => Inv($"{value:0.0} {unit}"),
    };

    static string KnobBar(float value, KnobInfo info)
    {
        int position = (int)MathF.Round((value - info.Min) / (info.Max - info.Min) * (KnobBarWidth - 1));
        return string.Create(KnobBarWidth, position, (span, p) =>
        {
            span.Fill('─');
            span[Math.Clamp(p, 0, span.Length - 1)] = '●';
        });
    }

    static string Meter(float peak)
    {
        double db = peak <= 0 ? double.NegativeInfinity : 20 * Math.Log10(peak);
        int filled = (int)Math.Clamp(Math.Round((db - MeterFloorDb) / -MeterFloorDb * MeterWidth), 0, MeterWidth);
        string colour = db >= -1 ? "red" : db >= -12 ? "yellow" : "green";
        return $"[{colour}]{new string('█', filled)}[/][grey]{new string('░', MeterWidth - filled)}[/]";
    }

    static string Sparkline(LoadHistory history)
    {
        if (history.Count == 0) return "[grey]–[/]";
        var chars = new char[history.Count];
        for (int i = 0; i < chars.Length; i++)
            chars[i] = Sparks[(int)Math.Clamp(Math.Round(history[i] * (Sparks.Length - 1)), 0, Sparks.Length - 1)];
        return new string(chars);
    }

    static string Db(float linear) => linear <= 1e-9f ? "-inf" : Inv($"{20 * MathF.Log10(linear):0.0}");

    static string Count(long n) => n switch
    {
        >= 1_000_000 => Inv($"{n / 1e6:0.0}M"),
        >= 1_000 => Inv($"{n / 1e3:0.0}k"),
        _ => Inv($"{n}"),
    };

    static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
