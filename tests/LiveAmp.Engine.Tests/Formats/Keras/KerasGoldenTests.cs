using System.Globalization;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Keras;
using LiveAmp.Engine.Tests.Layers.Recurrent;

namespace LiveAmp.Engine.Tests.Formats.Keras;

/// <summary>NeuralAudio's renders of RTNeural's keras files (golden/README.md §5) and RTNeural's own keras test
/// vectors, reproduced whatever the block size.</summary>
public sealed class KerasGoldenTests
{
    const double ExactTolerance = 1e-5, FastLstmTolerance = 2e-5;

    static readonly string[] Models = ["rtneural_lstm", "rtneural_lstm_1d", "rtneural_gru", "rtneural_gru_1d",
                                       "rtneural_full_model", "rtneural_conv", "rtneural_dense"];

    public static TheoryData<string, int> ModelsAndBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Models)
            foreach (int block in GoldenRun.BlockSizes) data.Add(name, block);
        return data;
    }

    /// <summary>rtneural_lstm_1d.wav is NeuralAudio's internal LSTM (NAM fast tanh); every other golden is exact.</summary>
    static (ModelOptions Options, double Tolerance) ModeFor(string golden) =>
        golden.StartsWith("rtneural_lstm_1d.", StringComparison.Ordinal) && !golden.Contains(".rtneural", StringComparison.Ordinal)
            ? (new ModelOptions { Tanh = TanhMode.Fast }, FastLstmTolerance)
            : (ModelOptions.Default, ExactTolerance);

    [Theory]
    [MemberData(nameof(ModelsAndBlocks))]
    public void Golden_MatchesNeuralAudio(string name, int blockSize)
    {
        var (options, tolerance) = ModeFor(name + ".wav");
        var model = JsonModelReader.Read(SharedData.File("models", "json", name + ".json"), options);
        var input = GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(GoldenRun.ReadWav("golden", "json", name + ".wav"), GoldenRun.Render(model, input, blockSize),
                              tolerance, $"{name} block {blockSize}");
    }

    [Theory]
    [InlineData("rtneural_lstm", "rtneural_lstm.guitar_hot")]
    [InlineData("rtneural_lstm_1d", "rtneural_lstm_1d.guitar_hot")]
    [InlineData("rtneural_lstm_1d", "rtneural_lstm_1d.rtneural")]
    [InlineData("rtneural_lstm_1d", "rtneural_lstm_1d.rtneural.guitar_hot")]
    [InlineData("rtneural_gru", "rtneural_gru.guitar_hot")]
    [InlineData("rtneural_gru_1d", "rtneural_gru_1d.guitar_hot")]
    [InlineData("rtneural_full_model", "rtneural_full_model.guitar_hot")]
    [InlineData("rtneural_conv", "rtneural_conv.guitar_hot")]
    [InlineData("rtneural_dense", "rtneural_dense.guitar_hot")]
    public void OtherGoldens_MatchNeuralAudio(string model, string golden)
    {
        var (options, tolerance) = ModeFor(golden + ".wav");
        var loaded = JsonModelReader.Read(SharedData.File("models", "json", model + ".json"), options);
        var expected = GoldenRun.ReadWav("golden", "json", golden + ".wav");
        var input = golden.EndsWith("guitar_hot", StringComparison.Ordinal) ? GoldenRun.ReadWav("golden", "guitar_hot", "input.wav") : GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(expected, GoldenRun.Render(loaded, input, 64, expected.Length), tolerance, golden);
    }

    [Theory]
    [InlineData("rtneural_lstm", "lstm")]
    [InlineData("rtneural_lstm_1d", "lstm_1d")]
    [InlineData("rtneural_gru", "gru")]
    [InlineData("rtneural_gru_1d", "gru_1d")]
    [InlineData("rtneural_conv", "conv")]
    [InlineData("rtneural_dense", "dense")]
    public void KerasTestVectors_MatchFromZeroState(string model, string vectors)
    {
        var loaded = JsonModelReader.Read(SharedData.File("models", "json", model + ".json"), new ModelOptions { Prewarm = false });
        var input = ReadCsv(vectors + "_x_python.csv");
        var expected = ReadCsv(vectors + "_y_python.csv");
        GoldenRun.AssertClose(expected, GoldenRun.Render(loaded, input, 7), ExactTolerance, vectors + " test vector");
    }

    static float[] ReadCsv(string name) =>
        File.ReadAllLines(SharedData.File("golden", "json", "rtneural_testvectors", name))
            .Where(line => line.Trim().Length > 0)
            .Select(line => float.Parse(line.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
}
