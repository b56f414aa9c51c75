using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Keras;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.AmpModels;

/// <summary>Loads any supported model file by its extension: <c>.nam</c> (NAM), <c>.json</c>/<c>.aidax</c>
/// (keras/RTNeural/AIDA-X or GuitarML, told apart by content). Loader thread; throws
/// <see cref="ModelFormatException"/> with the file and place for anything it cannot load.</summary>
public static class ModelLoader
{
    public static readonly string[] Extensions = [".nam", ".json", ".aidax"];

    public static IAmpModel Load(string path, ModelOptions? options = null)
    {
        options ??= ModelOptions.Default;
        if (!File.Exists(path))
            throw new ModelFormatException(path, SourceLocation.Unknown, "file not found.");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".nam" => NamReader.Read(path, options),
            ".json" or ".aidax" => JsonModelReader.Read(path, options),
            var other => throw new ModelFormatException(path, SourceLocation.Unknown,
                $"unknown model type \"{other}\"; expected a .nam (NAM) or .json/.aidax (keras, AIDA-X, GuitarML) file."),
        };
    }
}
