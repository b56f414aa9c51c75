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
