// Test classes run one at a time. Allocation tests read GC.GetAllocatedBytesForCurrentThread, and a garbage
// collection started by another test's thread in the middle of a measurement was seen to charge the unused rest of
// this thread's allocation context (a few KB) to it; live-audio tests also want the machine's two cores to themselves.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
