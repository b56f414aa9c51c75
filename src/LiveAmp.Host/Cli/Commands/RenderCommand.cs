using System.CommandLine;
using System.Globalization;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Dsp.Resampling;
using LiveAmp.Engine.Formats.Wav;
using Spectre.Console;

namespace LiveAmp.Host.Cli.Commands;

/// <summary><c>liveamp render</c>: runs a WAV file through the same signal chain the live host plays, offline.
/// The chain runs at the input's rate (a model at another rate is resampled around, as live); the output is float32,
/// aligned with the input (the chain's own latency removed), optionally resampled to <c>--rate</c>.</summary>
public static class RenderCommand
{
    const int BlockFrames = 1024;

    public static Command Create(Option<bool> verbose)
    {
        var input = new Argument<string>("input") { Description = "the DI recording to render (WAV, any rate; several channels are averaged)" };
        var output = new Argument<string>("output") { Description = "the WAV to write (32-bit float, written atomically)" };
        var chain = new ChainOptions();
        var rate = new Option<int?>("--rate") { Description = "resample the output to this rate, Hz (default: the input's)" };
        var command = new Command("render", "Render a WAV file through a preset, a model and/or an IR") { input, output, rate };
        chain.AddTo(command);
        command.SetAction(parse => CliRunner.Run(parse.GetValue(verbose), () =>
        {
            var settings = chain.Resolve(parse);
            return Run(settings, parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(rate), showProgress: !Console.IsErrorRedirected);
        }));
        return command;
    }

    public static int Run(ChainSettings settings, string inputPath, string outputPath, int? outputRate, bool showProgress)
    {
        var input = WavReader.ReadMono(inputPath);
        int rate = input.SampleRate;
        using var chain = ChainBuilder.Build(settings, rate, BlockFrames);
        var rendered = showProgress
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Path.GetFileName(inputPath), maxValue: input.Channels[0].Length);
                    return Render(chain, input.Channels[0], done => task.Value = done);
                })
            : Render(chain, input.Channels[0], _ => { });

        if (outputRate is int target && target != rate)
        {
            if (target < 8_000 || target > 768_000)
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--rate {target}: expected 8000 to 768000 Hz."));
            rendered = Resampler.ResampleAll(rendered, rate, target);
            rate = target;
        }
        WavWriter.Write(outputPath, new AudioBuffer([rendered], rate), WavSampleFormat.Float32);
        if (chain.Safety.TripCount > 0)
            Console.Error.WriteLine($"warning: the safety stage muted the output {chain.Safety.TripCount} time(s) (NaN/Inf in the chain).");
        return 0;
    }

    /// <summary>Runs the chain over the whole input plus its latency in zeros, and drops that latency from the front,
    /// so output sample n belongs to input sample n.</summary>
    public static float[] Render(SignalChain chain, float[] input, Action<int> progress)
    {
        int latency = chain.LatencyFrames;
        var output = new float[input.Length];
        var block = new float[BlockFrames];
        int total = input.Length + latency;
        for (int start = 0; start < total; start += BlockFrames)
        {
            int n = Math.Min(BlockFrames, total - start);
            var span = block.AsSpan(0, n);
            span.Clear();
            if (start < input.Length) input.AsSpan(start, Math.Min(n, input.Length - start)).CopyTo(span);
            chain.Process(span);
            // Block frame i is output frame start + i − latency.
            int from = Math.Max(0, latency - start);
            int to = Math.Min(n, input.Length + latency - start);
            if (to > from) span[from..to].CopyTo(output.AsSpan(start + from - latency));
            progress(Math.Min(input.Length, start + n));
        }
        return output;
    }
}
