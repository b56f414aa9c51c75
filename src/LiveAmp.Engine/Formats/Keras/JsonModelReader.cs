using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.GuitarMl;
using LiveAmp.Engine.Formats.Json;

namespace LiveAmp.Engine.Formats.Keras;

/// <summary>Loads a JSON model, telling the two families apart by content: keras/RTNeural/AIDA-X files have
/// <c>layers</c>; GuitarML/Wright files have <c>model_data</c> and <c>state_dict</c>. Loader thread; anything
/// unusable is a <see cref="ModelFormatException"/> naming the file and the JSON path.</summary>
public static class JsonModelReader
{
    public static IAmpModel Read(string path, ModelOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, SourceLocation.Unknown, $"cannot be read: {e.Message}", e);
        }
        return Read(bytes, path, options);
    }

    /// <summary>The same from bytes already in memory; <paramref name="sourceName"/> is used in messages.</summary>
    public static IAmpModel Read(ReadOnlyMemory<byte> utf8, string sourceName, ModelOptions options)
    {
        using var document = JsonField.ParseDocument(utf8, sourceName);
        var root = JsonField.Root(document, sourceName).RequireObject();
        if (root.Has("layers")) return KerasModelReader.Read(root, options);
        if (root.Has("model_data") && root.Has("state_dict")) return GuitarMlReader.Read(root, options);
        throw root.Error("not a model this program knows: expected \"layers\" (keras/RTNeural/AIDA-X) or \"model_data\" and \"state_dict\" (GuitarML).");
    }
}
