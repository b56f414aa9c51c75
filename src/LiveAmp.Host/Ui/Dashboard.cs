using System.Diagnostics;
using Spectre.Console;
using LiveAmp.Host.Ui.Screen;

namespace LiveAmp.Host.Ui;

/// <summary>The live terminal dashboard of <c>liveamp play</c>: draws <see cref="DashboardView"/> at most
/// <see cref="MaxFramesPerSecond"/> times a second (only when something changed; new stats alone at most every
/// <see cref="StatsInterval"/>, a new terminal size at once), polls keys in between without blocking, and returns on
/// `q`, Ctrl-C or cancellation with the terminal restored (main screen, cursor visible, Ctrl-C handling back to
/// normal), also when an exception escapes. Runs on the UI thread; the audio never waits for it. One screen buffer
/// and one painter serve every frame, so that the dashboard allocates nothing while it runs: every GC pauses the
/// audio engine (measured before: a Spectre.Console frame allocated ~0.4 MB, 4.3 MB/s with the dashboard up).</summary>
public static class Dashboard
{
    public const int MaxFramesPerSecond = 15;
    static readonly TimeSpan FrameInterval = TimeSpan.FromSeconds(1.0 / MaxFramesPerSecond);
    static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>New stats alone redraw at most this often: the monitor publishes every 100 ms and its level and load
    /// windows are a second long, so keys get 15 Hz and stats 4 Hz.</summary>
    public static readonly TimeSpan StatsInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>True when stdout is a terminal that takes ANSI escape codes (Spectre's detection, which also switches a
    /// Windows console to virtual-terminal mode); otherwise <c>liveamp play</c> prints headless stats lines.</summary>
    public static bool TerminalSupported() => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>Runs on the process's terminal until the user quits or <paramref name="cancel"/> fires.</summary>
    public static void Run(ILiveSession session, CancellationToken cancel)
    {
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true;   // the play command shuts the stream down in order; do not kill the process
            quit.Cancel();
        };
        bool interactive = !Console.IsInputRedirected;
        bool treatCtrlCAsInput = interactive && Console.TreatControlCAsInput;
        Console.CancelKeyPress += onCtrlC;
        try
        {
            // Ctrl-C then arrives as a key, like `q`; CancelKeyPress covers terminals where it still raises SIGINT.
            if (interactive) Console.TreatControlCAsInput = true;
            using var stdout = Console.OpenStandardOutput();
            bool colour = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            Run(session, new AnsiPainter(stdout, colour), TerminalSize, new ConsoleKeySource(), quit.Token);
        }
        finally
        {
            if (interactive) Console.TreatControlCAsInput = treatCtrlCAsInput;
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The terminal's real size: a grid larger than the screen would make the terminal wrap and scroll, and the
    /// painter's copy of what it shows would be wrong from then on (a small screen crops the dashboard instead).</summary>
    static (int Width, int Height) TerminalSize() => (Math.Max(1, Console.WindowWidth), Math.Max(1, Console.WindowHeight));

    /// <summary>The loop on any painter, terminal size and key source; returns the number of frames drawn.</summary>
    internal static int Run(ILiveSession session, AnsiPainter painter, Func<(int Width, int Height)> terminalSize, IKeySource keys, CancellationToken cancel)
    {
        var state = new DashboardState(session);
        var (width, height) = terminalSize();
        var screen = new ScreenBuffer(width, height);
        painter.Enter();
        try
        {
            DashboardView.Draw(state, screen);
            painter.Paint(screen);
            int frames = 1;
            long lastFrame = Stopwatch.GetTimestamp();
            var drawn = Fingerprint.Of(session);
            var drawnStats = session.Stats;
            bool keyPressed = false;
            while (!cancel.IsCancellationRequested)
            {
                while (!state.QuitRequested && keys.TryRead(out var key))
                {
                    state.HandleKey(key);
                    keyPressed = true;
                }
                if (state.QuitRequested) break;
                (width, height) = terminalSize();
                bool resized = screen.Resize(width, height);
                if (resized || Stopwatch.GetElapsedTime(lastFrame) >= FrameInterval)
                {
                    var now = Fingerprint.Of(session);
                    var stats = session.Stats;
                    bool statsDue = !stats.Equals(drawnStats) && Stopwatch.GetElapsedTime(lastFrame) >= StatsInterval;
                    if (resized || keyPressed || now != drawn || statsDue)
                    {
                        state.Refresh();
                        DashboardView.Draw(state, screen);
                        painter.Paint(screen);
                        frames++;
                        lastFrame = Stopwatch.GetTimestamp();
                        drawn = now;
                        drawnStats = stats;
                        keyPressed = false;
                    }
                }
                cancel.WaitHandle.WaitOne(KeyPollInterval);
            }
            return frames;
        }
        finally
        {
            painter.Leave();
        }
    }

    /// <summary>What the session showed at the last frame, compared by reference (snapshots are immutable and replaced).</summary>
    readonly record struct Fingerprint(object Latency, object Presets, object? Status, object Chain, object Parameters,
                                       int KnobVersion, string? Active, string? Pending, bool Bypass)
    {
        public static Fingerprint Of(ILiveSession s) =>
            new(s.Latency, s.Presets, s.Status, s.Chain, s.Parameters, s.Parameters.Version, s.ActivePreset, s.PendingPreset, s.Bypass);

        public bool Equals(Fingerprint other) =>
            ReferenceEquals(Latency, other.Latency) && ReferenceEquals(Presets, other.Presets)
            && ReferenceEquals(Status, other.Status) && ReferenceEquals(Chain, other.Chain) && ReferenceEquals(Parameters, other.Parameters)
            && KnobVersion == other.KnobVersion && Active == other.Active && Pending == other.Pending && Bypass == other.Bypass;

        public override int GetHashCode() => HashCode.Combine(Status, KnobVersion, Active, Pending, Bypass);
    }
}
