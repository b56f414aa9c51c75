using System.Runtime.InteropServices;

namespace LiveAmp.Host.Audio.Native;

/// <summary>The few POSIX calls the host needs: fd redirection (to silence ALSA/JACK start-up noise), the real
/// process environment (libjack reads getenv, which Environment.SetEnvironmentVariable does not change on Unix),
/// real-time scheduling, and the calling thread's CPU time.</summary>
internal static unsafe partial class LibC
{
    public const int SchedOther = 0, SchedFifo = 1, SchedRr = 2;
    public const int EPERM = 1;

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "dup")] public static partial int Dup(int fd);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "dup2")] public static partial int Dup2(int fd, int fd2);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "close")] public static partial int Close(int fd);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetEnv(string name, string value, int overwrite);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "pthread_self")] public static partial nint PthreadSelf();
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "pthread_setschedparam")]
    public static partial int PthreadSetSchedParam(nint thread, int policy, int* priority);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "pthread_getschedparam")]
    public static partial int PthreadGetSchedParam(nint thread, int* policy, int* priority);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "sched_get_priority_max")] public static partial int SchedGetPriorityMax(int policy);
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "sched_getcpu")] private static partial int SchedGetCpu();
    [LibraryImport(NativeLibraries.LibC, EntryPoint = "clock_gettime")] private static partial int ClockGetTime(int clock, long* timespec);

    /// <summary>The CPU the calling thread runs on (Linux; -1 elsewhere). A vDSO call: tens of ns.</summary>
    public static int CurrentCpu() => OperatingSystem.IsLinux() ? SchedGetCpu() : -1;

    /// <summary>CPU time the calling thread has used, in ns; -1 where unknown (Windows). A syscall (~1.4 µs on the
    /// test VM, 0.1 % of a 64-frame block), called twice per block.</summary>
    public static long ThreadCpuNs()
    {
        if (OperatingSystem.IsWindows()) return -1;
        int clock = OperatingSystem.IsMacOS() ? 16 : 3; // CLOCK_THREAD_CPUTIME_ID
        long* ts = stackalloc long[2];
        return ClockGetTime(clock, ts) == 0 ? ts[0] * 1_000_000_000 + ts[1] : -1;
    }

    /// <summary>Sets a variable in the native environment too, so native libraries (libjack) see it.</summary>
    public static void SetEnvironment(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows()) SetEnv(name, value, 1);
    }

    /// <summary>Runs <paramref name="action"/> with fd 2 pointed at /dev/null (no-op on Windows).</summary>
    public static T WithStderrSilenced<T>(Func<T> action)
    {
        if (OperatingSystem.IsWindows()) return action();
        Console.Error.Flush();
        int saved = Dup(2), devNull = Open("/dev/null", 1 /* O_WRONLY */);
        if (saved < 0 || devNull < 0)
        {
            if (saved >= 0) Close(saved);
            if (devNull >= 0) Close(devNull);
            return action();
        }
        Dup2(devNull, 2);
        Close(devNull);
        try { return action(); }
        finally { Dup2(saved, 2); Close(saved); }
    }

    /// <summary>Asks for SCHED_FIFO at <paramref name="priority"/> for the calling thread; returns 0 or the errno.</summary>
    public static int TrySetFifo(int priority)
    {
        if (OperatingSystem.IsWindows()) return -1;
        int p = priority;
        return PthreadSetSchedParam(PthreadSelf(), SchedFifo, &p);
    }
}
