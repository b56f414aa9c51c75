using System.Text;

namespace LiveAmp.Engine.Formats.Toml;

/// <summary>A TOML file as text plus its parsed model. Edits through <see cref="SetValue"/> rewrite only the text
/// of the value concerned (or insert one line), so comments, key order and formatting elsewhere survive a save.</summary>
public sealed class TomlDocument
{
    TomlDocument(string text, string sourceName, TomlTable root)
    {
        Text = text;
        SourceName = sourceName;
        Root = root;
    }

    /// <summary>The current source text, including every edit made so far.</summary>
    public string Text { get; private set; }
    public string SourceName { get; }
    public TomlTable Root { get; private set; }

    public static TomlDocument Parse(string text, string sourceName = "<string>") =>
        new(text, sourceName, TomlReader.Parse(text, sourceName));

    /// <summary>Reads a file as strict UTF-8. I/O errors surface as the usual IOException family.</summary>
    public static TomlDocument Load(string path)
    {
        string text = TomlReader.Decode(File.ReadAllBytes(path), path);
        return new TomlDocument(text, path, TomlReader.Parse(text, path));
    }

    /// <summary>The value at a dotted path such as <c>amp.drive</c> (keys as in TOML, quotes allowed), or null.</summary>
    public TomlValue? GetValue(string path) => GetValue(SplitPath(path));

    public TomlValue? GetValue(IReadOnlyList<string> keys)
    {
        TomlValue? node = Root;
        foreach (var key in keys)
        {
            if (node is not TomlTable table || !table.TryGetValue(key, out node)) return null;
        }
        return node;
    }

    public void SetValue(string path, TomlValue value) => SetValue(SplitPath(path), value);

    /// <summary>Replaces the text of an existing value, or adds <c>key = value</c> to the table's own section
    /// (creating a <c>[table]</c> section at the end when there is none). The edited text is re-read, so the
    /// model and the spans stay exact; an edit that would make the document invalid throws and changes nothing.</summary>
    public void SetValue(IReadOnlyList<string> keys, TomlValue value)
    {
        if (keys.Count == 0) throw new ArgumentException("empty key path", nameof(keys));
        string formatted = TomlWriter.FormatValue(value);
        string newText;
        var existing = GetValue(keys);
        if (existing is not null)
        {
            if (existing is TomlTable { IsInline: false } or TomlArray { IsArrayOfTables: true })
                throw new InvalidOperationException($"{SourceName}: `{JoinPath(keys)}` is a table section; set its keys one by one");
            newText = string.Concat(Text.AsSpan(0, existing.Span.Start), formatted, Text.AsSpan(existing.Span.End));
        }
        else
            newText = Insert(keys, formatted);
        var root = TomlReader.Parse(newText, SourceName);
        Text = newText;
        Root = root;
    }

    string Insert(IReadOnlyList<string> keys, string formatted)
    {
        // The deepest table on the path that has a section of its own (a header, or the root) receives the line,
        // with the rest of the path as a dotted key. When the parent table does not exist at all, a new
        // [parent] section is appended at the end of the file.
        TomlTable owner = Root, table = Root;
        int ownerDepth = 0;
        for (int i = 0; i < keys.Count - 1; i++)
        {
            if (!table.TryGetValue(keys[i], out var child))
            {
                var section = new StringBuilder();
                if (Text.Length > 0 && !Text.EndsWith('\n')) section.Append(NewLine);
                if (Text.Length > 0) section.Append(NewLine);
                section.Append('[').Append(JoinPath(keys.Take(keys.Count - 1))).Append(']').Append(NewLine);
                section.Append(TomlWriter.FormatKey(keys[^1])).Append(" = ").Append(formatted).Append(NewLine);
                return Text + section;
            }
            if (child is TomlArray { IsArrayOfTables: true } array) child = array[^1];
            if (child is not TomlTable next)
                throw new InvalidOperationException($"{SourceName}: `{JoinPath(keys.Take(i + 1))}` is a {child.TypeName}, not a table");
            if (next.IsInline)
            {
                // An inline table is one line without comments: rewrite it whole with the key added.
                var copy = (TomlTable)Clone(next);
                var inner = copy;
                for (int j = i + 1; j < keys.Count - 1; j++)
                {
                    if (!inner.TryGetValue(keys[j], out var grandchild))
                    {
                        grandchild = new TomlTable { IsInline = true };
                        inner.Add(keys[j], grandchild);
                    }
                    inner = grandchild as TomlTable ?? throw new InvalidOperationException(
                        $"{SourceName}: `{JoinPath(keys.Take(j + 1))}` is a {grandchild.TypeName}, not a table");
                }
                inner.Add(keys[^1], TomlReader.Parse("v = " + formatted, "<value>")["v"]);
                return string.Concat(Text.AsSpan(0, next.Span.Start), TomlWriter.FormatValue(copy), Text.AsSpan(next.Span.End));
            }
            table = next;
            if (next.InsertOffset >= 0) { owner = next; ownerDepth = i + 1; }
        }
        var line = new StringBuilder();
        int offset = owner.InsertOffset;
        if (offset > 0 && Text[offset - 1] != '\n') line.Append(NewLine);
        line.Append(JoinPath(keys.Skip(ownerDepth))).Append(" = ").Append(formatted).Append(NewLine);
        return Text.Insert(offset, line.ToString());
    }

    static TomlValue Clone(TomlValue value)
    {
        switch (value)
        {
            case TomlTable table:
                var tableCopy = new TomlTable { IsInline = table.IsInline };
                foreach (var (key, child) in table) tableCopy.Add(key, Clone(child));
                return tableCopy;
            case TomlArray array:
                var arrayCopy = new TomlArray(array.Select(Clone));
                arrayCopy.IsArrayOfTables = array.IsArrayOfTables;
                return arrayCopy;
            default:
                return value;   // scalars are immutable
        }
    }

    string NewLine => Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <summary>Writes the text to a temporary file beside <paramref name="path"/>, then renames it over the
    /// target, so a crash never leaves a half-written file.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    static string JoinPath(IEnumerable<string> keys) => string.Join('.', keys.Select(TomlWriter.FormatKey));

    /// <summary>Splits <c>a."b.c".d</c> into its keys using the TOML key grammar.</summary>
    public static IReadOnlyList<string> SplitPath(string path)
    {
        var probe = TomlReader.Parse(path + " = 0", "<key path>");
        var keys = new List<string>();
        TomlValue node = probe;
        while (node is TomlTable table && table.Count == 1)
        {
            keys.Add(table.Keys[0]);
            node = table[table.Keys[0]];
        }
        return keys;
    }
}
