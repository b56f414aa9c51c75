using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Cli.Commands;

namespace LiveAmp.Host.Tests.Cli;

/// <summary>The headless xrun list: each event once, and a gap (events that came and went between two looks, the
/// snapshot keeping only the newest) said in a line instead of passed over.</summary>
public class XrunListTests
{
    static EngineStats With(params long[] sequences) => new()
    {
        Latency = new LatencyBreakdown(48_000, 64, 64, 0, 0),
        RecentEvents = sequences.Select(n => new XrunEvent(n, TimeSpan.FromSeconds(n), XrunKind.Server, 1, false, "test")).ToArray(),
    };

    static string Write(EngineStats stats, ref long shown)
    {
        var output = new StringWriter();
        PlayCommand.WriteEvents(output, stats, ref shown);
        return output.ToString();
    }

    [Fact]
    public void Events_are_listed_once_and_a_gap_is_counted()
    {
        long shown = 0;
        string first = Write(With(1, 2), ref shown);
        Assert.Equal(2, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("not listed", first);

        Assert.Equal("", Write(With(1, 2), ref shown));   // nothing new

        string later = Write(With(8, 9, 10), ref shown);  // 3..7 came and went
        Assert.Contains("5 more xrun events not listed", later);
        Assert.Contains("xrun at 8.0000 s", later);
        Assert.Equal(10, shown);
    }
}
