using System.Text.Json.Nodes;
using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.Tests.AmpModels;

/// <summary>The 0.6/0.7 WaveNet options no shared golden covers (gating modes, bottleneck, head1x1, groups, FiLMs,
/// per-layer kernel sizes, head rechannel kernel/dilation, post-stack head): the weight count follows §2.4.3
/// (computed here independently), prewarm reaches the silence steady state, and block splits do not matter.</summary>
public sealed class WaveNetOptionsTests
{
    static JsonNode Film(bool shift, int groups) => new JsonObject { ["active"] = true, ["shift"] = shift, ["groups"] = groups };

    /// <summary>Array 0: 1→C 4, B 2, gating none/gated/blended, head1x1 3, all eight FiLMs; array 1: 4→C 3.</summary>
    static (JsonObject Root, long Weights) Everything()
    {
        const int c0 = 4, b0 = 2, h1 = 3, cond = 1;
        var array0 = new JsonObject
        {
            ["input_size"] = 1, ["condition_size"] = cond, ["channels"] = c0, ["bottleneck"] = b0,
            ["kernel_sizes"] = new JsonArray(3, 2, 4), ["dilations"] = new JsonArray(1, 2, 3),
            ["activation"] = new JsonArray(
                new JsonObject { ["type"] = "LeakyReLU", ["negative_slope"] = 0.05 },
                new JsonObject { ["type"] = "PReLU", ["negative_slopes"] = new JsonArray(0.1, 0.2) },
                "SiLU"),
            ["gating_mode"] = new JsonArray("none", "gated", "blended"),
            ["secondary_activation"] = new JsonArray(null, "Sigmoid", new JsonObject { ["type"] = "LeakyHardtanh" }),
            ["head"] = new JsonObject { ["out_channels"] = 3, ["kernel_size"] = 3, ["bias"] = true, ["head_dilation"] = 2 },
            ["layer1x1"] = new JsonObject { ["active"] = true, ["groups"] = 2 },
            ["head1x1"] = new JsonObject { ["active"] = true, ["out_channels"] = h1, ["groups"] = 1 },
            ["groups_input"] = 2,
            ["conv_pre_film"] = Film(true, 1), ["conv_post_film"] = Film(false, 1),
            ["input_mixin_pre_film"] = Film(true, 1), ["input_mixin_post_film"] = Film(false, 1),
            ["activation_pre_film"] = Film(true, 1), ["activation_post_film"] = Film(false, 1),
            ["layer1x1_post_film"] = Film(true, 1), ["head1x1_post_film"] = Film(false, 1),
        };
        var array1 = new JsonObject
        {
            ["input_size"] = c0, ["condition_size"] = cond, ["channels"] = 3, ["kernel_size"] = 2, ["dilations"] = new JsonArray(4, 1),
            ["activation"] = "Hardswish", ["gated"] = false, ["head_size"] = 1, ["head_bias"] = true,
        };
        var config = new JsonObject
        {
            ["layers"] = new JsonArray(array0, array1), ["head_scale"] = 0.5,
            ["head"] = new JsonObject { ["channels"] = 2, ["out_channels"] = 1, ["kernel_sizes"] = new JsonArray(2, 3), ["activation"] = "Softsign" },
        };

        // §2.4.3 by hand. Array 0 (C 4, B 2, cond 1): gate widths G = 2, 4, 4.
        long n = 1 * c0;
        int[] g = [2, 4, 4], k = [3, 2, 4];
        for (int l = 0; l < 3; l++)
        {
            n += g[l] * (c0 / 2) * k[l] + g[l];        // conv, groups_input 2
            n += g[l] * cond;                         // mixin
            n += c0 * (b0 / 2) + c0;                  // layer1x1, groups 2
            n += h1 * b0 + h1;                        // head1x1
            int[] dims = [c0, g[l], cond, g[l], g[l], b0, c0, h1];
            bool[] shift = [true, false, true, false, true, false, true, false];
            for (int f = 0; f < 8; f++) { int m = (shift[f] ? 2 : 1) * dims[f]; n += m * cond + m; }
        }
        n += 3 * h1 * 3 + 3;                          // head rechannel: Hq 3 → 3, K 3, bias
        // Array 1 (input 4, C 3, K 2, no bottleneck): its head sum starts from array 0's 3-channel head output.
        n += 4 * 3 + 2 * (3 * 3 * 2 + 3 + 3 * cond + 3 * 3 + 3) + 1 * 3 + 1;
        n += 2 * 1 * 2 + 2 + 1 * 2 * 3 + 1;          // post-stack head: 1→2 K 2, 2→1 K 3
        n += 1;                                       // head_scale
        var random = new Random(11);
        var weights = new JsonArray();
        for (long i = 0; i < n; i++) weights.Add(Math.Round(random.NextDouble() - 0.5, 4));
        return (new JsonObject { ["version"] = "0.7.0", ["architecture"] = "WaveNet", ["config"] = config, ["weights"] = weights }, n);
    }

    static IAmpModel Load(JsonObject root, bool prewarm = true) =>
        NamReader.ReadJson(root.ToJsonString(), "everything.nam", new ModelOptions { Prewarm = prewarm });

    [Fact]
    public void WeightCount_FollowsTheFormula()
    {
        var (root, n) = Everything();
        var model = Load(root);
        Assert.Equal(n, model.Info.ParameterCount);
        // Prewarm = 1 + Σ (K−1)·d + head (K_h−1)·d_h + post head Σ (k−1).
        Assert.Equal(1 + (2 * 1 + 1 * 2 + 3 * 3) + 2 * 2 + (1 * 4 + 1 * 1) + 0 + (1 + 2), model.Info.PrewarmFrames);
    }

    [Fact]
    public void Prewarm_ReachesTheSilenceSteadyState()
    {
        var (root, _) = Everything();
        var y = ModelRunner.Render(Load(root), new float[300], 64);
        Assert.All(y, v => Assert.Equal(y[0], v));
        // Without prewarm, the histories start at zero and the start-up transient is visible.
        var cold = ModelRunner.Render(Load(root, prewarm: false), new float[300], 64);
        Assert.NotEqual(y[0], cold[0]);
        Assert.Equal(y[^1], cold[^1]);
    }

    [Fact]
    public void BlockSplits_DoNotMatter()
    {
        var (root, _) = Everything();
        var x = new float[2000];
        var random = new Random(2);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.8 * Math.Sin(i * 0.03) + 0.1 * random.NextDouble());
        var reference = ModelRunner.Render(Load(root), x, 64);
        Assert.Contains(reference, v => Math.Abs(v - reference[0]) > 1e-3);
        foreach (int block in new[] { 1, 7, 512 })
            ModelRunner.AssertClose(reference, ModelRunner.Render(Load(root), x, block), 1e-6, $"blocks of {block}");
        ModelRunner.AssertClose(reference, ModelRunner.RenderRandomSplits(Load(root), x, 100, 3), 1e-6, "random splits");
    }

    [Fact]
    public void Allocation_FreeWithEveryOption()
    {
        var (root, _) = Everything();
        var model = Load(root);
        model.Prepare(48_000, 64);
        var block = new float[64];
        model.Process(block);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) { block.AsSpan().Clear(); model.Process(block.AsSpan(0, 1 + i % 64)); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
