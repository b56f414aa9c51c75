using LiveAmp.Engine.Formats.Json;

namespace LiveAmp.Engine.AmpModels.Lstm;

/// <summary>Builds NAM's "LSTM" architecture (model-formats.md §2.3) from a .nam config and weight cursor.
/// PLACEHOLDER signature agreed between the .nam container reader and the recurrent models; replaced before landing.</summary>
public static class NamLstmReader
{
    public static IAmpModel Read(JsonField config, WeightReader weights, ModelMetadata metadata, ModelOptions options) =>
        throw config.Error("LSTM is not built yet");
}
