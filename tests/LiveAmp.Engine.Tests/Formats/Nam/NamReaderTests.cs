using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.Tests.Formats.Nam;

/// <summary>What the reader makes of good files: metadata and model info.</summary>
public sealed class NamReaderTests
{
    [Fact]
    public void Metadata_IsRead()
    {
        var m = NamReader.Read(SharedData.File("models", "wavenet.nam"), ModelOptions.Default).Metadata;
        Assert.Equal("0.5.4", m.FormatVersion);
        Assert.Equal(48000, m.SampleRate);
        Assert.Equal(-20.020729064941406, m.Loudness);
        Assert.Equal(0.19575619747898518, m.Gain);
        Assert.Equal(18.3, m.InputLevelDbu);
        Assert.Equal(12.3, m.OutputLevelDbu);
        Assert.Equal("Test Model", m.Name);
        Assert.Equal("Steve", m.ModeledBy);
        Assert.Equal("Darkglass Electronics", m.GearMake);
        Assert.Equal("Microtubes 900 v2", m.GearModel);
        Assert.Equal("amp", m.GearType);
        Assert.Equal("clean", m.ToneType);
        Assert.Equal(0.13345033695550146, m.ValidationEsr);
        Assert.Equal("2024-10-09 18:32:27", m.Date);
    }

    [Fact]
    public void NoMetadata_NoSampleRate_AreUnknown()
    {
        var m = NamReader.Read(SharedData.File("models", "wavenet_a1_standard.nam"), ModelOptions.Default).Metadata;
        Assert.Equal("0.5.0", m.FormatVersion);
        Assert.Null(m.SampleRate);
        Assert.Null(m.Loudness);
        Assert.Null(m.Name);
    }

    [Fact]
    public void NullSampleRate_IsUnknown_AndPartialNewerPatchLoads()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedData.File("models", "wavenet.nam")))!.AsObject();
        root["sample_rate"] = null;
        root["version"] = "0.7.3";
        root["metadata"]!["loudness"] = null;
        var m = NamReader.ReadJson(root.ToJsonString(), "x.nam", ModelOptions.Default).Metadata;
        Assert.Null(m.SampleRate);
        Assert.Null(m.Loudness);
        Assert.Equal("0.7.3", m.FormatVersion);
    }

    [Theory]
    [InlineData("wavenet_a1_standard.nam", "WaveNet", 13_802, 4_092, 4_093)]
    [InlineData("wavenet.nam", "WaveNet", 131, 22, 23)]
    [InlineData("zoo/wavenet_nano.nam", "WaveNet", 842, 4_092, 4_093)]
    [InlineData("zoo/wavenet_condsize2.nam", "WaveNet", 1_548, 602, 603)]
    [InlineData("zoo/wavenet_k5_noheadbias.nam", "WaveNet", 2_111, 1_080, 1_081)]
    [InlineData("zoo/convnet_tanh_bn.nam", "ConvNet", -1, 15, 16)]
    [InlineData("zoo/linear_rf32_bias.nam", "Linear", 33, 31, 0)]
    public void Info_DescribesTheModel(string file, string architecture, long parameters, int receptiveField, int prewarm)
    {
        var info = NamReader.Read(SharedData.File(["models", .. file.Split('/')]), ModelOptions.Default).Info;
        Assert.Equal(architecture, info.Architecture);
        if (parameters >= 0) Assert.Equal(parameters, info.ParameterCount);
        Assert.Equal(receptiveField, info.ReceptiveFieldFrames);
        Assert.Equal(prewarm, info.PrewarmFrames);
        Assert.True(info.MacsPerSample > 0);
        Assert.False(string.IsNullOrWhiteSpace(info.Description));
    }

    [Fact]
    public void A1Standard_MacsAndDescription()
    {
        var info = NamReader.Read(SharedData.File("models", "wavenet_a1_standard.nam"), ModelOptions.Default).Info;
        // Array 0: 1·16 + 10·(16·16·3 + 16 + 16·16) + 16·8; array 1: 16·8 + 10·(8·8·3 + 8 + 8·8) + 8·1.
        Assert.Equal(16 + 10 * (768 + 16 + 256) + 128 + 128 + 10 * (192 + 8 + 64) + 8, info.MacsPerSample);
        Assert.Equal("2 arrays, 16/8 channels, K 3, Tanh", info.Description);
    }
}
