using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Audio.Stats;
using LiveAmp.Host.Ui;

namespace LiveAmp.Host.Tests.Ui;

/// <summary>An <see cref="ILiveSession"/> without audio: every property is settable, commands are recorded.</summary>
sealed class FakeLiveSession : ILiveSession
{
    public static readonly LatencyBreakdown DefaultLatency = new(48_000, 64, 128, 0, 12);

    public EngineStats Stats { get; set; } = new() { Latency = DefaultLatency };
    public LatencyBreakdown Latency { get; set; } = DefaultLatency;
    public IReadOnlyList<PresetEntry> Presets { get; set; } = Entries("clean", "crunch", "high-gain");
    public string? ActivePreset { get; set; }
    public string? PendingPreset { get; set; }
    public ChainDescription Chain { get; set; } = ChainDescription.Empty;
    public ChainParameters Parameters { get; set; } = new();
    public SessionStatus? Status { get; set; }
    public bool Bypass { get; set; }

    public List<string> Requested { get; } = [];
    public int Saves { get; private set; }
    public Func<string> OnSave { get; set; } = () => "saved";

    public void RequestPreset(string key)
    {
        Requested.Add(key);
        PendingPreset = key;
    }

    public string SaveKnobs()
    {
        Saves++;
        return OnSave();
    }

    public static IReadOnlyList<PresetEntry> Entries(params string[] keys) =>
        keys.Select(k => new PresetEntry(k, $"/presets/{k}.toml", IsUser: false)).ToArray();
}
