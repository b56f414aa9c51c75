using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Formats.Wav;

/// <summary>A WAV file that cannot be read: the message names the file, the byte offset and what was expected.</summary>
public sealed class WavFormatException(string sourceName, long byteOffset, string problem)
    : FileFormatException(sourceName, SourceLocation.Byte(byteOffset), problem)
{
    /// <summary>Offset in the file (bytes from its start) where the problem was found.</summary>
    public long ByteOffset { get; } = byteOffset;
}
