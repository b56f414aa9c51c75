using System.CommandLine;
using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;

namespace LiveAmp.Host.Cli;

/// <summary>The options that describe a chain on the command line, shared by <c>render</c> and <c>play</c>:
/// a preset to start from, and overrides for its model, IR and knobs.</summary>
public sealed class ChainOptions
{
    public Option<string?> Preset { get; } = new("--preset", "-p") { Description = "preset name (see `liveamp presets`) or .toml file" };
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "amp model file (.nam, .json, .aidax); replaces the preset's amp" };
    public Option<string?> Ir { get; } = new("--ir") { Description = "cabinet impulse response (WAV); replaces the preset's cab" };
    public Option<bool> NoIr { get; } = new("--no-ir") { Description = "bypass the cabinet IR" };
    public Option<bool> FastTanh { get; } = new("--fast-tanh") { Description = "evaluate tanh with NAM's fast approximation" };
    public Option<string?> Gate { get; } = new("--gate") { Description = "noise gate threshold in dB, or `off`" };
    readonly (Knob Knob, Option<float?> Option)[] _knobs =
    [
        (Knob.InputDb, new Option<float?>("--gain") { Description = "input gain, dB (-24 to 24)" }),
        (Knob.BassDb, new Option<float?>("--bass") { Description = "bass shelf at 150 Hz, dB (-12 to 12)" }),
        (Knob.MidDb, new Option<float?>("--mid") { Description = "mid peak at 425 Hz, dB (-12 to 12)" }),
        (Knob.TrebleDb, new Option<float?>("--treble") { Description = "treble shelf at 1.8 kHz, dB (-12 to 12)" }),
        (Knob.PresenceDb, new Option<float?>("--presence") { Description = "presence at 4 kHz, dB (-12 to 12)" }),
        (Knob.OutputDb, new Option<float?>("--level") { Description = "output level, dB (-40 to 12)" }),
    ];

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Preset, Model, Ir, NoIr, FastTanh, Gate }) command.Options.Add(option);
        foreach (var (_, option) in _knobs) command.Options.Add(option);
    }

    /// <summary>The preset (or an empty chain) with every given override applied. Throws a located error for a bad
    /// preset and a <see cref="UsageException"/> naming the option for an out-of-range value.</summary>
    public ChainSettings Resolve(ParseResult parse, PresetLibrary? library = null)
    {
        library ??= PresetLibrary.Default();
        var name = parse.GetValue(Preset);
        var settings = name is null ? new ChainSettings() : library.Load(name).Chain;

        var model = parse.GetValue(Model);
        bool fast = parse.GetValue(FastTanh);
        if (model is not null)
            settings = settings with { Amp = new AmpSettings { ModelPath = Path.GetFullPath(model), FastTanh = fast } };
        else if (fast && settings.Amp is not null)
            settings = settings with { Amp = settings.Amp with { FastTanh = true } };

        if (parse.GetValue(NoIr)) settings = settings with { Cab = null };
        else if (parse.GetValue(Ir) is string ir) settings = settings with { Cab = new CabSettings { IrPath = Path.GetFullPath(ir) } };

        var knobs = new Dictionary<Knob, float>(settings.KnobValues);
        if (parse.GetValue(Gate) is string gate)
        {
            if (gate.Equals("off", StringComparison.OrdinalIgnoreCase)) settings = settings with { Gate = settings.Gate with { Enabled = false } };
            else if (float.TryParse(gate, System.Globalization.CultureInfo.InvariantCulture, out var threshold))
            {
                knobs[Knob.GateThresholdDb] = Checked("--gate", Knob.GateThresholdDb, threshold);
                settings = settings with { Gate = settings.Gate with { Enabled = true } };
            }
            else throw new UsageException($"--gate {gate}: expected a threshold in dB (e.g. -60) or `off`.");
        }
        foreach (var (knob, option) in _knobs)
            if (parse.GetValue(option) is float value) knobs[knob] = Checked(option.Name, knob, value);
        return settings with { KnobValues = knobs };
    }

    static float Checked(string option, Knob knob, float value)
    {
        var info = Knobs.Info(knob);
        if (!(value >= info.Min && value <= info.Max))
            throw new UsageException(FormattableString.Invariant($"{option} {value}: expected {info.Min} to {info.Max} {info.Unit}."));
        return value;
    }
}
