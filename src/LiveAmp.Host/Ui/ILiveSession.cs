using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Presets;
using LiveAmp.Host.Audio.Stats;

namespace LiveAmp.Host.Ui;

/// <summary>What the dashboard sees of a running <c>liveamp play</c>: snapshots to draw and the few commands a
/// guitarist gives. Every member is called on the UI thread only and must return quickly (no file or audio work
/// inline: preset loads go to the loader thread). Implemented by the play command; faked in the tests.</summary>
public interface ILiveSession
{
    /// <summary>The latest stats snapshot (published about once per second, or more often).</summary>
    EngineStats Stats { get; }

    /// <summary>The latency of the live path with the chain that is playing now (its chain frames change with the preset).</summary>
    LatencyBreakdown Latency { get; }

    /// <summary>The presets to pick from, in display order (<see cref="PresetLibrary.List"/>).</summary>
    IReadOnlyList<PresetEntry> Presets { get; }

    /// <summary>Key of the preset playing now; null before the first one is loaded.</summary>
    string? ActivePreset { get; }

    /// <summary>Key of the preset being loaded on the loader thread; null when none is.</summary>
    string? PendingPreset { get; }

    /// <summary>What the playing chain holds (amp, model rate, resampling, cab).</summary>
    ChainDescription Chain { get; }

    /// <summary>The knobs of the playing chain; the dashboard writes them directly (lock-free, see <see cref="ChainParameters"/>).</summary>
    ChainParameters Parameters { get; }

    /// <summary>The outcome of the last load ("loaded crunch", or the located error of a bad preset while the previous
    /// sound keeps playing); null before anything happened. A new instance for each new outcome.</summary>
    SessionStatus? Status { get; }

    /// <summary>True while the chain is bypassed (the dry input goes to the output).</summary>
    bool Bypass { get; set; }

    /// <summary>Starts loading a preset on the loader thread and returns at once; the result arrives in <see cref="Status"/>,
    /// <see cref="ActivePreset"/>, <see cref="Chain"/> and <see cref="Parameters"/>.</summary>
    void RequestPreset(string key);

    /// <summary>Saves the knobs that differ from the active preset into the user's copy of it (comments kept) and
    /// returns what was done, e.g. "saved bass, mid to ~/.config/liveamp/presets/crunch.toml". May throw
    /// <see cref="Engine.Diagnostics.LiveAmpException"/> or <see cref="IOException"/>; the dashboard shows the message.</summary>
    string SaveKnobs();
}
