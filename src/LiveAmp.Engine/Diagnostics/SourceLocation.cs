namespace LiveAmp.Engine.Diagnostics;

/// <summary>A place in a file: a text position (1-based line and column), a JSON path such as
/// <c>$.config.layers[0].channels</c>, a sample index, or a byte offset. At most one form is set.</summary>
public readonly record struct SourceLocation
{
    public int Line { get; init; }
    public int Column { get; init; }
    public string? JsonPath { get; init; }
    public long? SampleIndex { get; init; }
    public long? ByteOffset { get; init; }

    public static SourceLocation Unknown => default;
    public static SourceLocation At(int line, int column) => new() { Line = line, Column = column };
    public static SourceLocation Json(string path) => new() { JsonPath = path };
    public static SourceLocation Sample(long index) => new() { SampleIndex = index };
    public static SourceLocation Byte(long offset) => new() { ByteOffset = offset };

    public bool IsUnknown => Line == 0 && JsonPath is null && SampleIndex is null && ByteOffset is null;

    public override string ToString() =>
        JsonPath ?? (SampleIndex is long s ? $"sample {s:N0}"
                   : ByteOffset is long b ? $"byte {b:N0}"
                   : Line > 0 ? $"({Line},{Column})" : "");
}
