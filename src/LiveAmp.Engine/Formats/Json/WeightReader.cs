using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Formats.Json;

/// <summary>A cursor over a model's flat weight array that knows how many weights remain. Reading past the end
/// is a located error naming the weight index and how many were needed, never an out-of-range read.</summary>
public sealed class WeightReader(float[] weights, string sourceName, string path = "$.weights")
{
    public int Position { get; private set; }
    public int Count => weights.Length;
    public int Remaining => weights.Length - Position;

    /// <summary>What is being read, for messages: set by the loader before each module.</summary>
    public string Context { get; set; } = "weights";

    public float Next()
    {
        if (Position >= weights.Length) throw RanOut(1);
        return weights[Position++];
    }

    public void Read(Span<float> destination)
    {
        if (destination.Length > Remaining) throw RanOut(destination.Length);
        weights.AsSpan(Position, destination.Length).CopyTo(destination);
        Position += destination.Length;
    }

    public float[] Read(int count)
    {
        var result = new float[count];
        Read(result);
        return result;
    }

    /// <summary>Throws unless every weight was consumed.</summary>
    public void ExpectEnd(string architecture)
    {
        if (Remaining != 0)
            throw new ModelFormatException(sourceName, SourceLocation.Json(path),
                $"{architecture} needs {Position:N0} weights but the file has {Count:N0}; it has {Remaining:N0} too many or was exported for a different architecture.");
    }

    ModelFormatException RanOut(int wanted) =>
        new(sourceName, SourceLocation.Json($"{path}[{Position}]"),
            $"the weights run out while reading {Context}: needed {wanted:N0} more at index {Position:N0} but only {Remaining:N0} remain of {Count:N0}; the file is truncated or was exported for a different architecture.");
}
