using LiveAmp.Engine.AmpModels;
using LiveAmp.Engine.Formats.Nam;

namespace LiveAmp.Engine.Tests.AmpModels;

/// <summary>Processing and Reset allocate nothing after Prepare, for every feed-forward architecture.</summary>
public sealed class NamAllocationTests
{
    [Theory]
    [InlineData("wavenet_a1_standard.nam")]
    [InlineData("zoo/wavenet_condsize2.nam")]
    [InlineData("zoo/wavenet_gated.nam")]
    [InlineData("zoo/convnet_tanh_bn.nam")]
    [InlineData("zoo/linear_rf32_bias.nam")]
    public void ThousandBlocks_AllocateNothing(string file)
    {
        foreach (var tanh in new[] { TanhMode.Exact, TanhMode.Fast })
        {
            var model = NamReader.Read(SharedData.File(["models", .. file.Split('/')]), new ModelOptions { Tanh = tanh });
            model.Prepare(48_000, 64);
            var block = new float[64];
            var source = new float[64];
            var random = new Random(1);
            for (int i = 0; i < source.Length; i++) source[i] = random.NextSingle() - 0.5f;
            long allocated = Allocations.Measure(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    source.CopyTo(block, 0);
                    model.Process(block.AsSpan(0, 1 + i % 64));
                    if (i == 500) model.Reset();
                }
            });
            Assert.True(allocated == 0, $"{file} ({tanh}): {allocated} bytes allocated in 1000 blocks");
            Assert.True(float.IsFinite(block[0]));
        }
    }
}
