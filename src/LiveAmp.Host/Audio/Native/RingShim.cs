using System.Runtime.InteropServices;

namespace LiveAmp.Host.Audio.Native;

/// <summary>Counters of one audio stream, written by the audio callback only (the C shim in ring mode, the
/// managed callback in direct mode) and copied by the stats thread. Mirrors <c>la_stats</c> in liveamp_shim.c.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CallbackCounters
{
    public long Callbacks;
    public long Frames;
    public long Underruns;
    public long UnderrunFrames;
    public long Overruns;
    public long OverrunFrames;
    public long ServerInputOverflows;
    public long ServerOutputUnderflows;
    public long LateCallbacks;
    public long FirstFrameCount;
    public long LastFrameCount;
    public long LastCallbackNs;
    public long MaxIntervalNs;
    public long MaxCallbackNs;
    public long CallbackPolicy;
    public long CallbackPriority;
    public long PrefillFrames;
    public long RecordDroppedFrames;
    public long LastUnderrunNs; // CLOCK_MONOTONIC, like Stopwatch on Linux
}

/// <summary>The native ring-mode callback (liveamp_shim.c): entry points and one instance's lifetime.</summary>
internal static unsafe partial class RingShim
{
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_create")]
    public static partial nint Create(nint inRing, nint outRing, nint recordRing, int inChannels, int inChannel,
        int outChannels, ulong outMask, int prefillBlocks, double sampleRate);

    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_callback_address")] public static partial nint CallbackAddress();
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_wait")] public static partial int Wait(nint shim, int timeoutMs);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_post")] public static partial void Post(nint shim);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_read_stats")] public static partial void ReadStats(nint shim, CallbackCounters* stats);
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_now_ns")] public static partial long NowNs();
    [LibraryImport(NativeLibraries.Shim, EntryPoint = "la_shim_destroy")] public static partial void Destroy(nint shim);
}
