using System.Runtime.CompilerServices;

namespace LiveAmp.Host.Audio.Stats;

/// <summary>What the real-time side measured about one processed block.</summary>
public struct BlockRecord
{
    public long StartTicks;      // Stopwatch ticks when processing began
    public long EndTicks;        // ... and ended
    public int Frames;
    public int ClippedSamples;   // output samples at or beyond full scale
    public float PeakIn;
    public float PeakOut;
    public float SumSquaresIn;
    public float SumSquaresOut;
    public int GcCountStart;     // GC.CollectionCount(0) before and after: a GC overlapped the block if they differ
    public int GcCountEnd;
    public long AllocatedBytes;  // bytes the processing thread allocated during the block (must stay 0)
    public long CpuNs;           // CPU time the thread used while processing (-1: unknown); far below the wall
                                 // time of a late block: the thread was ready but not run
    public int StartCpu;         // the CPU the block started and ended on (-1: unknown), to ask the stall probe
    public int EndCpu;
}

/// <summary>A lock-free single-producer single-consumer queue of <see cref="BlockRecord"/>s from the audio side
/// (callback or engine thread) to the stats thread. When the reader falls behind, new records are dropped and
/// counted rather than blocking the producer.</summary>
public sealed class BlockTelemetry(int capacityPowerOfTwo = 16384)
{
    readonly BlockRecord[] records = new BlockRecord[capacityPowerOfTwo];
    readonly int mask = capacityPowerOfTwo - 1;
    long write, read, dropped;

    public long Dropped => Volatile.Read(ref dropped);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in BlockRecord record)
    {
        long w = write;
        if (w - Volatile.Read(ref read) >= records.Length)
        {
            Volatile.Write(ref dropped, dropped + 1);
            return;
        }
        records[(int)(w & mask)] = record;
        Volatile.Write(ref write, w + 1);
    }

    public bool TryTake(out BlockRecord record)
    {
        long r = read;
        if (r == Volatile.Read(ref write))
        {
            record = default;
            return false;
        }
        record = records[(int)(r & mask)];
        Volatile.Write(ref read, r + 1);
        return true;
    }
}
