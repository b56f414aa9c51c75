using System.Globalization;
using System.Text;

namespace LiveAmp.Engine.Formats.Toml;

/// <summary>Writes a document model as TOML 1.0 text that reads back to an equal model
/// (<see cref="TomlEquality.DeepEquals"/>). Tables built by headers or dotted keys get <c>[header]</c> sections,
/// arrays of tables get <c>[[header]]</c> sections, everything else is written inline.</summary>
public static class TomlWriter
{
    public static string Write(TomlTable root)
    {
        var text = new StringBuilder();
        WriteBody(text, root, "");
        return text.ToString();
    }

    static bool IsSection(TomlValue value) => value is TomlTable { IsInline: false };
    static bool IsArrayOfSections(TomlValue value) =>
        value is TomlArray { IsArrayOfTables: true, Count: > 0 } array && array.All(IsSection);

    static void WriteBody(StringBuilder text, TomlTable table, string path)
    {
        foreach (var (key, value) in table)
            if (!IsSection(value) && !IsArrayOfSections(value))
                text.Append(FormatKey(key)).Append(" = ").Append(FormatValue(value)).Append('\n');
        foreach (var (key, value) in table)
        {
            string childPath = path.Length == 0 ? FormatKey(key) : path + "." + FormatKey(key);
            if (IsSection(value))
            {
                text.Append('\n').Append('[').Append(childPath).Append("]\n");
                WriteBody(text, (TomlTable)value, childPath);
            }
            else if (IsArrayOfSections(value))
                foreach (var element in (TomlArray)value)
                {
                    text.Append('\n').Append("[[").Append(childPath).Append("]]\n");
                    WriteBody(text, (TomlTable)element, childPath);
                }
        }
    }

    /// <summary>A value as it appears after <c>key = </c>: scalars, arrays and tables inline.</summary>
    public static string FormatValue(TomlValue value)
    {
        var text = new StringBuilder();
        AppendValue(text, value);
        return text.ToString();
    }

    static void AppendValue(StringBuilder text, TomlValue value)
    {
        switch (value)
        {
            case TomlString s: AppendString(text, s.Value); break;
            case TomlInteger i: text.Append(i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case TomlFloat f: text.Append(FormatFloat(f.Value)); break;
            case TomlBoolean b: text.Append(b.Value ? "true" : "false"); break;
            case TomlDateTime d: text.Append(d.ToString()); break;
            case TomlArray array:
                text.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    AppendValue(text, array[i]);
                }
                text.Append(']');
                break;
            case TomlTable table:
                if (table.Count == 0) { text.Append("{}"); break; }
                text.Append("{ ");
                bool first = true;
                foreach (var (key, child) in table)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    text.Append(FormatKey(key)).Append(" = ");
                    AppendValue(text, child);
                }
                text.Append(" }");
                break;
            default: throw new ArgumentException($"unknown TOML value {value.GetType().Name}", nameof(value));
        }
    }

    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0";
    }

    /// <summary>A bare key when it only has letters, digits, <c>_</c> and <c>-</c>; a quoted key otherwise.</summary>
    public static string FormatKey(string key)
    {
        bool bare = key.Length > 0;
        foreach (char c in key)
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')) { bare = false; break; }
        if (bare) return key;
        var text = new StringBuilder(key.Length + 2);
        AppendString(text, key);
        return text.ToString();
    }

    public static string FormatString(string value)
    {
        var text = new StringBuilder(value.Length + 2);
        AppendString(text, value);
        return text.ToString();
    }

    static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7F) text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}
