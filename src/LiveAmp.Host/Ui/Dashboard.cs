using System.Diagnostics;
using Spectre.Console;

namespace LiveAmp.Host.Ui;

/// <summary>The live terminal dashboard of <c>liveamp play</c>: draws <see cref="DashboardView"/> at most
/// <see cref="MaxFramesPerSecond"/> times a second (only when something changed; new stats alone at most every
/// <see cref="StatsInterval"/>), polls keys in between without
/// blocking, and returns on `q`, Ctrl-C or cancellation with the terminal restored (main screen, cursor visible,
/// Ctrl-C handling back to normal), also when an exception escapes. Runs on the UI thread; the audio never waits for it.</summary>
public static class Dashboard
{
    public const int MaxFramesPerSecond = 15;
    static readonly TimeSpan FrameInterval = TimeSpan.FromSeconds(1.0 / MaxFramesPerSecond);
    static readonly TimeSpan KeyPollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>New stats alone redraw at most this often: the monitor publishes every 10 ms, its level and load
    /// windows are a second long, and each Spectre frame allocates about 0.4 MB (every GC pauses the managed audio
    /// callback of direct mode too), so keys and loads get 15 Hz and stats 4 Hz.</summary>
    public static readonly TimeSpan StatsInterval = TimeSpan.FromMilliseconds(250);

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
            Run(session, AnsiConsole.Console, new ConsoleKeySource(), quit.Token);
        }
        finally
        {
            if (interactive) Console.TreatControlCAsInput = treatCtrlCAsInput;
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The loop on any console and key source; returns the number of frames drawn.</summary>
    internal static int Run(ILiveSession session, IAnsiConsole console, IKeySource keys, CancellationToken cancel)
    {
        int frames = 0;
        void Loop()
        {
            var state = new DashboardState(session);
            console.Live(DashboardView.Build(state, console.Profile.Width))
                .AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Cropping(VerticalOverflowCropping.Bottom)
                .Start(context =>
                {
                    frames = 1;
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
                        if (state.QuitRequested) return;
                        if (Stopwatch.GetElapsedTime(lastFrame) >= FrameInterval)
                        {
                            var now = Fingerprint.Of(session);
                            var stats = session.Stats;
                            bool statsDue = !ReferenceEquals(stats, drawnStats) && Stopwatch.GetElapsedTime(lastFrame) >= StatsInterval;
                            if (keyPressed || now != drawn || statsDue)
                            {
                                state.Refresh();
                                context.UpdateTarget(DashboardView.Build(state, console.Profile.Width));
                                context.Refresh();
                                frames++;
                                lastFrame = Stopwatch.GetTimestamp();
                                drawn = now;
                                drawnStats = stats;
                                keyPressed = false;
                            }
                        }
                        cancel.WaitHandle.WaitOne(KeyPollInterval);
                    }
                });
        }

        try
        {
            if (console.Profile.Capabilities.Ansi && console.Profile.Capabilities.AlternateBuffer) console.AlternateScreen(Loop);
            else Loop();
        }
        finally
        {
            console.Cursor.Show();
        }
        return frames;
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
