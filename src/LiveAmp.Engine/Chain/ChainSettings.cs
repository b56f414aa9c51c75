namespace LiveAmp.Engine.Chain;

/// <summary>A validated description of a whole chain: what a preset says, with paths already resolved.
/// <see cref="ChainBuilder"/> turns it into a prepared <see cref="SignalChain"/> on the loader thread.
/// Every block is optional: a chain may be an IR alone, a model alone, or the DSP amp without an IR.</summary>
public sealed record ChainSettings
{
    public AmpSettings? Amp { get; init; }
    public CabSettings? Cab { get; init; }
    public GateSettings Gate { get; init; } = new();
    public EqSettings Eq { get; init; } = new();

    /// <summary>Initial knob values (gain, gate threshold, EQ, levels); absent knobs take their defaults.</summary>
    public IReadOnlyDictionary<Knob, float> KnobValues { get; init; } = new Dictionary<Knob, float>();

    /// <summary>The preset's value of a knob, or the knob's default, within its range: what a chain starts from.</summary>
    public float KnobValue(Knob knob)
    {
        var info = Knobs.Info(knob);
        return KnobValues.TryGetValue(knob, out float value) ? Math.Clamp(value, info.Min, info.Max) : info.Default;
    }
}

/// <summary>How the amp model's output level is set (NAM's plugin's "Output mode", model-formats.md §3.5.1).</summary>
public enum OutputCalibration { Raw, Normalized, Calibrated }

/// <summary>The amp: a model file, or the built-in DSP amp (<see cref="Dsp"/>) when <see cref="ModelPath"/> is null.</summary>
public sealed record AmpSettings
{
    /// <summary>Absolute path of a .nam/.json/.aidax file; null selects the built-in DSP amp.</summary>
    public string? ModelPath { get; init; }
    public DspAmpSettings Dsp { get; init; } = new();
    public bool FastTanh { get; init; }
    public OutputCalibration OutputMode { get; init; } = OutputCalibration.Normalized;
    /// <summary>Apply the model's input_level_dbu against <see cref="InterfaceLevelDbu"/>.</summary>
    public bool CalibrateInput { get; init; }
    /// <summary>dBu RMS of a 0 dBFS-peak sine at the user's interface input (NAM's default 12).</summary>
    public double InterfaceLevelDbu { get; init; } = 12.0;
}

/// <summary>The built-in "tube saturator" amp's knobs.</summary>
public sealed record DspAmpSettings
{
    public string Character { get; init; } = "crunch";
    public double Drive { get; init; } = 5.0;
    public double Tone { get; init; } = 5.0;
    public double Level { get; init; } = 5.0;
}

public sealed record CabSettings
{
    public required string IrPath { get; init; }
    /// <summary>Keep only the first TrimMs of the IR (with a short fade-out); null keeps it whole.</summary>
    public double? TrimMs { get; init; }
}

public sealed record GateSettings
{
    public bool Enabled { get; init; } = true;
    public double HysteresisDb { get; init; } = 6;
    public double AttackMs { get; init; } = 1;
    public double HoldMs { get; init; } = 50;
    public double ReleaseMs { get; init; } = 80;
}

public sealed record EqSettings
{
    public bool Enabled { get; init; } = true;
}
