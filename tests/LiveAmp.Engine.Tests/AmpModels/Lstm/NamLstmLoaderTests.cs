using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Tests.Layers.Recurrent;

namespace LiveAmp.Engine.Tests.AmpModels.Lstm;

/// <summary>The LSTM through the real loaders (.nam container and JSON by extension), not the test helper.</summary>
public sealed class NamLstmLoaderTests
{
    [Theory]
    [InlineData("lstm.nam", "lstm.wav")]
    [InlineData("zoo/lstm_2x8.nam", "zoo/lstm_2x8.wav")]
    public void ModelLoader_Nam_MatchesCore(string model, string golden)
    {
        var loaded = ModelLoader.Load(SharedData.File(["models", .. model.Split('/')]));
        Assert.Equal("LSTM", loaded.Info.Architecture);
        Assert.Equal(24_000, loaded.Info.PrewarmFrames);
        var input = GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(GoldenRun.ReadWav(["golden", .. golden.Split('/')]), GoldenRun.Render(loaded, input, 64), 2e-5, model);
    }

    [Fact]
    public void ModelLoader_Json_MatchesNeuralAudio()
    {
        var loaded = ModelLoader.Load(SharedData.File("models", "json", "rtneural_gru_1d.json"));
        Assert.Equal("Keras GRU", loaded.Info.Architecture);
        var input = GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(GoldenRun.ReadWav("golden", "json", "rtneural_gru_1d.wav"), GoldenRun.Render(loaded, input, 64), 1e-5, "gru_1d");
    }
}
