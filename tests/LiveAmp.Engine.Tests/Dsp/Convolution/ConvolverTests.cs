using LiveAmp.Engine.Dsp.Convolution;
using LiveAmp.Engine.Tests.TestSupport;
using static LiveAmp.Engine.Tests.Dsp.Convolution.PartitionedConvolverTests;

namespace LiveAmp.Engine.Tests.Dsp.Convolution;

public sealed class ConvolverTests
{
    public static TheoryData<int, int?, int> Cases => new()
    {
        // IR length, head partition (null = from the block size), max block
        { 100, null, 64 }, { 1025, 16, 16 }, { 5000, 16, 37 }, { 5000, 16, 4096 }, { 20_000, 64, 64 },
        { 20_000, 64, 1000 }, { 17_000, null, 256 }, { 9000, 32, 3 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Process_RandomIrRandomSplits_MatchesDirectConvolution(int irLength, int? head, int maxBlock)
    {
        var rng = new Random(irLength + maxBlock);
        var h = Signals.Noise(rng, irLength);
        var x = Signals.Noise(rng, irLength + 4000);   // past the IR's end: every partition of head and tail is in use
        var conv = new Convolver(h, head);
        conv.Prepare(48_000, maxBlock);
        var actual = Signals.RunSplit(conv, x, Signals.RandomSplits(rng, x.Length, maxBlock));
        AssertMatches(Direct(x, h), actual, $"IR {irLength}, head {conv.HeadPartitionFrames}, tail {conv.TailPartitionFrames}, blocks ≤ {maxBlock}");
    }

    [Fact]
    public void Prepare_LongIr_UsesATailOfLargePartitions()
    {
        var conv = new Convolver(new float[96_000], null);
        conv.Prepare(48_000, 64);
        Assert.Equal(64, conv.HeadPartitionFrames);
        Assert.Equal(1024, conv.TailPartitionFrames);
        var shortConv = new Convolver(new float[2000], null);
        shortConv.Prepare(48_000, 64);
        Assert.Equal(0, shortConv.TailPartitionFrames);
    }

    [Fact]
    public void Process_Impulse_ReturnsTheWholeIrWithZeroLatency()
    {
        var rng = new Random(11);
        var h = Signals.Noise(rng, 6000);
        var conv = new Convolver(h, 16);
        conv.Prepare(48_000, 16);
        var x = new float[7000];
        x[0] = 1;
        var y = Signals.RunSplit(conv, x, Signals.RandomSplits(rng, x.Length, 16));
        for (int i = 0; i < h.Length; i++) Assert.True(Math.Abs(y[i] - h[i]) < 1e-5, $"frame {i}: {y[i]} vs {h[i]}");
        for (int i = h.Length; i < y.Length; i++) Assert.True(Math.Abs(y[i]) < 1e-5, $"frame {i}: {y[i]} after the IR ended");
    }

    [Theory]
    [InlineData(64, 8192)]
    [InlineData(64, 96_000)]
    [InlineData(16, 480_000)]
    [InlineData(4096, 96_000)]
    public void Process_AfterPrepare_AllocatesNothing(int blockFrames, int irLength)
    {
        var conv = new Convolver(Signals.Noise(new Random(1), irLength, 0.01f));
        conv.Prepare(48_000, blockFrames);
        var block = Signals.Sine(blockFrames, 440, 48_000, 0.1);
        int calls = Math.Max(20, 64_000 / blockFrames);   // about the same number of frames for every block size
        long allocated = Signals.AllocatedBytes(() => conv.Process(block), calls);   // Measure warms up with the same number of calls
        Assert.True(allocated == 0, $"Process allocated {allocated} B");
    }

    [Fact]
    public void Constructor_TooLong_ThrowsWithTheLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Convolver(new float[Convolver.MaxImpulseResponseFrames + 1]));
        Assert.Contains("1,920,001", ex.Message);
    }
}
