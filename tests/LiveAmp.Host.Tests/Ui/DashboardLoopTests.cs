using System.Diagnostics;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui;

namespace LiveAmp.Host.Tests.Ui;

public class DashboardLoopTests
{
    /// <summary>Hands out scripted keys, one per poll, optionally after a delay; then none (or throws when told to).</summary>
    sealed class ScriptedKeys(IEnumerable<ConsoleKeyInfo> keys, TimeSpan? startAfter = null, Exception? thenThrow = null) : IKeySource
    {
        readonly Queue<ConsoleKeyInfo> _keys = new(keys);
        readonly Stopwatch _clock = Stopwatch.StartNew();

        public bool TryRead(out ConsoleKeyInfo key)
        {
            key = default;
            if (_clock.Elapsed < (startAfter ?? TimeSpan.Zero)) return false;
            if (_keys.TryDequeue(out key)) return true;
            if (thenThrow is not null) throw thenThrow;
            return false;
        }
    }

    /// <summary>A session whose stats (or, with <paramref name="churnStatus"/>, its status line) change on every read,
    /// as if the engine published continuously.</summary>
    sealed class BusySession(bool churnStatus = false) : ILiveSession
    {
        readonly FakeLiveSession _inner = new();
        long _reads;
        public EngineStats Stats => _inner.Stats with { Callbacks = ++_reads };
        public SessionStatus? Status => churnStatus ? SessionStatus.Info($"status {++_reads}") : null;
        public LatencyBreakdown Latency => _inner.Latency;
        public IReadOnlyList<LiveAmp.Engine.Presets.PresetEntry> Presets => _inner.Presets;
        public string? ActivePreset => _inner.ActivePreset;
        public string? PendingPreset => _inner.PendingPreset;
        public LiveAmp.Engine.Chain.ChainDescription Chain => _inner.Chain;
        public LiveAmp.Engine.Chain.ChainParameters Parameters => _inner.Parameters;
        public bool Bypass { get => _inner.Bypass; set => _inner.Bypass = value; }
        public void RequestPreset(string key) => _inner.RequestPreset(key);
        public string SaveKnobs() => _inner.SaveKnobs();
    }

    [Fact]
    public void Keys_act_on_the_session_and_q_returns()
    {
        var session = new FakeLiveSession();
        var terminal = new StringTerminal();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        int frames = Dashboard.Run(session, terminal.Painter, terminal.Size, new ScriptedKeys([Keys.Char('2'), Keys.Char('b'), Keys.Char('q')]), timeout.Token);
        Assert.False(timeout.IsCancellationRequested);
        Assert.Equal(["crunch"], session.Requested);
        Assert.True(session.Bypass);
        Assert.True(frames >= 1);
        Assert.Contains("Presets", terminal.Text);
    }

    [Fact]
    public void Cancellation_returns_and_redraws_stay_at_or_below_15_per_second()
    {
        var terminal = new StringTerminal();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();
        int frames = Dashboard.Run(new BusySession(churnStatus: true), terminal.Painter, terminal.Size, new ScriptedKeys([]), cancel.Token);
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.InRange(frames, 3, (int)Math.Ceiling(seconds * Dashboard.MaxFramesPerSecond) + 1);
    }

    [Fact]
    public void New_stats_alone_redraw_at_most_every_stats_interval()
    {
        var terminal = new StringTerminal();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();
        int frames = Dashboard.Run(new BusySession(), terminal.Painter, terminal.Size, new ScriptedKeys([]), cancel.Token);
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.InRange(frames, 2, (int)Math.Ceiling(seconds / Dashboard.StatsInterval.TotalSeconds) + 1);
    }

    [Fact]
    public void Nothing_is_redrawn_while_nothing_changes()
    {
        var terminal = new StringTerminal();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        int frames = Dashboard.Run(new FakeLiveSession(), terminal.Painter, terminal.Size, new ScriptedKeys([]), cancel.Token);
        Assert.Equal(1, frames);
    }

    [Fact]
    public void A_key_after_the_start_is_shown_in_a_new_frame()
    {
        var session = new FakeLiveSession();
        var terminal = new StringTerminal();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var keys = new ScriptedKeys([Keys.Char('b')], startAfter: TimeSpan.FromMilliseconds(100));
        int frames = Dashboard.Run(session, terminal.Painter, terminal.Size, keys, CancelSoonAfterBypass(timeout, session));
        Assert.True(frames >= 2);
        Assert.Contains("BYPASS", terminal.Text);
    }

    // Cancels shortly after the session is bypassed, so the test sees the frame that shows it.
    static CancellationToken CancelSoonAfterBypass(CancellationTokenSource timeout, FakeLiveSession session)
    {
        _ = Task.Run(async () =>
        {
            while (!session.Bypass && !timeout.IsCancellationRequested) await Task.Delay(10);
            await Task.Delay(300);
            timeout.Cancel();
        });
        return timeout.Token;
    }

    [Fact]
    public void The_terminal_is_restored_when_an_exception_escapes()
    {
        var terminal = new StringTerminal();
        var keys = new ScriptedKeys([Keys.Char('b')], thenThrow: new InvalidOperationException("key source broke"));
        var e = Assert.Throws<InvalidOperationException>(() => Dashboard.Run(new FakeLiveSession(), terminal.Painter, terminal.Size, keys, CancellationToken.None));
        Assert.Equal("key source broke", e.Message);
        string text = terminal.Text;
        int entered = text.IndexOf("\u001b[?1049h", StringComparison.Ordinal);
        int left = text.LastIndexOf("\u001b[?1049l", StringComparison.Ordinal);
        int cursorShown = text.LastIndexOf("\u001b[?25h", StringComparison.Ordinal);
        Assert.True(entered >= 0, "entered the alternate screen");
        Assert.True(left > entered, "left the alternate screen");
        Assert.True(cursorShown > text.LastIndexOf("\u001b[?25l", StringComparison.Ordinal), "cursor visible at the end");
    }
}
