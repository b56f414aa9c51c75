using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.Tests.AmpModels;

/// <summary>Every non-LSTM .nam in ../shared/models against NAM Core's renders (golden/README.md): full length at
/// 64-frame blocks, and a block-size sweep on the loud start of the guitar input.</summary>
public sealed class NamGoldenTests
{
    const double Tolerance = 1e-5;

    static readonly string[] Zoo =
    [
        "convnet_relu_bn", "convnet_relu_nobn", "convnet_tanh_bn", "convnet_tanh_nobn", "linear_rf32_bias", "linear_rf32_nobias",
        "wavenet_3arrays", "wavenet_act_hardtanh_leakyrelu", "wavenet_act_leakyhardtanh_prelu", "wavenet_act_relu_sigmoid",
        "wavenet_act_silu_hardswish", "wavenet_act_softsign_fasttanh", "wavenet_condsize2", "wavenet_feather", "wavenet_gated",
        "wavenet_headscale", "wavenet_k2_headbias", "wavenet_k5_noheadbias", "wavenet_lite", "wavenet_nano",
    ];

    public static TheoryData<string> ZooModels() => [.. Zoo];
    public static TheoryData<string> AllModels() => [.. Zoo.Select(z => "zoo/" + z), "wavenet", "wavenet_a1_standard"];

    static IAmpModel Load(string name, TanhMode tanh = TanhMode.Exact, bool prewarm = true) =>
        NamReader.Read(SharedData.File(["models", .. (name + ".nam").Split('/')]), new ModelOptions { Tanh = tanh, Prewarm = prewarm });

    static float[] Wav(params string[] parts) => TestWav.ReadMono(SharedData.File(parts)).Samples;

    static void Check(string model, string[] golden, string[] input, int length = int.MaxValue, TanhMode tanh = TanhMode.Exact,
                      bool prewarm = true, double tolerance = Tolerance)
    {
        var expected = Wav(golden);
        var x = Wav(input);
        int n = Math.Min(Math.Min(expected.Length, x.Length), length);
        var y = ModelRunner.Render(Load(model, tanh, prewarm), x.AsSpan(0, n), 64);
        ModelRunner.AssertClose(expected.AsSpan(0, n), y, tolerance, $"{model} vs {string.Join('/', golden)}");
    }

    [Theory, MemberData(nameof(ZooModels))]
    public void Zoo_InputWav(string name) => Check("zoo/" + name, ["golden", "zoo", name + ".wav"], ["golden", "input.wav"]);

    [Theory, MemberData(nameof(ZooModels))]
    public void Zoo_GuitarHot(string name) =>
        Check("zoo/" + name, ["golden", "zoo", name + ".guitar_hot.wav"], ["golden", "guitar_hot", "input.wav"]);

    [Theory]
    [InlineData("wavenet_nano")]
    [InlineData("convnet_tanh_bn")]
    [InlineData("wavenet_condsize2")]
    public void Zoo_NoPrewarm(string name) =>
        Check("zoo/" + name, ["golden", "zoo", name + ".noprewarm.wav"], ["golden", "input.wav"], prewarm: false);

    [Theory]
    [InlineData("wavenet")]
    [InlineData("wavenet_a1_standard")]
    public void CoreExamples_AllInputs(string name)
    {
        Check(name, ["golden", name + ".wav"], ["golden", "input.wav"]);
        Check(name, ["golden", name + ".fasttanh.wav"], ["golden", "input.wav"], tanh: TanhMode.Fast);
        // The one exception: A1 standard (a real high-gain capture) on the DI guitar inputs has ~150x gain from input
        // to output in quiet passages, so float32 rounding that differs from Core's (FMA instead of mul+add, Eigen's
        // summation order inside each product) is amplified: measured max 2.5e-5 (guitar) and 1.4e-5 (guitar_hot),
        // flat over the 6 s, not growing. Adding bias and residual in Core's order took guitar_hot from 2.3e-5 to
        // 1.4e-5; a correctly rounded tanh (Math.Tanh) gives the same figures, so tanh is not the cause.
        double guitarTolerance = name == "wavenet_a1_standard" ? 3e-5 : Tolerance;
        Check(name, ["golden", "guitar", name + ".wav"], ["golden", "guitar", "input.wav"], tolerance: guitarTolerance);
        Check(name, ["golden", "guitar_hot", name + ".wav"], ["golden", "guitar_hot", "input.wav"], tolerance: guitarTolerance);
    }

    /// <summary>Output does not depend on how the input is cut into blocks (prewarm rounding aside, which the
    /// silence steady state hides).</summary>
    [Theory, MemberData(nameof(AllModels))]
    public void BlockSizes_AllMatchGolden(string model)
    {
        string name = Path.GetFileName(model);
        string[] golden = model.StartsWith("zoo/") ? ["golden", "zoo", name + ".guitar_hot.wav"] : ["golden", "guitar_hot", name + ".wav"];
        const int length = 9_000;
        var expected = Wav(golden).AsSpan(0, length);
        var x = Wav("golden", "guitar_hot", "input.wav").AsSpan(0, length);
        foreach (int block in new[] { 1, 17, 64, 512 })
            ModelRunner.AssertClose(expected, ModelRunner.Render(Load(model), x, block), Tolerance, $"{model}, blocks of {block}");
        ModelRunner.AssertClose(expected, ModelRunner.RenderRandomSplits(Load(model), x, 300, seed: 7), Tolerance, $"{model}, random splits");
    }
}
