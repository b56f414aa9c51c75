using LiveAmp.Host.Audio.Buffers;

namespace LiveAmp.Host.Tests.Buffers;

public sealed class SeqLockedTests
{
    /// <summary>Wide enough that a copy takes many stores: a torn read would mix two writes.</summary>
    readonly record struct Wide(long A, long B, long C, long D, long E, long F, long G, long H, double I, string Text)
    {
        public static Wide Of(long n, string text) => new(n, n, n, n, n, n, n, n, n, text);
        public bool Whole => A == B && B == C && C == D && D == E && E == F && F == G && G == H && H == (long)I
                             && ReferenceEquals(Text, Texts[A % Texts.Length]);
    }

    static readonly string[] Texts = ["zero", "one", "two"];

    [Fact]
    public void Readers_never_see_a_torn_value_while_one_thread_writes()
    {
        const long Writes = 200_000;
        var shared = new SeqLocked<Wide>(Wide.Of(0, Texts[0]));
        bool done = false;
        var writer = new Thread(() =>
        {
            for (long n = 1; n <= Writes; n++)
            {
                shared.Write(Wide.Of(n, Texts[n % Texts.Length]));
                Thread.SpinWait(50);   // a writer that never paused would starve the readers (the stats write 10 times a second)
            }
            Volatile.Write(ref done, true);
        });
        var reads = new long[2];
        var failures = new string?[2];
        var readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            long last = 0;
            while (!Volatile.Read(ref done) && failures[r] is null)
            {
                var seen = shared.Read();
                if (!seen.Whole) failures[r] = $"torn read: {seen}";
                else if (seen.A < last) failures[r] = $"went back in time: {seen.A} after {last}";
                last = seen.A;
                reads[r]++;
            }
        })).ToArray();
        foreach (var t in readers) t.Start();
        writer.Start();
        writer.Join();
        foreach (var t in readers) t.Join();
        Assert.All(failures, f => Assert.Null(f));
        Assert.All(reads, n => Assert.True(n > 100, $"a reader ran only {n} times"));
        Assert.Equal(Writes, shared.Read().A);
    }

    [Fact]
    public void Writing_and_reading_allocate_nothing()
    {
        var shared = new SeqLocked<Wide>(Wide.Of(0, "x"));
        var next = Wide.Of(1, "y");
        shared.Write(next);
        _ = shared.Read();   // first calls JIT-compile
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            shared.Write(next);
            sum += shared.Read().A;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000, sum);
    }
}
