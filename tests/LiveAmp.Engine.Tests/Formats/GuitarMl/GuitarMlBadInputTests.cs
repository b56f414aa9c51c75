using System.Text;
using System.Text.Json.Nodes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Keras;

namespace LiveAmp.Engine.Tests.Formats.GuitarMl;

/// <summary>Refusals of GuitarML files: file name, JSON path and numbers.</summary>
public sealed class GuitarMlBadInputTests
{
    const string Name = "tone.json";

    static JsonObject Lstm() => JsonNode.Parse(new GuitarMlFixture("LSTM", 8, 1, true, 2).Json())!.AsObject();

    static ModelFormatException Refused(JsonNode root, string path, params string[] fragments)
    {
        var e = Assert.Throws<ModelFormatException>(() =>
            JsonModelReader.Read(Encoding.UTF8.GetBytes(root.ToJsonString()), Name, ModelOptions.Default));
        Assert.Equal(Name, e.SourceName);
        Assert.Equal(path, e.Location.JsonPath);
        foreach (var fragment in fragments) Assert.Contains(fragment, e.Message);
        return e;
    }

    [Fact]
    public void WrongTensorShape_NamesBothCounts()
    {
        var root = Lstm();
        root["model_data"]!["hidden_size"] = 10;
        Refused(root, "$.state_dict['rec.weight_ih_l0']".Replace("['rec.weight_ih_l0']", ".rec.weight_ih_l0"), "expected 40 rows", "got 32");
    }

    [Fact]
    public void MissingTensor_IsNamed()
    {
        var root = Lstm();
        root["state_dict"]!.AsObject().Remove("rec.bias_hh_l0");
        Refused(root, "$.state_dict", "missing required key \"rec.bias_hh_l0\"");
    }

    [Fact]
    public void UnknownUnit_IsNamed()
    {
        var root = Lstm();
        root["model_data"]!["unit_type"] = "RNN";
        Refused(root, "$.model_data.unit_type", "\"RNN\"", "\"LSTM\" or \"GRU\"");
    }

    [Fact]
    public void AbsurdHiddenSize_IsRefusedBeforeAllocating()
    {
        var root = Lstm();
        root["model_data"]!["hidden_size"] = 1_000_000;
        Refused(root, "$.model_data.hidden_size", "4,096", "1,000,000");
    }

    [Fact]
    public void MistypedSkip_IsNamed()
    {
        var root = Lstm();
        root["model_data"]!["skip"] = true;
        Refused(root, "$.model_data.skip", "expected an integer", "true");
    }
}
