using System.CommandLine;
using System.Globalization;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Dsp;
using LiveAmp.Host.Cli.Measurement;

namespace LiveAmp.Host.Cli.Commands;

/// <summary><c>liveamp bench MODEL...</c>: real-time cost of models on this machine, measured interleaved (every
/// round visits every model) and reported as medians, in exact and fast tanh. Prints a Markdown table.</summary>
public static class BenchCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var models = new Argument<string[]>("models") { Description = "model files or folders (searched for .nam/.json)", Arity = ArgumentArity.OneOrMore };
        var block = new Option<int>("--block") { Description = "frames per block", DefaultValueFactory = _ => 64 };
        var rate = new Option<int>("--rate") { Description = "sample rate, Hz", DefaultValueFactory = _ => 48_000 };
        var rounds = new Option<int>("--rounds") { Description = "timed rounds per model (median reported)", DefaultValueFactory = _ => 9 };
        var command = new Command("bench", "Measure the real-time cost of models, interleaved, as medians") { models, block, rate, rounds };
        command.SetAction(parse => CliRunner.Run(parse.GetValue(verbose), () =>
            Run(parse.GetValue(models)!, parse.GetValue(rate), parse.GetValue(block), parse.GetValue(rounds), Console.Out)));
        return command;
    }

    public static int Run(IEnumerable<string> paths, int sampleRate, int blockFrames, int rounds, TextWriter output)
    {
        var files = paths.SelectMany(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => ModelLoader.Extensions.Contains(Path.GetExtension(f)))
                : [p])
            .Order().ToList();
        var processors = new List<IProcessor>();
        foreach (var file in files)
            foreach (var tanh in new[] { TanhMode.Exact, TanhMode.Fast })
                processors.Add(ModelLoader.Load(file, new ModelOptions { Tanh = tanh }));

        var results = RealtimeCost.MeasureInterleaved(processors, sampleRate, blockFrames, rounds);
        var ci = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(ci, $"| model | architecture | MACs/sample | µs per {blockFrames}-frame block (exact tanh) | fast tanh | % of one core (exact) |"));
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        for (int i = 0; i < files.Count; i++)
        {
            var info = ((IAmpModel)processors[2 * i]).Info;
            var exact = results[2 * i];
            var fast = results[2 * i + 1];
            output.WriteLine(string.Create(ci,
                $"| {Path.GetFileName(files[i])} | {info.Architecture} | {info.MacsPerSample:N0} | {exact.MicrosecondsPerBlock:0.00} | {fast.MicrosecondsPerBlock:0.00} | {exact.PercentOfCore:0.00} |"));
        }
        output.WriteLine(string.Create(ci, $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; {rounds} interleaved rounds, medians; {sampleRate} Hz."));
        return 0;
    }
}
