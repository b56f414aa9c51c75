using System.CommandLine;
using System.Globalization;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Dsp;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Cli.Measurement;
using Spectre.Console;

namespace LiveAmp.Host.Cli.Commands;

/// <summary><c>liveamp presets</c> lists the presets (user folder first) with what they hold and what they cost;
/// <c>liveamp presets check [PATH...]</c> validates preset files and prints every problem, <c>file(line,col)</c>.</summary>
public static class PresetsCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var paths = new Argument<string[]>("paths") { Description = "preset files or names (default: every listed preset)", Arity = ArgumentArity.ZeroOrMore };
        var check = new Command("check", "Validate presets and print every problem found") { paths };
        check.SetAction(parse => CliRunner.Run(parse.GetValue(verbose), () => Check(PresetLibrary.Default(), parse.GetValue(paths) ?? [], Console.Out)));

        var command = new Command("presets", "List the presets: name, amp, cabinet IR, measured CPU cost") { check };
        command.SetAction(parse => CliRunner.Run(parse.GetValue(verbose), () =>
            List(PresetLibrary.Default(), Console.Out, Console.IsOutputRedirected ? 160 : Console.WindowWidth)));
        return command;
    }

    public static int List(PresetLibrary library, TextWriter output, int width)
    {
        var entries = library.List();
        var console = PlainConsole.Create(output, Math.Max(60, width));
        if (entries.Count == 0)
        {
            console.WriteLine($"no presets in {library.UserFolder}{(library.ShippedFolder is null ? "" : $" or {library.ShippedFolder}")}");
            return 0;
        }

        // Build every valid preset's chain, then measure them interleaved so a load spike on the machine hits all alike.
        var rows = new List<(PresetEntry Entry, Preset? Preset, SignalChain? Chain, string? Error)>();
        foreach (var entry in entries)
        {
            try
            {
                var preset = PresetReader.Load(entry.FilePath);
                rows.Add((entry, preset, ChainBuilder.Build(preset.Chain, 48_000, 64), null));
            }
            catch (LiveAmpException e)
            {
                rows.Add((entry, null, null, e.Message));
            }
        }
        var chains = rows.Where(r => r.Chain is not null).Select(r => (IProcessor)r.Chain!).ToList();
        var costs = RealtimeCost.MeasureInterleaved(chains, 48_000, 64, rounds: 5, roundSeconds: 0.02);

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "preset", "name", "amp", "cabinet IR", "CPU (48 kHz, 64)", "folder" }) table.AddColumn(column);
        int measured = 0;
        foreach (var (entry, preset, chain, error) in rows)
        {
            string cost = chain is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{costs[measured++].PercentOfCore:0.0}%");
            table.AddRow(Markup.Escape(entry.Key),
                Markup.Escape(preset?.Name ?? "(invalid)"),
                Markup.Escape(chain?.Description.AmpName ?? (error is null ? "—" : "")),
                Markup.Escape(chain?.Description.CabName ?? (error is null ? "—" : "")),
                cost,
                entry.IsUser ? "user" : "shipped");
            chain?.Dispose();
        }
        console.Write(table);
        foreach (var (entry, _, _, error) in rows.Where(r => r.Error is not null))
            console.WriteLine($"{entry.Key}: {error}");
        return 0;
    }

    /// <summary>Prints every problem of every preset given (or listed); exit 1 when any has one.</summary>
    public static int Check(PresetLibrary library, IReadOnlyList<string> paths, TextWriter output)
    {
        var files = paths.Count == 0
            ? library.List().Select(e => e.FilePath).ToList()
            : paths.Select(p => library.Find(p).FilePath).ToList();
        int bad = 0;
        foreach (var file in files)
        {
            var (_, errors) = PresetReader.Check(file);
            if (errors.Count == 0) output.WriteLine($"ok    {file}");
            else bad++;
            foreach (var error in errors) output.WriteLine(error.Message);
        }
        output.WriteLine($"{files.Count} preset(s) checked, {bad} with problems");
        return bad == 0 ? 0 : CliRunner.UserError;
    }
}
