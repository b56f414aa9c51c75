namespace LiveAmp.Engine.Diagnostics;

/// <summary>Base of every error LiveAmp reports to a user: bad files, bad presets, bad arguments.
/// The message is complete (file, place, what was expected, what was found) and fit to print as one line.</summary>
public class LiveAmpException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A file that LiveAmp reads is malformed, of the wrong shape, or holds values it cannot use.
/// The message reads <c>file(line,col): problem</c> for text files (the form compilers use, so editors can jump to
/// the place), <c>file: place: problem</c> for a JSON path, sample or byte, and <c>file: problem</c> otherwise.</summary>
public class FileFormatException(string sourceName, SourceLocation location, string problem, Exception? inner = null)
    : LiveAmpException(Format(sourceName, location, problem), inner)
{
    public static string Format(string sourceName, SourceLocation location, string problem) =>
        location.Line > 0 ? $"{sourceName}({location.Line},{location.Column}): {problem}"
        : location.IsUnknown ? $"{sourceName}: {problem}" : $"{sourceName}: {location}: {problem}";

    /// <summary>The path as the user gave it.</summary>
    public string SourceName { get; } = sourceName;

    /// <summary>Where in the file: line/column, JSON path or sample index.</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>The problem without the file and place.</summary>
    public string Problem { get; } = problem;
}

/// <summary>A model file (.nam, keras/AIDA-X or GuitarML JSON) that cannot be loaded.</summary>
public sealed class ModelFormatException(string sourceName, SourceLocation location, string problem, Exception? inner = null)
    : FileFormatException(sourceName, location, problem, inner);
