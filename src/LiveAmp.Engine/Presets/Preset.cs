using LiveAmp.Engine.Chain;

namespace LiveAmp.Engine.Presets;

/// <summary>A validated preset: what to show in a list, and the chain it describes (paths already resolved).</summary>
public sealed record Preset
{
    /// <summary>The display name: the <c>name</c> key, or the file name without <c>.toml</c>.</summary>
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required ChainSettings Chain { get; init; }
    /// <summary>Absolute path of the file it was read from; null for a preset read from text.</summary>
    public string? FilePath { get; init; }
}
