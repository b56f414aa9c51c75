using LiveAmp.Engine.Chain;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Presets;

/// <summary>A preset file found in one of the library's folders. <see cref="Key"/> (the file name without
/// <c>.toml</c>) identifies it; a user preset shadows a shipped one with the same key.</summary>
public sealed record PresetEntry(string Key, string FilePath, bool IsUser);

/// <summary>The presets a user can pick: the user's folder first (<c>$XDG_CONFIG_HOME/liveamp/presets</c>,
/// <c>~/.config/liveamp/presets</c>, or <c>%APPDATA%\LiveAmp\presets</c> on Windows), then the shipped
/// <c>presets/</c> folder. Edits are always saved to the user's folder, so shipped files are never changed.</summary>
public sealed class PresetLibrary(string userFolder, string? shippedFolder)
{
    public string UserFolder { get; } = Path.GetFullPath(userFolder);
    public string? ShippedFolder { get; } = shippedFolder is null ? null : Path.GetFullPath(shippedFolder);

    /// <summary>The user's folder from the environment and the shipped folder found above the executable.</summary>
    public static PresetLibrary Default() => new(DefaultUserFolder(), FindShippedFolder(AppContext.BaseDirectory));

    public static string DefaultUserFolder()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "LiveAmp", "presets");
        string? config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        // The XDG spec says a relative value is to be ignored.
        if (string.IsNullOrEmpty(config) || !Path.IsPathRooted(config))
            config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "liveamp", "presets");
    }

    /// <summary>The first <c>presets</c> folder in <paramref name="startDirectory"/> or above it (the executable
    /// sits in bin/…/ of a checkout, or beside presets/ in a release), or null.</summary>
    public static string? FindShippedFolder(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "presets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Every preset, user presets first, each group sorted by key; shadowed shipped presets are left out.</summary>
    public IReadOnlyList<PresetEntry> List()
    {
        var user = Scan(UserFolder, isUser: true);
        var userKeys = user.Select(e => e.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var shipped = ShippedFolder is null || SamePath(ShippedFolder, UserFolder) ? [] : Scan(ShippedFolder, isUser: false);
        return [.. user, .. shipped.Where(e => !userKeys.Contains(e.Key))];
    }

    static List<PresetEntry> Scan(string folder, bool isUser) =>
        !Directory.Exists(folder) ? [] :
        Directory.EnumerateFiles(folder, "*.toml")
            .Select(path => new PresetEntry(Path.GetFileNameWithoutExtension(path), Path.GetFullPath(path), isUser))
            .OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Finds a preset by file path (anything with a folder separator or ending in .toml that exists),
    /// by key (file name without .toml), or by its display name; user presets win.</summary>
    public PresetEntry Find(string nameOrPath)
    {
        bool looksLikePath = nameOrPath.Contains('/') || nameOrPath.Contains(Path.DirectorySeparatorChar)
            || nameOrPath.EndsWith(".toml", StringComparison.OrdinalIgnoreCase);
        if (looksLikePath && File.Exists(nameOrPath))
        {
            string full = Path.GetFullPath(nameOrPath);
            return new PresetEntry(Path.GetFileNameWithoutExtension(full), full, IsInside(full, UserFolder));
        }
        var entries = List();
        var byKey = entries.FirstOrDefault(e => string.Equals(e.Key, nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (byKey is not null) return byKey;
        foreach (var entry in entries)
        {
            var (preset, _) = PresetReader.Check(entry.FilePath);
            if (preset is not null && string.Equals(preset.Name, nameOrPath, StringComparison.OrdinalIgnoreCase)) return entry;
        }
        if (looksLikePath) throw new LiveAmpException($"preset file not found: {Path.GetFullPath(nameOrPath)}");
        string? near = PresetSchema.Suggest(nameOrPath, entries.Select(e => e.Key));
        throw new LiveAmpException(entries.Count == 0
            ? $"no preset named `{nameOrPath}`: no presets found in {UserFolder}{(ShippedFolder is null ? "" : $" or {ShippedFolder}")}"
            : $"no preset named `{nameOrPath}`{(near is null ? "" : $"; did you mean `{near}`?")} (available: {string.Join(", ", entries.Select(e => e.Key))})");
    }

    /// <summary>Every listed preset with every problem found in it (empty when it is valid): for <c>presets check</c>.</summary>
    public IReadOnlyList<(PresetEntry Entry, IReadOnlyList<PresetError> Errors)> CheckAll() =>
        List().Select(entry => (entry, PresetReader.Check(entry.FilePath).Errors)).ToArray();

    /// <summary>Finds and reads a preset; throws <see cref="PresetException"/> listing every problem in it.</summary>
    public Preset Load(string nameOrPath) => PresetReader.Load(Find(nameOrPath).FilePath);

    /// <summary>Saves a knob's value into the preset (see <see cref="SetValue"/>).</summary>
    public string SaveKnob(string nameOrPath, Knob knob, float value) =>
        // Through the shortest round-trip text, so 0.1f is saved as 0.1 rather than 0.10000000149011612.
        SetValue(nameOrPath, PresetSchema.FieldOf(knob).Path,
            double.Parse(value.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Writes one value of a preset (e.g. <c>amp.drive</c>) into the user's copy of it, keeping its comments
    /// and layout. A shipped preset is first copied to the user's folder, with its relative file paths rewritten so
    /// that they still point at the shipped files. The value is checked against the schema before anything is
    /// written, and the file is replaced atomically. Returns the path written.</summary>
    public string SetValue(string nameOrPath, string keyPath, TomlValue value)
    {
        var entry = Find(nameOrPath);
        var document = TomlDocument.Load(entry.FilePath);
        string source = Path.GetDirectoryName(entry.FilePath)!;
        string target = entry.IsUser ? entry.FilePath : Path.Combine(UserFolder, Path.GetFileName(entry.FilePath));
        if (!entry.IsUser)
            foreach (var field in PresetSchema.Fields.Where(f => f.Kind == PresetFieldKind.FilePath))
                if (document.GetValue(field.Path) is TomlString path && !Path.IsPathRooted(path.Value) && !path.Value.StartsWith('~'))
                    document.SetValue(field.Path, PresetReader.ResolvePath(path.Value, source));

        document.SetValue(keyPath, value);
        var (_, errors) = PresetReader.Read(document, entry.FilePath, Path.GetDirectoryName(target)!, entry.Key);
        var own = errors.Where(e => e.Key == keyPath).ToArray();
        if (own.Length > 0) throw new PresetException(own);
        document.Save(target);
        return target;
    }

    /// <summary>Saves a new preset (or replaces one) in the user's folder as <c>key.toml</c>, atomically; the chain's
    /// files are referenced relative to that folder when they are inside it. Returns the path written.</summary>
    public string SaveAs(string key, Preset preset)
    {
        if (key.Length == 0 || key.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || key.Contains('/') || key.Contains('\\'))
            throw new LiveAmpException($"`{key}` cannot be a preset file name: use letters, digits, `-` and `_`");
        string target = Path.Combine(UserFolder, key + ".toml");
        var document = TomlDocument.Parse(PresetWriter.Write(preset, UserFolder), target);
        var (_, errors) = PresetReader.Read(document, target, UserFolder, key);
        if (errors.Count > 0) throw new PresetException(errors);
        document.Save(target);
        return target;
    }

    static bool IsInside(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, PathComparison);

    static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), PathComparison);

    static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}
