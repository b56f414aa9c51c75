namespace LiveAmp.Engine.AmpModels.TubeSaturator;

/// <summary>The DSP amp's knobs. Drive, tone and level run 0–10 like an amp's panel (5 is noon).</summary>
public sealed record TubeSaturatorSettings
{
    public TubeCharacter Character { get; init; } = TubeCharacter.Crunch;
    public double Drive { get; init; } = 5;
    public double Tone { get; init; } = 5;
    public double Level { get; init; } = 5;
    /// <summary>Run the shapers at twice the rate (less aliasing, 15 frames of latency). On by default.</summary>
    public bool Oversample { get; init; } = true;

    /// <summary>The settings a preset gives (<see cref="Chain.DspAmpSettings"/>), validated.</summary>
    public static TubeSaturatorSettings From(Chain.DspAmpSettings preset)
    {
        var settings = new TubeSaturatorSettings
        {
            Character = ParseCharacter(preset.Character), Drive = preset.Drive, Tone = preset.Tone, Level = preset.Level,
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Parses "clean" / "crunch" / "lead" (any case), as presets write it.</summary>
    public static TubeCharacter ParseCharacter(string text) => text.Trim().ToLowerInvariant() switch
    {
        "clean" => TubeCharacter.Clean,
        "crunch" => TubeCharacter.Crunch,
        "lead" => TubeCharacter.Lead,
        _ => throw new ArgumentException($"unknown DSP amp character \"{text}\"; expected clean, crunch or lead", nameof(text)),
    };

    /// <summary>Throws unless every knob is within 0–10.</summary>
    public void Validate()
    {
        Check(Drive, nameof(Drive));
        Check(Tone, nameof(Tone));
        Check(Level, nameof(Level));
        static void Check(double value, string name)
        {
            if (!(value >= 0 && value <= 10))
                throw new ArgumentOutOfRangeException(name, value, $"{name.ToLowerInvariant()} must be in [0, 10]");
        }
    }
}
