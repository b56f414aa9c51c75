using System.Runtime;

namespace LiveAmp.Tests;

/// <summary>Measures what real-time code allocates on the calling thread.</summary>
public static class Allocations
{
    /// <summary>Runs <paramref name="work"/> once to warm it up (JIT, first-use paths), then once more inside a no-GC
    /// region and returns the bytes that second run allocated on this thread. The no-GC region matters: a collection
    /// started meanwhile by another thread (the test host's) was seen to charge the unused rest of this thread's
    /// allocation context, a few KB, to the measurement. If the region is lost anyway, the measurement is repeated.</summary>
    public static long Measure(Action work)
    {
        work();
        long bytes = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            bool region = GC.TryStartNoGCRegion(64L << 20);
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            bool intact = region && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
            if (region && intact) GC.EndNoGCRegion();
            if (intact || bytes == 0) return bytes;
        }
        return bytes;
    }
}
