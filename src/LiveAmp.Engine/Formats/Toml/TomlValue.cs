using System.Collections;
using System.Globalization;

namespace LiveAmp.Engine.Formats.Toml;

/// <summary>Where a value or key was written: character offsets [Start, End) into the source text and the
/// 1-based line and column of Start. Default (Line 0) for values built in code.</summary>
public readonly record struct TomlSpan(int Start, int End, int Line, int Column)
{
    public bool IsKnown => Line > 0;
}

public enum TomlValueKind { String, Integer, Float, Boolean, DateTime, Array, Table }

/// <summary>A node of a parsed (or built) TOML document. Every parsed value keeps its <see cref="Span"/>.</summary>
public abstract class TomlValue
{
    public TomlSpan Span { get; internal set; }
    public abstract TomlValueKind Kind { get; }

    /// <summary>The TOML type name used in messages ("string", "integer", "table", ...).</summary>
    public string TypeName => Kind switch
    {
        TomlValueKind.String => "string",
        TomlValueKind.Integer => "integer",
        TomlValueKind.Float => "float",
        TomlValueKind.Boolean => "boolean",
        TomlValueKind.DateTime => "date-time",
        TomlValueKind.Array => "array",
        _ => "table",
    };

    public static implicit operator TomlValue(string value) => new TomlString(value);
    public static implicit operator TomlValue(long value) => new TomlInteger(value);
    public static implicit operator TomlValue(int value) => new TomlInteger(value);
    public static implicit operator TomlValue(double value) => new TomlFloat(value);
    public static implicit operator TomlValue(bool value) => new TomlBoolean(value);
}

public sealed class TomlString(string value) : TomlValue
{
    public string Value { get; } = value;
    public override TomlValueKind Kind => TomlValueKind.String;
    public override string ToString() => Value;
}

public sealed class TomlInteger(long value) : TomlValue
{
    public long Value { get; } = value;
    public override TomlValueKind Kind => TomlValueKind.Integer;
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed class TomlFloat(double value) : TomlValue
{
    public double Value { get; } = value;
    public override TomlValueKind Kind => TomlValueKind.Float;
    public override string ToString() => TomlWriter.FormatFloat(Value);
}

public sealed class TomlBoolean(bool value) : TomlValue
{
    public bool Value { get; } = value;
    public override TomlValueKind Kind => TomlValueKind.Boolean;
    public override string ToString() => Value ? "true" : "false";
}

public enum TomlDateTimeKind { OffsetDateTime, LocalDateTime, LocalDate, LocalTime }

/// <summary>One of TOML's four date/time types. Fields that the kind lacks are zero; <see cref="OffsetMinutes"/>
/// is set only for offset date-times. Fractions are kept to the nanosecond (longer ones are truncated, as the
/// specification allows).</summary>
public sealed class TomlDateTime : TomlValue
{
    public TomlDateTimeKind DateTimeKind { get; init; }
    public int Year { get; init; }
    public int Month { get; init; }
    public int Day { get; init; }
    public int Hour { get; init; }
    public int Minute { get; init; }
    public int Second { get; init; }
    public int Nanosecond { get; init; }
    public int? OffsetMinutes { get; init; }

    public override TomlValueKind Kind => TomlValueKind.DateTime;
    public bool HasDate => DateTimeKind != TomlDateTimeKind.LocalTime;
    public bool HasTime => DateTimeKind != TomlDateTimeKind.LocalDate;

    /// <summary>Nanoseconds since 0001-01-01 00:00 UTC (for offset date-times) or of the local value;
    /// two offset date-times are equal when they name the same instant.</summary>
    public Int128 OrdinalNanoseconds
    {
        get
        {
            long days = HasDate ? DaysFromCivil(Year, Month, Day) : 0;
            long seconds = days * 86_400 + Hour * 3600L + Minute * 60L + Second - (OffsetMinutes ?? 0) * 60L;
            return (Int128)seconds * 1_000_000_000 + Nanosecond;
        }
    }

    /// <summary>Days since 0000-03-01 in the proleptic Gregorian calendar (valid for years 0..9999,
    /// which DateOnly cannot represent in full).</summary>
    static long DaysFromCivil(int year, int month, int day)
    {
        int y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - era * 400;
        long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra;
    }

