using System.CommandLine;
using System.Globalization;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Host.Audio.PortAudio;
using Spectre.Console;

namespace LiveAmp.Host.Cli.Commands;

/// <summary><c>liveamp devices</c>: PortAudio's host APIs and devices as a table, defaults marked.</summary>
public static class DevicesCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var cmd = new Command("devices", "list audio host APIs and devices (channels, default rate, latencies)");
        cmd.SetAction(parse => Run(Console.Out, Console.Error, parse.GetValue(verbose), Console.IsOutputRedirected ? 120 : Console.WindowWidth));
        return cmd;
    }

    public static int Run(TextWriter output, TextWriter error, bool verbose, int width)
    {
        try
        {
            using var session = PortAudioSession.Open(verbose);
            Write(session, output, width);
            return 0;
        }
        catch (LiveAmpException e)
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    internal static void Write(PortAudioSession session, TextWriter output, int width)
    {
        var console = PlainConsole.Create(output, Math.Max(40, width));
        console.WriteLine($"PortAudio {session.Version}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("#");
        table.AddColumn("host API");
        table.AddColumn("device");
        table.AddColumn(new TableColumn("in").RightAligned());
        table.AddColumn(new TableColumn("out").RightAligned());
        table.AddColumn(new TableColumn("rate").RightAligned());
        table.AddColumn(new TableColumn("latency in low/high ms").RightAligned());
        table.AddColumn(new TableColumn("latency out low/high ms").RightAligned());
        table.AddColumn("default");
        foreach (var api in session.HostApis)
        {
            var devices = session.Devices.Where(d => d.HostApi.Index == api.Index).ToList();
            string apiLabel = api.Name + (api.IsDefault ? " *" : "");
            if (devices.Count == 0)
                table.AddRow("", Markup.Escape(apiLabel), "(no devices)", "", "", "", "", "", "");
            foreach (var d in devices)
            {
                string def = string.Join(" ", new[] { d.IsDefaultInput ? "in" : "", d.IsDefaultOutput ? "out" : "" }.Where(s => s != ""));
                table.AddRow(
                    d.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(apiLabel), Markup.Escape(d.Name),
                    d.MaxInputChannels.ToString(CultureInfo.InvariantCulture), d.MaxOutputChannels.ToString(CultureInfo.InvariantCulture),
                    d.DefaultSampleRate.ToString("0", CultureInfo.InvariantCulture),
                    d.MaxInputChannels > 0 ? Ms(d.DefaultLowInputLatency) + " / " + Ms(d.DefaultHighInputLatency) : "-",
                    d.MaxOutputChannels > 0 ? Ms(d.DefaultLowOutputLatency) + " / " + Ms(d.DefaultHighOutputLatency) : "-",
                    def);
            }
        }
        console.Write(table);
        console.WriteLine("* default host API; 'in'/'out': default input/output device of its host API.");
        if (!session.HostApis.Any(a => a.IsJack) && OperatingSystem.IsLinux())
            console.WriteLine("no JACK host API: start a JACK server as this user (e.g. `jackd -d alsa` or `jackd -d dummy`) for the lowest latency.");
    }

    static string Ms(double seconds) => (seconds * 1000).ToString("0.00", CultureInfo.InvariantCulture);
}
