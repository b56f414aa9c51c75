using System.Text;
using System.Text.Json.Nodes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Keras;

namespace LiveAmp.Engine.Tests.Formats.Keras;

/// <summary>Every refusal names the file, the JSON path (or line/column) and the numbers involved.</summary>
public sealed class KerasBadInputTests
{
    const string Name = "bad.json";

    static JsonObject Lstm1d() => JsonNode.Parse(File.ReadAllText(SharedData.File("models", "json", "rtneural_lstm_1d.json")))!.AsObject();

    static ModelFormatException Refused(JsonNode root) => Refused(Encoding.UTF8.GetBytes(root.ToJsonString()));

    static ModelFormatException Refused(byte[] bytes)
    {
        var e = Assert.Throws<ModelFormatException>(() => JsonModelReader.Read(bytes, Name, ModelOptions.Default));
        Assert.Equal(Name, e.SourceName);
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Name) + @"(\(\d+,\d+\))?: ", e.Message);   // file: place: … or file(line,col): …
        return e;
    }

    static void AssertAt(ModelFormatException e, string path, params string[] fragments)
    {
        Assert.Equal(path, e.Location.JsonPath);
        foreach (var fragment in fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void TruncatedJson_NamesLineAndColumn()
    {
        var bytes = File.ReadAllBytes(SharedData.File("models", "json", "rtneural_lstm_1d.json"));
        var e = Refused(bytes[..(bytes.Length / 2)]);
        Assert.True(e.Location.Line > 0, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void ShapeDisagreeingWithWeights_LikeRtNeuralsBadLstm_NamesBothCounts()
    {
        var root = Lstm1d();
        root["layers"]![0]!["shape"] = new JsonArray(null, null, 10); // weights are 8 units (32 wide)
        AssertAt(Refused(root), "$.layers[0].weights[0][0]", "lstm kernel", "expected 40 values", "got 32");
    }

    [Fact]
    public void WrongWeightTensorCount_NamesBothCounts()
    {
        var root = Lstm1d();
        root["layers"]![0]!["weights"]!.AsArray().RemoveAt(2);
        AssertAt(Refused(root), "$.layers[0].weights", "3 weight tensors", "got 2");
    }

    [Fact]
    public void WrongRowCount_NamesBothCounts()
    {
        var root = Lstm1d();
        root["layers"]![0]!["weights"]![1]!.AsArray().RemoveAt(7);
        AssertAt(Refused(root), "$.layers[0].weights[1]", "lstm recurrent kernel", "expected 8 rows", "got 7");
    }

    [Fact]
    public void DenseInputNotMatchingPreviousLayer_NamesBothCounts()
    {
        var root = Lstm1d();
        root["layers"]![1]!["weights"]![0]!.AsArray().RemoveAt(0);
        AssertAt(Refused(root), "$.layers[1].weights[0]", "dense kernel", "expected 8 rows", "got 7");
    }

    [Fact]
    public void WeightOutOfFloatRange_IsRefused()
    {
        var root = Lstm1d();
        root["layers"]![0]!["weights"]![2]![5] = 1e39;
        AssertAt(Refused(root), "$.layers[0].weights[2][5]", "lstm bias", "1E+39", "float32");
    }

    [Fact]
    public void InfiniteWeight_IsRefused()
    {
        string text = Lstm1d().ToJsonString();
        int at = text.IndexOf("\"weights\":[[[", StringComparison.Ordinal) + "\"weights\":[[[".Length;
        int end = text.IndexOfAny([',', ']'], at);
        var e = Refused(Encoding.UTF8.GetBytes(text[..at] + "1e400" + text[end..]));
        AssertAt(e, "$.layers[0].weights[0][0][0]", "1e400", "not a finite number");
    }

    [Fact]
    public void NaNLiteral_IsInvalidJson()
    {
        string text = Lstm1d().ToJsonString();
        int at = text.IndexOf("\"weights\":[[[", StringComparison.Ordinal) + "\"weights\":[[[".Length;
        var e = Refused(Encoding.UTF8.GetBytes(text[..at] + "NaN," + text[at..]));
        Assert.Equal(1, e.Location.Line);
        Assert.True(e.Location.Column > at, e.Message);
    }

    [Fact]
    public void UnknownLayerType_IsNamed()
    {
        var root = Lstm1d();
        root["layers"]![1]!["type"] = "conv2d";
        AssertAt(Refused(root), "$.layers[1].type", "unknown layer type \"conv2d\"");
    }

    [Fact]
    public void UnknownActivation_IsNamed()
    {
        var root = Lstm1d();
        root["layers"]![1]!["activation"] = "swish";
        AssertAt(Refused(root), "$.layers[1].activation", "unknown activation \"swish\"", "\"tanh\"");
    }

    [Fact]
    public void MissingShape_IsNamed()
    {
        var root = Lstm1d();
        root["layers"]![0]!.AsObject().Remove("shape");
        AssertAt(Refused(root), "$.layers[0]", "missing required key \"shape\"");
    }

    [Fact]
    public void MistypedShape_IsNamed()
    {
        var root = Lstm1d();
        root["layers"]![0]!["shape"] = "8";
        AssertAt(Refused(root), "$.layers[0].shape", "expected an output shape", "\"8\"");
    }

    [Fact]
    public void MistypedGain_IsNamed()
    {
        var root = Lstm1d();
        root["in_gain"] = "loud";
        AssertAt(Refused(root), "$.in_gain", "expected a finite number", "\"loud\"");
    }

    [Fact]
    public void SkipAboveOne_IsRefusedLikeAidaX()
    {
        var root = Lstm1d();
        root["in_skip"] = 2;
        AssertAt(Refused(root), "$.in_skip", "[0, 1]", "got 2");
    }

    [Fact]
    public void ConditionedInput_IsRefused()
    {
        var root = Lstm1d();
        root["in_shape"] = new JsonArray(null, null, 3);
        AssertAt(Refused(root), "$.in_shape[2]", "3 inputs");
    }

    [Fact]
    public void AbsurdWidth_IsRefusedBeforeAllocating()
    {
        var root = Lstm1d();
        root["layers"]![0]!["shape"] = new JsonArray(null, null, 2_000_000_000);
        AssertAt(Refused(root), "$.layers[0].shape[2]", "65,536", "2,000,000,000");
    }

    [Fact]
    public void AbsurdTensor_IsRefusedBeforeAllocating()
    {
        // conv1d K 4,096 from 1 to 65,536 channels: 268 million weights claimed by a file of a few bytes.
        var root = JsonNode.Parse("""
            {"in_shape": [null, null, 1], "layers": [
              {"type": "conv1d", "activation": "", "shape": [null, null, 65536], "kernel_size": [4096], "dilation": [1],
               "weights": [[[[0.5]]], [0.0]]}]}
            """)!;
        var e = Refused(root);
        AssertAt(e, "$.layers[0].weights[0]", "268,435,456", "100,000,000");
    }

    [Fact]
    public void NeitherFamily_IsNamed()
    {
        var e = Refused(Encoding.UTF8.GetBytes("{\"model\": 1}"));
        AssertAt(e, "$", "\"layers\"", "\"model_data\"");
    }

    [Fact]
    public void MissingFile_NamesThePath()
    {
        var e = Assert.Throws<ModelFormatException>(() => JsonModelReader.Read("/nonexistent/amp.json", ModelOptions.Default));
        Assert.Equal("/nonexistent/amp.json", e.SourceName);
    }
}
