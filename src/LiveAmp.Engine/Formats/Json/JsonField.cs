using System.Globalization;
using System.Text.Json;
using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Formats.Json;

/// <summary>A JSON value that knows its file and path, so that every read can fail with a located
/// <see cref="ModelFormatException"/> ("amp.nam: $.config.layers[0].channels: expected an integer, got "16"").</summary>
public readonly struct JsonField(JsonElement element, string sourceName, string path)
{
    public JsonElement Element { get; } = element;
    public string SourceName { get; } = sourceName;
    public string Path { get; } = path;

    public JsonValueKind Kind => Element.ValueKind;
    public bool IsNull => Element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    /// <summary>Parses a whole file. Malformed or truncated JSON becomes a located error.</summary>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8, string sourceName)
    {
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 256, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1, column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new ModelFormatException(sourceName, SourceLocation.At(line, column),
                $"not valid JSON ({FirstSentence(e.Message)}); the file is truncated or corrupt.", e);
        }
    }

    public static JsonField Root(JsonDocument document, string sourceName) => new(document.RootElement, sourceName, "$");

    public ModelFormatException Error(string problem) => new(SourceName, SourceLocation.Json(Path), problem);

    public JsonField RequireObject() =>
        Kind == JsonValueKind.Object ? this : throw Error($"expected an object, got {Describe()}");

    public bool Has(string key) => Kind == JsonValueKind.Object && Element.TryGetProperty(key, out _);

    /// <summary>The member <paramref name="key"/>; absent is an error.</summary>
    public JsonField Get(string key)
    {
        RequireObject();
        return Element.TryGetProperty(key, out var value)
            ? new JsonField(value, SourceName, $"{Path}.{key}")
            : throw Error($"missing required key \"{key}\"");
    }

    /// <summary>The member <paramref name="key"/>, or null when absent or JSON null.</summary>
    public JsonField? Find(string key)
    {
        if (Kind != JsonValueKind.Object || !Element.TryGetProperty(key, out var value)) return null;
        return value.ValueKind == JsonValueKind.Null ? null : new JsonField(value, SourceName, $"{Path}.{key}");
    }

    public int Length => Kind == JsonValueKind.Array ? Element.GetArrayLength() : throw Error($"expected an array, got {Describe()}");

    public JsonField this[int index] => new(Element[index], SourceName, $"{Path}[{index}]");

    public IEnumerable<JsonField> Items()
    {
        int n = Length;
        for (int i = 0; i < n; i++) yield return this[i];
    }

    public string GetString() =>
        Kind == JsonValueKind.String ? Element.GetString()! : throw Error($"expected a string, got {Describe()}");

    public bool GetBool() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"expected true or false, got {Describe()}"),
    };

    public double GetDouble()
    {
        if (Kind == JsonValueKind.Number && Element.TryGetDouble(out double value) && double.IsFinite(value)) return value;
        throw Error($"expected a finite number, got {Describe()}");
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]. Accepts 3.0 but not 3.5.</summary>
    public int GetInt(int min = int.MinValue, int max = int.MaxValue)
    {
        if (Kind == JsonValueKind.Number && Element.TryGetDouble(out double value) && value == Math.Floor(value))
        {
            if (value < min || value > max) throw Error($"must be in [{min:N0}, {max:N0}], got {value:N0}");
            return (int)value;
        }
        throw Error($"expected an integer, got {Describe()}");
    }

    public int[] GetIntArray(int min = int.MinValue, int max = int.MaxValue)
    {
        var result = new int[Length];
        for (int i = 0; i < result.Length; i++) result[i] = this[i].GetInt(min, max);
        return result;
    }

    public double? FindDouble(string key) => Find(key)?.GetDouble();
    public string? FindString(string key) => Find(key) is { } f && f.Kind == JsonValueKind.String ? f.GetString() : null;

    /// <summary>A short, bounded rendering of the value for error messages.</summary>
    public string Describe()
    {
        string text = Kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => $"an array of {Element.GetArrayLength():N0}",
            JsonValueKind.Undefined => "nothing",
            _ => Element.GetRawText(),
        };
        return text.Length > 40 ? text[..37] + "..." : text;
    }

    static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SourceName}:{Path}");
}
