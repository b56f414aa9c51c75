using System.Text;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Keras;
using LiveAmp.Engine.Tests.Layers.Recurrent;

namespace LiveAmp.Engine.Tests.Formats.GuitarMl;

/// <summary>GuitarML/Wright SimpleRNN files against a float64 PyTorch reference (there is no C++ golden:
/// NeuralAudio refuses the format, golden/README.md §7).</summary>
public sealed class GuitarMlReaderTests
{
    public static float[] TestSignal(int length)
    {
        var random = new Random(5);
        return Enumerable.Range(0, length).Select(t => (float)(0.6 * Math.Sin(t * 0.031) * Math.Sin(t * 0.0007) + 0.05 * (random.NextDouble() - 0.5))).ToArray();
    }

    [Theory]
    [InlineData("LSTM", 12, 1, true, 1)]
    [InlineData("LSTM", 8, 2, false, 17)]
    [InlineData("GRU", 12, 1, true, 64)]
    [InlineData("GRU", 5, 2, true, -1)]
    public void SimpleRnn_MatchesPyTorchReference(string unit, int hidden, int layers, bool skip, int blockSize)
    {
        var fixture = new GuitarMlFixture(unit, hidden, layers, skip, seed: hidden * 10 + layers);
        var model = JsonModelReader.Read(Encoding.UTF8.GetBytes(fixture.Json()), "tone.json", new ModelOptions { Prewarm = false });
        Assert.Equal("GuitarML " + unit, model.Info.Architecture);
        Assert.Null(model.Info.ReceptiveFieldFrames);
        var input = TestSignal(6000);
        GoldenRun.AssertClose(fixture.Reference(input), GoldenRun.Render(model, input, blockSize), 2e-6, $"GuitarML {unit} {hidden}×{layers}");
    }

    [Fact]
    public void SimpleRnn_ParameterCountAndMacs()
    {
        var fixture = new GuitarMlFixture("GRU", 12, 1, true, 1);
        var model = JsonModelReader.Read(Encoding.UTF8.GetBytes(fixture.Json()), "tone.json", ModelOptions.Default);
        // GRU: W_ih 36×1, W_hh 36×12, two biases of 36, lin 12 + 1.
        Assert.Equal(36 + 36 * 12 + 72 + 13, model.Info.ParameterCount);
        Assert.Equal(36 * 13 + 12, model.Info.MacsPerSample);
    }
}
