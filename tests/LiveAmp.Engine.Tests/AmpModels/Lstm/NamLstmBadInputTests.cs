using System.Text;
using System.Text.Json.Nodes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.Lstm;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Json;

namespace LiveAmp.Engine.Tests.AmpModels.Lstm;

/// <summary>Refusals of the LSTM part of a .nam: each names the file, the JSON path and the numbers.</summary>
public sealed class NamLstmBadInputTests
{
    const string Name = "bad.nam";

    static JsonObject Lstm1x16() => JsonNode.Parse(File.ReadAllText(SharedData.File("models", "zoo", "lstm_1x16.nam")))!.AsObject();

    static ModelFormatException Refused(JsonNode root)
    {
        var e = Assert.Throws<ModelFormatException>(() => NamTestFile.LoadText(Encoding.UTF8.GetBytes(root.ToJsonString()), Name));
        Assert.Equal(Name, e.SourceName);
        return e;
    }

    [Fact]
    public void TooFewWeights_NamesBothCounts()
    {
        var root = Lstm1x16();
        root["weights"]!.AsArray().RemoveAt(100);
        var e = Refused(root);
        Assert.Equal("$.config", e.Location.JsonPath);
        Assert.Contains("needs 1,201 weights but the file has 1,200", e.Message);
    }

    [Fact]
    public void TooManyWeights_NamesBothCounts()
    {
        var root = Lstm1x16();
        root["weights"]!.AsArray().Add(0.5);
        Assert.Contains("needs 1,201 weights but the file has 1,202", Refused(root).Message);
    }

    [Fact]
    public void NonFiniteWeight_NamesItsIndex()
    {
        var weights = new float[1201];
        weights[70] = float.NaN;
        using var document = System.Text.Json.JsonDocument.Parse("{\"input_size\": 1, \"hidden_size\": 16, \"num_layers\": 1}");
        var config = new JsonField(document.RootElement, Name, "$.config");
        var e = Assert.Throws<ModelFormatException>(() =>
            NamLstmReader.Read(config, new WeightReader(weights, Name), ModelMetadata.Empty, ModelOptions.Default));
        Assert.Equal("$.weights[70]", e.Location.JsonPath);
        Assert.Contains("weight 70 is NaN", e.Message);
        Assert.Contains("layer 0 weights [64][17]", e.Message);
    }

    [Fact]
    public void MissingHiddenSize_IsNamed()
    {
        var root = Lstm1x16();
        root["config"]!.AsObject().Remove("hidden_size");
        var e = Refused(root);
        Assert.Equal("$.config", e.Location.JsonPath);
        Assert.Contains("missing required key \"hidden_size\"", e.Message);
    }

    [Fact]
    public void MistypedLayerCount_IsNamed()
    {
        var root = Lstm1x16();
        root["config"]!["num_layers"] = "1";
        var e = Refused(root);
        Assert.Equal("$.config.num_layers", e.Location.JsonPath);
        Assert.Contains("expected an integer, got \"1\"", e.Message);
    }

    [Fact]
    public void AbsurdHiddenSize_IsRefusedBeforeAllocating()
    {
        var root = Lstm1x16();
        root["config"]!["hidden_size"] = 100_000;
        var e = Refused(root);
        Assert.Equal("$.config", e.Location.JsonPath);
        Assert.Contains("needs 40,001,100,001 weights, more than the 100,000,000 allowed", e.Message);
    }

    [Fact]
    public void StereoOutput_IsRefused()
    {
        var root = Lstm1x16();
        root["config"]!["out_channels"] = 2;
        root["weights"]!.AsArray().Add(0.1);
        for (int i = 0; i < 16; i++) root["weights"]!.AsArray().Add(0.1);
        var e = Refused(root);
        Assert.Equal("$.config.out_channels", e.Location.JsonPath);
        Assert.Contains("out_channels 2", e.Message);
    }

    [Fact]
    public void Info_DescribesTheModel()
    {
        var model = NamTestFile.Load(SharedData.File("models", "zoo", "lstm_2x8.nam"));
        Assert.Equal("LSTM", model.Info.Architecture);
        Assert.Equal(905, model.Info.ParameterCount);
        Assert.Equal(4 * 8 * 9 + 4 * 8 * 16 + 8, model.Info.MacsPerSample);
        Assert.Null(model.Info.ReceptiveFieldFrames);
        Assert.Equal(24_000, model.Info.PrewarmFrames);
        Assert.Equal(1, NamLstm.PrewarmFramesFor(null));
    }
}
