using System.Text;
using System.Text.Json.Nodes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Keras;
using LiveAmp.Engine.Tests.Formats.GuitarMl;

namespace LiveAmp.Engine.Tests.Formats.Keras;

/// <summary>in_gain, out_gain and in_skip as current AIDA-X applies them (model-formats.md §4.1.4):
/// <c>u = g_in·x; y = (u + f(u))·g_out</c> with skip, <c>f(u)·g_out</c> without.</summary>
public sealed class AidaXSettingsTests
{
    static IAmpModel WithSettings(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(SharedData.File("models", "json", "rtneural_lstm_1d.json")))!.AsObject();
        edit(root);
        return JsonModelReader.Read(Encoding.UTF8.GetBytes(root.ToJsonString()), "aidax.json", new ModelOptions { Prewarm = false });
    }

    static float[] Run(IAmpModel model, float[] input)
    {
        model.Prepare(48000, 64);
        var output = input.ToArray();
        model.Process(output);
        return output;
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(6, -3, 1)]
    [InlineData(-12, 4, 0)]
    public void GainsAndSkip_FollowAidaX(double inGainDb, double outGainDb, int skip)
    {
        var input = GuitarMlReaderTests.TestSignal(2000);
        float gIn = (float)Math.Pow(10, inGainDb / 20), gOut = (float)Math.Pow(10, outGainDb / 20);
        var bare = Run(WithSettings(_ => { }), input.Select(x => gIn * x).ToArray());
        var configured = Run(WithSettings(r => { r["in_gain"] = inGainDb; r["out_gain"] = outGainDb; r["in_skip"] = skip; }), input);
        for (int t = 0; t < input.Length; t++)
        {
            float expected = ((skip == 1 ? gIn * input[t] : 0f) + bare[t]) * gOut;
            Assert.True(Math.Abs(expected - configured[t]) <= 1e-6f, $"sample {t}: expected {expected}, actual {configured[t]}");
        }
    }
}
