using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui;
using LiveAmp.Host.Ui.Screen;

namespace LiveAmp.Host.Tests.Ui;

/// <summary>The dashboard redraws for as long as LiveAmp plays, and every GC pauses the audio engine: a frame must not allocate.</summary>
public class DashboardAllocationTests
{
    [Fact]
    public void Drawing_and_painting_frames_with_changing_stats_and_keys_allocates_nothing()
    {
        var session = DashboardViewTests.PlayingSession();
        var first = session.Stats;
        // Snapshots made up front: the monitor makes them on its own thread in the real program.
        EngineStats[] snapshots = [.. Enumerable.Range(0, 8).Select(i => first with
        {
            Elapsed = first.Elapsed + TimeSpan.FromSeconds(i * 0.7),
            DspLoadCurrent = 0.05 * i, DspLoadMax1s = 0.1 * i, PeakOut1s = 0.1f * (i + 1), OwnXruns = i, ClippedSamples = i / 4,
        })];
        ConsoleKeyInfo[] keys = [Keys.Of(ConsoleKey.DownArrow), Keys.Of(ConsoleKey.Tab), Keys.Of(ConsoleKey.RightArrow), Keys.Of(ConsoleKey.UpArrow)];
        var state = new DashboardState(session);
        var screen = new ScreenBuffer(120, 40);
        var painter = new AnsiPainter(Stream.Null);

        void Frames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                session.Stats = snapshots[i % snapshots.Length];
                state.HandleKey(keys[i % keys.Length]);
                state.Refresh();
                DashboardView.Draw(state, screen);
                painter.Paint(screen);
            }
        }

        Frames(16);   // first frames: the painter's buffer grows to its size, statics initialise
        long before = GC.GetAllocatedBytesForCurrentThread();
        Frames(200);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
