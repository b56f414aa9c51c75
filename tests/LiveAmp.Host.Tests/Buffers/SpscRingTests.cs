using LiveAmp.Host.Audio.Buffers;

namespace LiveAmp.Host.Tests.Buffers;

public sealed class SpscRingTests
{
    [Fact]
    public void Capacity_is_rounded_up_to_a_power_of_two_and_bounds_writes()
    {
        using var ring = new SpscRing(100);
        Assert.Equal(128, ring.Capacity);
        Assert.Equal(128, ring.Write(new float[200]));
        Assert.Equal(0, ring.Write(new float[1]));
        Assert.Equal(128, ring.Count);
        Assert.Equal(128, ring.Read(new float[300]));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Wraps_around_preserving_order_single_threaded()
    {
        using var ring = new SpscRing(16);
        float next = 0, expect = 0;
        var chunk = new float[7];
        var back = new float[5];
        for (int round = 0; round < 1000; round++)
        {
            int space = Math.Min(chunk.Length, ring.Space);
            for (int i = 0; i < space; i++) chunk[i] = next++;
            Assert.Equal(space, ring.Write(chunk.AsSpan(0, space)));
            int got = ring.Read(back);
            for (int i = 0; i < got; i++) Assert.Equal(expect++, back[i]);
        }
        Assert.True(expect > 3000);
    }

    [Fact]
    public void Concurrent_producer_and_consumer_lose_duplicate_and_reorder_nothing()
    {
        const int total = 4_000_000;
        using var ring = new SpscRing(1000);
        Exception? failure = null;
        long consumed = 0;
        var producer = new Thread(() =>
        {
            var rng = new Random(1);
            var chunk = new float[700];
            int sent = 0;
            while (sent < total)
            {
                int n = Math.Min(rng.Next(1, chunk.Length + 1), total - sent);
                for (int i = 0; i < n; i++) chunk[i] = sent + i; // exact in float: total < 2^24
                int done = 0;
                while (done < n)
                {
                    int w = ring.Write(chunk.AsSpan(done, n - done));
                    if (w == 0) Thread.Yield();
                    done += w;
                }
                sent += n;
            }
        });
        var consumer = new Thread(() =>
        {
            var rng = new Random(2);
            var chunk = new float[900];
            long expected = 0;
            try
            {
                while (expected < total)
                {
                    int got = ring.Read(chunk.AsSpan(0, rng.Next(1, chunk.Length + 1)));
                    if (got == 0) Thread.Yield();
                    for (int i = 0; i < got; i++, expected++)
                        if (chunk[i] != (float)expected)
                            throw new Xunit.Sdk.XunitException($"sample {expected}: got {chunk[i]}");
                }
                consumed = expected;
            }
            catch (Exception e) { failure = e; }
        });
        producer.Start();
        consumer.Start();
        Assert.True(producer.Join(TimeSpan.FromSeconds(60)), "producer stuck");
        Assert.True(consumer.Join(TimeSpan.FromSeconds(60)), "consumer stuck");
        Assert.Null(failure);
        Assert.Equal(total, consumed);
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Writing_and_reading_do_not_allocate()
    {
        using var ring = new SpscRing(256);
        var block = new float[64];
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                ring.Write(block);
                ring.WriteZeros(3);
                ring.Read(block);
                ring.Read(block.AsSpan(0, 3));
            }
        }));
    }
}
