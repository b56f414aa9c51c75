using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Formats.Toml;

/// <summary>A TOML file that is not valid TOML 1.0. The message reads <c>file(line,col): problem</c>,
/// the form compilers use, so editors can jump to the place.</summary>
public sealed class TomlException(string sourceName, SourceLocation location, string problem)
    : FileFormatException(sourceName, location, problem);
