using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LiveAmp.Host.Audio.Buffers;

/// <summary>A lock-free single-producer single-consumer ring of floats in native memory, so the native audio
/// callback (Audio/Native/liveamp_shim.c, same layout) and managed threads can share it. One thread writes, one
/// thread reads; neither allocates nor blocks.</summary>
/// <remarks>Layout (must match <c>la_ring</c> in the shim): int64 capacity and mask at 0, the write counter alone
/// on its cache line at 64, the read counter at 128, samples from 192. Counters only grow; their difference is the
/// fill level. The producer publishes samples with a release store of the write counter, the consumer frees them
/// with a release store of the read counter.</remarks>
public sealed unsafe class SpscRing : IDisposable
{
    public const int HeaderBytes = 192;
    const int WriteOffset = 64, ReadOffset = 128;

    byte* block;
    readonly float* data;
    readonly ulong* write, read;
    readonly int mask;

    /// <summary>Capacity in samples: <paramref name="minimumCapacity"/> rounded up to a power of two.</summary>
    public int Capacity { get; }

    public SpscRing(int minimumCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCapacity, 1);
        Capacity = (int)BitOperations.RoundUpToPowerOf2((uint)minimumCapacity);
        mask = Capacity - 1;
        nuint bytes = (nuint)HeaderBytes + (nuint)Capacity * sizeof(float);
        block = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(block, bytes);
        *(long*)block = Capacity;
        *(long*)(block + 8) = mask;
        write = (ulong*)(block + WriteOffset);
        read = (ulong*)(block + ReadOffset);
        data = (float*)(block + HeaderBytes);
    }

    /// <summary>The native address of the ring, for the shim.</summary>
    public nint Handle => (nint)block;

    /// <summary>Samples ready to read (exact for the consumer, a lower bound for the producer).</summary>
    public int Count => (int)(Volatile.Read(ref *write) - Volatile.Read(ref *read));

    /// <summary>Free space (exact for the producer, a lower bound for the consumer).</summary>
    public int Space => Capacity - Count;

    /// <summary>Producer: appends as many samples of <paramref name="source"/> as fit; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Write(ReadOnlySpan<float> source)
    {
        ulong w = *write; // only this thread changes it
        int free = Capacity - (int)(w - Volatile.Read(ref *read));
        int n = Math.Min(free, source.Length);
        if (n <= 0) return 0;
        int start = (int)(w & (ulong)mask);
        int first = Math.Min(n, Capacity - start);
        source[..first].CopyTo(new Span<float>(data + start, first));
        if (n > first) source[first..n].CopyTo(new Span<float>(data, n - first));
        Volatile.Write(ref *write, w + (ulong)n);
        return n;
    }

    /// <summary>Producer: appends <paramref name="count"/> zeros (or fewer if full); returns how many.</summary>
    public int WriteZeros(int count)
    {
        ulong w = *write;
        int free = Capacity - (int)(w - Volatile.Read(ref *read));
        int n = Math.Min(free, count);
        if (n <= 0) return 0;
        int start = (int)(w & (ulong)mask);
        int first = Math.Min(n, Capacity - start);
        new Span<float>(data + start, first).Clear();
        if (n > first) new Span<float>(data, n - first).Clear();
        Volatile.Write(ref *write, w + (ulong)n);
        return n;
    }

    /// <summary>Consumer: takes up to <paramref name="destination"/>.Length samples; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Read(Span<float> destination)
    {
        ulong r = *read; // only this thread changes it
        int available = (int)(Volatile.Read(ref *write) - r);
        int n = Math.Min(available, destination.Length);
        if (n <= 0) return 0;
        int start = (int)(r & (ulong)mask);
        int first = Math.Min(n, Capacity - start);
        new ReadOnlySpan<float>(data + start, first).CopyTo(destination);
        if (n > first) new ReadOnlySpan<float>(data, n - first).CopyTo(destination[first..]);
        Volatile.Write(ref *read, r + (ulong)n);
        return n;
    }

    public void Dispose()
    {
        if (block == null) return;
        NativeMemory.AlignedFree(block);
        block = null;
    }
}
