using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Formats.Toml;

/// <summary>A TOML file that is not valid TOML 1.0. The message reads <c>file(line,col): problem</c>,
/// the form compilers use, so editors can jump to the place.</summary>
public sealed class TomlException(string sourceName, SourceLocation location, string problem)
    : FileFormatException(sourceName, location, problem)
{
    public override string Message => TomlMessages.Format(SourceName, Location, Problem);
}

internal static class TomlMessages
{
    /// <summary><c>file(line,col): problem</c>, or <c>file: problem</c> when the place is unknown.</summary>
    public static string Format(string sourceName, SourceLocation location, string problem) =>
        location.Line > 0 ? $"{sourceName}({location.Line},{location.Column}): {problem}"
        : location.IsUnknown ? $"{sourceName}: {problem}" : $"{sourceName}: {location}: {problem}";
}
