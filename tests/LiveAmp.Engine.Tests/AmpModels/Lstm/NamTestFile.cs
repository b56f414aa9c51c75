using System.Text.Json;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.Lstm;
using LiveAmp.Engine.Formats.Json;

namespace LiveAmp.Engine.Tests.AmpModels.Lstm;

/// <summary>The least of a .nam container needed to hand an LSTM to <see cref="NamLstmReader"/> in tests
/// (the real container reader lives in Formats/Nam): config, weights (double → float) and sample_rate.</summary>
public static class NamTestFile
{
    public static IAmpModel Load(string path, ModelOptions? options = null) =>
        LoadText(File.ReadAllBytes(path), Path.GetFileName(path), options);

    public static IAmpModel LoadText(byte[] utf8, string name, ModelOptions? options = null)
    {
        using var document = JsonField.ParseDocument(utf8, name);
        var root = JsonField.Root(document, name);
        var weightsField = root.Get("weights");
        var weights = new float[weightsField.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)weightsField[i].GetDouble();
        var metadata = new ModelMetadata { SampleRate = root.FindDouble("sample_rate") };
        return NamLstmReader.Read(root.Get("config"), new WeightReader(weights, name), metadata, options ?? ModelOptions.Default);
    }

    public static byte[] Bytes(params string[] sharedParts) => File.ReadAllBytes(SharedData.File(sharedParts));
}
