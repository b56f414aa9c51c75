using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Presets;

/// <summary>One problem in a preset file: <c>file(line,col): key: problem</c>.</summary>
public sealed class PresetError(string sourceName, SourceLocation location, string key, string problem)
    : FileFormatException(sourceName, location, key.Length > 0 ? $"{key}: {problem}" : problem)
{
    /// <summary>The dotted key concerned (<c>gate.threshold_db</c>), or "" for the file as a whole.</summary>
    public string Key { get; } = key;
}

/// <summary>A preset that cannot be used. <see cref="Errors"/> holds every problem found in the file (in file
/// order); the message is the first one, plus how many more there are.</summary>
public sealed class PresetException(IReadOnlyList<PresetError> errors)
    : FileFormatException(errors[0].SourceName, errors[0].Location, errors[0].Problem)
{
    public IReadOnlyList<PresetError> Errors { get; } = errors;

    public override string Message => Errors.Count == 1
        ? Errors[0].Message
        : $"{Errors[0].Message} (and {Errors.Count - 1} more problem{(Errors.Count > 2 ? "s" : "")}; run `liveamp presets check` to list them)";
}
