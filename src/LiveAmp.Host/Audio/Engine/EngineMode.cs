namespace LiveAmp.Host.Audio.Engine;

/// <summary>Where the processor runs.</summary>
public enum EngineMode
{
    /// <summary>Inside the (managed) PortAudio callback: lowest latency, exposed to GC pauses.</summary>
    Direct,

    /// <summary>On a managed engine thread fed by a native callback through SPSC rings with a prefill of N blocks:
    /// N periods more latency, isolated from GC pauses shorter than the prefill.</summary>
    Ring,
}

public static class EngineModes
{
    /// <summary>Ring where its native callback is built (Linux: liveamp_shim.c, with gcc); direct elsewhere.</summary>
    public static EngineMode Default => OperatingSystem.IsLinux() ? EngineMode.Ring : EngineMode.Direct;
}
