using System.Text.Json.Nodes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Diagnostics;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.Tests.Formats.Nam;

/// <summary>Each malformed .nam fails with the file name, the JSON path and the numbers involved.</summary>
public sealed class NamBadInputTests
{
    const string Source = "bad.nam";

    static JsonObject WaveNet() => JsonNode.Parse(File.ReadAllText(SharedData.File("models", "wavenet.nam")))!.AsObject();
    static JsonObject Zoo(string name) => JsonNode.Parse(File.ReadAllText(SharedData.File("models", "zoo", name + ".nam")))!.AsObject();
    static JsonObject Layer0(JsonObject root) => root["config"]!["layers"]![0]!.AsObject();

    static ModelFormatException Refused(JsonNode root) => Refused(root.ToJsonString());

    static ModelFormatException Refused(string json)
    {
        var e = Assert.Throws<ModelFormatException>(() => NamReader.ReadJson(json, Source, ModelOptions.Default));
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Source) + @"(\(\d+,\d+\))?: ", e.Message);   // file: place: … or file(line,col): …
        return e;
    }

    static void AssertAt(ModelFormatException e, string jsonPath, params string[] fragments)
    {
        Assert.Equal(jsonPath, e.Location.JsonPath);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void TruncatedJson_GivesLineAndColumn()
    {
        string text = File.ReadAllText(SharedData.File("models", "wavenet.nam"));
        var e = Refused(text[..(text.Length / 2)]);
        Assert.True(e.Location.Line > 0, e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void TooFewWeights_GivesBothCounts()
    {
        var root = WaveNet();
        root["weights"]!.AsArray().RemoveAt(0);
        AssertAt(Refused(root), "$.weights", "needs 131 weights", "has 130", "too few");
    }

    [Fact]
    public void TooManyWeights_GivesBothCounts()
    {
        var root = WaveNet();
        root["weights"]!.AsArray().Add(0.5);
        AssertAt(Refused(root), "$.weights", "needs 131 weights", "has 132", "too many");
    }

    [Fact]
    public void LinearWeightCount_GivesBothCounts()
    {
        var root = Zoo("linear_rf32_bias");
        root["weights"]!.AsArray().RemoveAt(3);
        AssertAt(Refused(root), "$.weights", "needs 33 weights", "has 32");
    }

    [Fact]
    public void ConvNetWeightCount_GivesBothCounts()
    {
        var root = Zoo("convnet_tanh_bn");
        int n = root["weights"]!.AsArray().Count;
        root["weights"]!.AsArray().Add(1);
        AssertAt(Refused(root), "$.weights", $"needs {n:N0} weights", $"has {n + 1:N0}");
    }

    [Fact]
    public void WeightOutsideFloatRange_IsNamedByIndex()
    {
        var root = WaveNet();
        root["weights"]![5] = JsonValue.Create(1e39);
        AssertAt(Refused(root), "$.weights[5]", "1E+39", "not a finite float32");
    }

    [Fact]
    public void NaNLiteral_IsNotJson()
    {
        string text = WaveNet().ToJsonString();
        int at = text.IndexOf("\"weights\":[", StringComparison.Ordinal) + 11;
        var e = Refused(text[..at] + "NaN," + text[at..]);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void NonNumericWeight_IsNamedByIndex()
    {
        var root = WaveNet();
        root["weights"]![2] = "0.5";
        AssertAt(Refused(root), "$.weights[2]", "expected a number", "\"0.5\"");
    }

    [Fact]
    public void UnknownArchitecture()
    {
        var root = WaveNet();
        root["architecture"] = "Transformer";
        AssertAt(Refused(root), "$.architecture", "unknown architecture", "Transformer");
    }

    [Fact]
    public void SlimmableContainer_IsRefusedByName()
    {
        var root = WaveNet();
        root["architecture"] = "SlimmableContainer";
        AssertAt(Refused(root), "$.architecture", "SlimmableContainer", "not supported");
    }

    [Fact]
    public void SlimmableWaveNet_IsRefusedByName()
    {
        var root = WaveNet();
        Layer0(root)["slimmable"] = new JsonObject { ["method"] = "slice_channels_uniform" };
        AssertAt(Refused(root), "$.config.layers[0].slimmable", "slimmable WaveNets", "not supported");
    }

    [Fact]
    public void UnknownActivation()
    {
        var root = WaveNet();
        Layer0(root)["activation"] = "Swish";
        AssertAt(Refused(root), "$.config.layers[0].activation", "unknown activation \"Swish\"", "LeakyReLU");
    }

    [Fact]
    public void UnknownActivationObject_PointsAtType()
    {
        var root = WaveNet();
        Layer0(root)["activation"] = new JsonObject { ["type"] = "Mish" };
        AssertAt(Refused(root), "$.config.layers[0].activation.type", "unknown activation \"Mish\"");
    }

    [Fact]
    public void UnknownGatingMode()
    {
        var root = WaveNet();
        Layer0(root)["gating_mode"] = "mixed";
        AssertAt(Refused(root), "$.config.layers[0].gating_mode", "unknown gating_mode \"mixed\"", "blended");
    }

    [Fact]
    public void BothKernelSizeForms_AreRefused()
    {
        var root = WaveNet();
        Layer0(root)["kernel_sizes"] = new JsonArray(3, 3);
        AssertAt(Refused(root), "$.config.layers[0].kernel_size", "either kernel_size or kernel_sizes");
    }

    [Fact]
    public void KernelSizesOfWrongLength()
    {
        var root = WaveNet();
        Layer0(root).Remove("kernel_size");
        Layer0(root)["kernel_sizes"] = new JsonArray(3, 3, 3);
        AssertAt(Refused(root), "$.config.layers[0].kernel_sizes", "expected 2 kernel sizes", "got 3");
    }

    [Fact]
    public void MissingField()
    {
        var root = WaveNet();
        Layer0(root).Remove("channels");
        AssertAt(Refused(root), "$.config.layers[0]", "missing required key \"channels\"");
    }

    [Fact]
    public void MissingWeights()
    {
        var root = WaveNet();
        root.Remove("weights");
        AssertAt(Refused(root), "$", "missing required key \"weights\"");
    }

    [Fact]
    public void MistypedField()
    {
        var root = WaveNet();
        Layer0(root)["channels"] = "3";
        AssertAt(Refused(root), "$.config.layers[0].channels", "expected an integer", "\"3\"");
    }

    [Fact]
    public void MistypedBool()
    {
        var root = Zoo("convnet_tanh_bn");
        root["config"]!["batchnorm"] = 1;
        AssertAt(Refused(root), "$.config.batchnorm", "expected true or false", "1");
    }

    [Fact]
    public void ZeroChannels()
    {
        var root = WaveNet();
        Layer0(root)["channels"] = 0;
        AssertAt(Refused(root), "$.config.layers[0].channels", "must be in [1, 4,096]", "got 0");
    }

    [Fact]
    public void NegativeDilation()
    {
        var root = WaveNet();
        Layer0(root)["dilations"] = new JsonArray(1, -2);
        AssertAt(Refused(root), "$.config.layers[0].dilations[1]", "must be in [1,", "got -2");
    }

    [Fact]
    public void ConfigImplyingTooManyWeights_IsRefusedBeforeAllocating()
    {
        var root = WaveNet();
        var layer = Layer0(root);
        layer["channels"] = 4096;
        layer["dilations"] = new JsonArray(Enumerable.Repeat(1, 10).Select(d => (JsonNode)d).ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refused(root);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocated more than 16 MB before refusing");
        AssertAt(e, "$.config.layers[0]", "more than 100,000,000 weights");
    }

    [Fact]
    public void HugeReceptiveField_IsRefused()
    {
        var root = WaveNet();
        Layer0(root)["kernel_size"] = 1000;
        Layer0(root)["dilations"] = new JsonArray(1_000_000, 1_000_000);
        AssertAt(Refused(root), "$.config.layers[0]", "receptive field of 1,998,000,000 frames");
    }

    [Fact]
    public void AbsurdLinearLength_IsRefused()
    {
        var root = Zoo("linear_rf32_bias");
        root["config"]!["receptive_field"] = 100_000_000;
        AssertAt(Refused(root), "$.config.receptive_field", "must be in [1, 65,536]", "got 100,000,000");
    }

    [Fact]
    public void ZeroLinearLength_IsRefused()
    {
        var root = Zoo("linear_rf32_bias");
        root["config"]!["receptive_field"] = 0;
        AssertAt(Refused(root), "$.config.receptive_field", "got 0");
    }

    [Fact]
    public void ConditionSizeWithoutConditionDsp_IsRefused()
    {
        var root = WaveNet();
        Layer0(root)["condition_size"] = 2;
        AssertAt(Refused(root), "$.config.layers[0].condition_size", "condition_size 2 needs a condition_dsp");
    }

    [Fact]
    public void InputSizeMismatch_NamesBothArrays()
    {
        var root = WaveNet();
        root["config"]!["layers"]![1]!["input_size"] = 5;
        AssertAt(Refused(root), "$.config.layers[1].input_size", "expected 3 (channels of layer array 0)", "got 5");
    }

    [Theory]
    [InlineData("0.5", "MAJOR.MINOR.PATCH")]
    [InlineData("0.4.0", "older than 0.5.0")]
    [InlineData("0.8.0", "newer than this reader knows")]
    [InlineData("1.0.0", "newer than this reader knows")]
    public void BadVersion(string version, string fragment)
    {
        var root = WaveNet();
        root["version"] = version;
        AssertAt(Refused(root), "$.version", fragment, version);
    }

    [Fact]
    public void NegativeSampleRate()
    {
        var root = WaveNet();
        root["sample_rate"] = -48000;
        AssertAt(Refused(root), "$.sample_rate", "expected a sample rate", "-48000");
    }

    [Fact]
    public void PReluSlopesOfWrongWidth()
    {
        var root = WaveNet();
        Layer0(root)["activation"] = new JsonObject { ["type"] = "PReLU", ["negative_slopes"] = new JsonArray(0.1, 0.2) };
        AssertAt(Refused(root), "$.config.layers[0].activation", "PReLU has 2 slopes", "3 channels");
    }

    [Fact]
    public void MissingFile_NamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "liveamp-no-such-model.nam");
        var e = Assert.Throws<ModelFormatException>(() => NamReader.Read(path, ModelOptions.Default));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void LstmGoesToTheLstmReader()
    {
        // Whatever the LSTM reader does with it, the container reader must hand it over, not refuse the architecture.
        string json = File.ReadAllText(SharedData.File("models", "lstm.nam"));
        try { NamReader.ReadJson(json, Source, ModelOptions.Default); }
        catch (ModelFormatException e) { Assert.DoesNotContain("unknown architecture", e.Message); }
    }
}
