using System.Text;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.AmpModels.Keras;
using LiveAmp.Engine.AmpModels.Lstm;
using LiveAmp.Engine.Formats.Keras;
using LiveAmp.Engine.Tests.AmpModels.Lstm;
using LiveAmp.Engine.Tests.Formats.GuitarMl;
using LiveAmp.Engine.Tests.TestSupport;

namespace LiveAmp.Engine.Tests.Layers.Recurrent;

/// <summary>Real-time rules for every recurrent model type: no allocation after Prepare (Process and Reset), Reset returns to the
/// prepared state, and silence after playing never leaves subnormal numbers in the state.</summary>
public sealed class RecurrentRealtimeTests
{
    public static IAmpModel Load(string kind, TanhMode mode = TanhMode.Exact)
    {
        var options = new ModelOptions { Tanh = mode };
        return kind switch
        {
            "nam-lstm" => NamTestFile.Load(SharedData.File("models", "zoo", "lstm_2x8.nam"), options),
            "keras-lstm" => JsonModelReader.Read(SharedData.File("models", "json", "rtneural_lstm.json"), options),
            "keras-gru" => JsonModelReader.Read(SharedData.File("models", "json", "rtneural_full_model.json"), options),
            "guitarml" => JsonModelReader.Read(Encoding.UTF8.GetBytes(new GuitarMlFixture("LSTM", 16, 1, true, 3).Json()), "tone.json", options),
            "guitarml-gru" => JsonModelReader.Read(Encoding.UTF8.GetBytes(new GuitarMlFixture("GRU", 16, 1, true, 3).Json()), "tone.json", options),
            _ => throw new ArgumentException(kind),
        };
    }

    [Theory]
    [InlineData("nam-lstm", TanhMode.Exact)]
    [InlineData("nam-lstm", TanhMode.Fast)]
    [InlineData("keras-lstm", TanhMode.Exact)]
    [InlineData("keras-gru", TanhMode.Exact)]
    [InlineData("guitarml", TanhMode.Fast)]
    [InlineData("guitarml-gru", TanhMode.Exact)]
    public void Process_AllocatesNothing(string kind, TanhMode mode)
    {
        var model = Load(kind, mode);
        model.Prepare(48000, 64);
        var block = new float[64];
        var signal = GuitarMlReaderTests.TestSignal(64 * 4);
        int count = 0;
        long allocated = Signals.AllocatedBytes(() =>
        {
            signal.AsSpan(count % 4 * 64, 64).CopyTo(block);
            model.Process(block);
            if (++count % 250 == 0) model.Reset();
        });
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("nam-lstm")]
    [InlineData("keras-lstm")]
    [InlineData("keras-gru")]
    [InlineData("guitarml")]
    public void Reset_ReturnsToPreparedState(string kind)
    {
        var model = Load(kind);
        var signal = GuitarMlReaderTests.TestSignal(3000);
        model.Prepare(48000, 64);
        var first = signal.ToArray();
        model.Process(first);
        model.Process(signal.ToArray()); // move the state on
        model.Reset();
        var again = signal.ToArray();
        model.Process(again);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(TanhMode.Exact)]
    [InlineData(TanhMode.Fast)]
    public void SilenceAfterPlaying_LeavesNoSubnormalState(TanhMode mode)
    {
        // A bias-free GRU decays towards exactly 0 in silence: without flushing its state would go subnormal.
        var fixture = new GuitarMlFixture("GRU", 8, 1, false, 11).Json();
        string biasFree = System.Text.RegularExpressions.Regex.Replace(fixture, "\"(rec.bias_[ih]h_l0|lin.bias)\": \\[[^\\]]*\\]",
            m => m.Groups[1].Value == "lin.bias" ? "\"lin.bias\": [0]" : $"\"{m.Groups[1].Value}\": [{string.Join(", ", Enumerable.Repeat("0", 24))}]");
        var model = (LayerStackModel)JsonModelReader.Read(Encoding.UTF8.GetBytes(biasFree), "decay.json", new ModelOptions { Tanh = mode, Prewarm = false });
        model.Prepare(48000, 64);
        model.Process(GuitarMlReaderTests.TestSignal(4800));
        var silence = new float[64];
        var gru = ((KerasGruLayer)model.Layers[0]).Cell;
        for (int b = 0; b < 200_000 / 64; b++)
        {
            Array.Clear(silence);
            model.Process(silence);
            foreach (float v in gru.State)
                Assert.False(float.IsSubnormal(v), $"subnormal state {v:E} after {b * 64} samples of silence");
        }
        Assert.All(gru.State.ToArray(), v => Assert.Equal(0f, v)); // it did decay all the way
    }

    [Fact]
    public void NamLstmSilence_StateStaysNormal()
    {
        var model = (NamLstm)NamTestFile.Load(SharedData.File("models", "zoo", "lstm_1x8.nam"));
        model.Prepare(48000, 64);
        model.Process(GuitarMlReaderTests.TestSignal(4800));
        var silence = new float[64];
        for (int b = 0; b < 500; b++)
        {
            Array.Clear(silence);
            model.Process(silence);
        }
        foreach (var layer in model.Layers)
        {
            foreach (float v in layer.State) Assert.False(float.IsSubnormal(v));
            foreach (float v in layer.Cell) Assert.False(float.IsSubnormal(v));
        }
    }
}
