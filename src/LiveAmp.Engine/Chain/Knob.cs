namespace LiveAmp.Engine.Chain;

/// <summary>The knobs a guitarist turns while playing. Each has one definition in <see cref="Knobs.All"/>
/// (range, unit, default) that the presets, the CLI and the UI share.</summary>
public enum Knob
{
    InputDb,
    GateThresholdDb,
    BassDb,
    MidDb,
    TrebleDb,
    PresenceDb,
    CabLevelDb,
    OutputDb,
}

/// <summary>A knob's range and unit. Values are clamped to [Min, Max] when set.</summary>
public sealed record KnobInfo(Knob Id, string Name, string Unit, float Min, float Max, float Default, float Step);

public static class Knobs
{
    public static IReadOnlyList<KnobInfo> All { get; } =
    [
        new(Knob.InputDb, "input", "dB", -24, 24, 0, 0.5f),
        new(Knob.GateThresholdDb, "gate", "dB", -100, -20, -70, 1),
        new(Knob.BassDb, "bass", "dB", -12, 12, 0, 0.5f),
        new(Knob.MidDb, "mid", "dB", -12, 12, 0, 0.5f),
        new(Knob.TrebleDb, "treble", "dB", -12, 12, 0, 0.5f),
        new(Knob.PresenceDb, "presence", "dB", -12, 12, 0, 0.5f),
        new(Knob.CabLevelDb, "cab level", "dB", -24, 12, 0, 0.5f),
        new(Knob.OutputDb, "output", "dB", -40, 12, 0, 0.5f),
    ];

    public static KnobInfo Info(Knob knob) => All[(int)knob];
}

/// <summary>Knob values shared lock-free between the UI (writer) and the engine (reader). Every value is a float
/// written and read with <see cref="Volatile"/>: a 32-bit store is atomic, and the engine picks new values up at
/// the top of the next block and smooths them, so no lock and no queue is needed for knobs.</summary>
public sealed class ChainParameters
{
    readonly float[] _values = Knobs.All.Select(k => k.Default).ToArray();
    int _version;

    public float this[Knob knob]
    {
        get => Volatile.Read(ref _values[(int)knob]);
        set
        {
            var info = Knobs.Info(knob);
            Volatile.Write(ref _values[(int)knob], Math.Clamp(value, info.Min, info.Max));
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>Changes whenever any knob is set; the engine compares it to skip unchanged blocks cheaply.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Sets every knob to the preset's value (<see cref="ChainSettings.KnobValue"/>).</summary>
    public void SetFrom(ChainSettings settings)
    {
        foreach (var knob in Knobs.All) this[knob.Id] = settings.KnobValue(knob.Id);
    }

    public ChainParameters Clone()
    {
        var copy = new ChainParameters();
        foreach (var knob in Knobs.All) copy[knob.Id] = this[knob.Id];
        return copy;
    }
}