    public override string ToString()
    {
        var text = new System.Text.StringBuilder(40);
        var inv = CultureInfo.InvariantCulture;
        if (HasDate) text.Append(inv, $"{Year:D4}-{Month:D2}-{Day:D2}");
        if (HasDate && HasTime) text.Append('T');
        if (HasTime)
        {
            text.Append(inv, $"{Hour:D2}:{Minute:D2}:{Second:D2}");
            if (Nanosecond != 0) text.Append('.').Append(Nanosecond.ToString("D9", inv).TrimEnd('0'));
        }
        if (OffsetMinutes is int offset)
        {
            if (offset == 0) text.Append('Z');
            else text.Append(offset < 0 ? '-' : '+').Append(inv, $"{Math.Abs(offset) / 60:D2}:{Math.Abs(offset) % 60:D2}");
        }
        return text.ToString();
    }
}

/// <summary>An array: a static array <c>[1, 2]</c>, or an array of tables built by <c>[[name]]</c> headers.</summary>
public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
{
    readonly List<TomlValue> _items = [];

    public TomlArray() { }
    public TomlArray(IEnumerable<TomlValue> items) => _items.AddRange(items);

    public override TomlValueKind Kind => TomlValueKind.Array;
    /// <summary>Built by <c>[[name]]</c> headers; only such arrays may be extended by later headers.</summary>
    public bool IsArrayOfTables { get; set; }
    public int Count => _items.Count;
    public TomlValue this[int index] => _items[index];
    public void Add(TomlValue item) => _items.Add(item);
    public IEnumerator<TomlValue> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A table: keys in the order written, each with the span of its key. Also records how it was defined,
/// which decides whether later headers or dotted keys may add to it (TOML 1.0 §Table).</summary>
public sealed class TomlTable : TomlValue, IEnumerable<KeyValuePair<string, TomlValue>>
{
    readonly List<string> _keys = [];
    readonly Dictionary<string, (TomlValue Value, TomlSpan KeySpan)> _entries = new(StringComparer.Ordinal);

    public override TomlValueKind Kind => TomlValueKind.Table;
    /// <summary>Written as <c>{ ... }</c>; such a table is complete and cannot be extended.</summary>
    public bool IsInline { get; set; }

    // Definition state used by the reader.
    internal bool DefinedByHeader;
    internal int DottedSection = -1;
    internal bool Frozen;
    /// <summary>For a table with a header (or the root): the offset after its last key/value line, where an
    /// edit inserts a new key.</summary>
    internal int InsertOffset = -1;

    public int Count => _keys.Count;
    public IReadOnlyList<string> Keys => _keys;
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public TomlValue this[string key]
    {
        get => _entries[key].Value;
        set
        {
            if (_entries.TryGetValue(key, out var old)) _entries[key] = (value, old.KeySpan);
            else Add(key, value);
        }
    }

    public void Add(string key, TomlValue value, TomlSpan keySpan = default)
    {
        _entries.Add(key, (value, keySpan));
        _keys.Add(key);
    }

    public bool Remove(string key) => _entries.Remove(key) && _keys.Remove(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TomlValue? value)
    {
        bool found = _entries.TryGetValue(key, out var entry);
        value = found ? entry.Value : null;
        return found;
    }

    /// <summary>Where the key was written (the last part of a dotted key); unknown for keys added in code.</summary>
    public TomlSpan KeySpan(string key) => _entries.TryGetValue(key, out var entry) ? entry.KeySpan : default;

    public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator()
    {
        foreach (var key in _keys) yield return new(key, _entries[key].Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Structural equality of documents: same keys, same types, same values (floats bitwise except that
/// NaN equals NaN; offset date-times as instants). Key order and spans are ignored.</summary>
public static class TomlEquality
{
    public static bool DeepEquals(TomlValue? a, TomlValue? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Kind != b.Kind) return false;
        switch (a, b)
        {
            case (TomlString x, TomlString y): return x.Value == y.Value;
            case (TomlInteger x, TomlInteger y): return x.Value == y.Value;
            case (TomlBoolean x, TomlBoolean y): return x.Value == y.Value;
            case (TomlFloat x, TomlFloat y): return double.IsNaN(x.Value) ? double.IsNaN(y.Value) : x.Value.Equals(y.Value);
            case (TomlDateTime x, TomlDateTime y):
                return x.DateTimeKind == y.DateTimeKind && x.OrdinalNanoseconds == y.OrdinalNanoseconds;
            case (TomlArray x, TomlArray y):
                if (x.Count != y.Count) return false;
                for (int i = 0; i < x.Count; i++) if (!DeepEquals(x[i], y[i])) return false;
                return true;
            case (TomlTable x, TomlTable y):
                if (x.Count != y.Count) return false;
                foreach (var (key, value) in x)
                    if (!y.TryGetValue(key, out var other) || !DeepEquals(value, other)) return false;
                return true;
            default: return false;
        }
    }
}
