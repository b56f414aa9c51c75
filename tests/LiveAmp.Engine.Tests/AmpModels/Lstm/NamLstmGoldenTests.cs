using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Tests.Layers.Recurrent;

namespace LiveAmp.Engine.Tests.AmpModels.Lstm;

/// <summary>NAM Core's renders of the LSTM files (golden/README.md §3, §4), reproduced to 2e-5·max(1, max|y|)
/// whatever the block size.</summary>
public sealed class NamLstmGoldenTests
{
    const double Tolerance = 2e-5;

    public static TheoryData<string, int> Zoo()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "lstm_1x8", "lstm_1x16", "lstm_1x24", "lstm_2x8" })
            foreach (int block in GoldenRun.BlockSizes) data.Add(name, block);
        return data;
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void Zoo_MatchesCore(string name, int blockSize)
    {
        var model = NamTestFile.Load(SharedData.File("models", "zoo", name + ".nam"));
        var input = GoldenRun.ReadWav("golden", "input.wav");
        var expected = GoldenRun.ReadWav("golden", "zoo", name + ".wav");
        GoldenRun.AssertClose(expected, GoldenRun.Render(model, input, blockSize), Tolerance, $"{name} block {blockSize}");
    }

    [Theory]
    [InlineData("lstm_1x8")]
    [InlineData("lstm_1x16")]
    [InlineData("lstm_1x24")]
    [InlineData("lstm_2x8")]
    public void Zoo_GuitarHot_MatchesCore(string name)
    {
        var model = NamTestFile.Load(SharedData.File("models", "zoo", name + ".nam"));
        var expected = GoldenRun.ReadWav("golden", "zoo", name + ".guitar_hot.wav");
        var input = GoldenRun.ReadWav("golden", "guitar_hot", "input.wav");
        GoldenRun.AssertClose(expected, GoldenRun.Render(model, input, 64, expected.Length), Tolerance, name + " guitar_hot");
    }

    [Theory]
    [InlineData("lstm_1x8", 1)]
    [InlineData("lstm_1x16", 17)]
    [InlineData("lstm_1x24", 64)]
    [InlineData("lstm_2x8", -1)]
    public void Zoo_NoPrewarm_StartsFromFileState(string name, int blockSize)
    {
        var model = NamTestFile.Load(SharedData.File("models", "zoo", name + ".nam"), new ModelOptions { Prewarm = false });
        var expected = GoldenRun.ReadWav("golden", "zoo", name + ".noprewarm.wav");
        var input = GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(expected, GoldenRun.Render(model, input, blockSize, expected.Length), Tolerance, name + " noprewarm");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(512)]
    [InlineData(-1)]
    public void CoreExample_MatchesCore(int blockSize)
    {
        var model = NamTestFile.Load(SharedData.File("models", "lstm.nam"));
        var input = GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(GoldenRun.ReadWav("golden", "lstm.wav"), GoldenRun.Render(model, input, blockSize), Tolerance, "lstm.nam");
    }

    [Theory]
    [InlineData("guitar")]
    [InlineData("guitar_hot")]
    public void CoreExample_Guitar_MatchesCore(string folder)
    {
        var model = NamTestFile.Load(SharedData.File("models", "lstm.nam"));
        var input = GoldenRun.ReadWav("golden", folder, "input.wav");
        GoldenRun.AssertClose(GoldenRun.ReadWav("golden", folder, "lstm.wav"), GoldenRun.Render(model, input, 64), Tolerance, "lstm.nam " + folder);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(-1)]
    public void CoreExample_FastTanh_MatchesCoreFastMode(int blockSize)
    {
        var model = NamTestFile.Load(SharedData.File("models", "lstm.nam"), new ModelOptions { Tanh = TanhMode.Fast });
        var input = GoldenRun.ReadWav("golden", "input.wav");
        GoldenRun.AssertClose(GoldenRun.ReadWav("golden", "lstm.fasttanh.wav"), GoldenRun.Render(model, input, blockSize), Tolerance, "lstm.nam fast");
    }
}
