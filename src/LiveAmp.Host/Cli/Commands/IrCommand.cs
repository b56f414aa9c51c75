using System.CommandLine;
using LiveAmp.Engine.Dsp.Cabinet;
using LiveAmp.Engine.Formats.Wav;

namespace LiveAmp.Host.Cli.Commands;

/// <summary><c>liveamp ir synth --style 4x12 --out FILE</c>: writes a cabinet impulse response synthesized from a
/// speaker + cabinet model, so presets can ship a cab without borrowing anyone's recording.</summary>
public static class IrCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var style = new Option<string>("--style") { Description = "cabinet to model: " + string.Join(", ", Styles.Keys), DefaultValueFactory = _ => "4x12" };
        style.AcceptOnlyFromAmong([.. Styles.Keys]);
        var output = new Option<string>("--out", "-o") { Description = "WAV file to write (24-bit PCM, mono)", Required = true };
        var rate = new Option<int>("--rate") { Description = "sample rate, Hz", DefaultValueFactory = _ => 48_000 };
        var synth = new Command("synth", "Synthesize a cabinet IR from a speaker and cabinet model") { style, output, rate };
        synth.SetAction(parse => CliRunner.Run(parse.GetValue(verbose), () =>
        {
            var samples = CabinetSynthesizer.Synthesize(Styles[parse.GetValue(style)!], parse.GetValue(rate));
            var path = parse.GetValue(output)!;
            WavWriter.Write(path, new AudioBuffer([samples], parse.GetValue(rate)), WavSampleFormat.Pcm24);
            Console.WriteLine($"wrote {path}: {samples.Length} samples ({1000.0 * samples.Length / parse.GetValue(rate):0.#} ms)");
            return 0;
        }));
        return new Command("ir", "Cabinet impulse responses") { synth };
    }

    static readonly Dictionary<string, CabStyle> Styles = new()
    {
        ["1x12-open"] = CabStyle.OpenBack1x12,
        ["2x12-open"] = CabStyle.OpenBack2x12,
        ["2x12"] = CabStyle.Closed2x12,
        ["4x12"] = CabStyle.Closed4x12,
    };
}
