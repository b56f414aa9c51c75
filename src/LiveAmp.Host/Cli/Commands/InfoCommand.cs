using System.CommandLine;
using System.Globalization;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Host.Cli.Measurement;

namespace LiveAmp.Host.Cli.Commands;

/// <summary><c>liveamp info MODEL</c>: what a model file is, what it costs, and what it says about itself.</summary>
public static class InfoCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Argument<string>("model") { Description = "a .nam, keras/AIDA-X .json/.aidax or GuitarML .json file" };
        var fast = new Option<bool>("--fast-tanh") { Description = "measure with NAM's fast tanh approximation" };
        var rate = new Option<int>("--rate") { Description = "sample rate for the cost measurement, Hz (default: the model's, else 48000)" };
        var command = new Command("info", "Show a model's architecture, size, cost and metadata") { model, fast, rate };
        command.SetAction(parse => CliRunner.Run(parse.GetValue(verbose), () =>
        {
            var options = new ModelOptions { Tanh = parse.GetValue(fast) ? TanhMode.Fast : TanhMode.Exact };
            return Run(parse.GetValue(model)!, options, parse.GetValue(rate), Console.Out);
        }));
        return command;
    }

    public static int Run(string path, ModelOptions options, int sampleRate, TextWriter output)
    {
        var ci = CultureInfo.InvariantCulture;
        var amp = ModelLoader.Load(path, options);
        var info = amp.Info;
        var meta = amp.Metadata;
        int rate = sampleRate > 0 ? sampleRate : (int)(meta.SampleRate ?? 48_000);

        output.WriteLine(string.Create(ci, $"file            {path}"));
        output.WriteLine(string.Create(ci, $"architecture    {info.Architecture}: {info.Description}"));
        output.WriteLine(string.Create(ci, $"parameters      {info.ParameterCount:N0}"));
        output.WriteLine(string.Create(ci, $"MACs/sample     {info.MacsPerSample:N0}"));
        output.WriteLine(info.ReceptiveFieldFrames is int rf
            ? string.Create(ci, $"receptive field {rf:N0} frames ({1000.0 * rf / rate:0.0} ms at {rate} Hz)")
            : "receptive field recurrent (unbounded)");
        output.WriteLine(string.Create(ci, $"prewarm         {info.PrewarmFrames:N0} frames"));
        output.WriteLine(meta.SampleRate is double sr ? string.Create(ci, $"sample rate     {sr:0.###} Hz") : "sample rate     unknown (48000 Hz assumed)");
        if (meta.FormatVersion is not null) output.WriteLine($"format version  {meta.FormatVersion}");
        WriteIf(output, "name", meta.Name);
        WriteIf(output, "modeled by", meta.ModeledBy);
        WriteIf(output, "gear", string.Join(" ", new[] { meta.GearMake, meta.GearModel }.Where(s => !string.IsNullOrWhiteSpace(s))));
        WriteIf(output, "gear type", meta.GearType);
        WriteIf(output, "tone type", meta.ToneType);
        WriteIf(output, "date", meta.Date);
        WriteIf(output, "loudness", meta.Loudness?.ToString("0.00 'dB'", ci));
        WriteIf(output, "gain", meta.Gain?.ToString("0.000", ci));
        WriteIf(output, "input level", meta.InputLevelDbu?.ToString("0.00 'dBu'", ci));
        WriteIf(output, "output level", meta.OutputLevelDbu?.ToString("0.00 'dBu'", ci));
        WriteIf(output, "validation ESR", meta.ValidationEsr?.ToString("0.00000", ci));

        var cost = RealtimeCost.Measure(amp, rate, 64);
        output.WriteLine(string.Create(ci,
            $"real-time cost  {cost.MicrosecondsPerBlock:0.0} µs per 64-frame block at {rate} Hz = {cost.PercentOfCore:0.0}% of one core ({options.Tanh} tanh, median of 7 rounds)"));
        return 0;
    }

    static void WriteIf(TextWriter output, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) output.WriteLine($"{label,-15} {value}");
    }
}
