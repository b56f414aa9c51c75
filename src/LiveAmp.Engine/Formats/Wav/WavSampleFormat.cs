namespace LiveAmp.Engine.Formats.Wav;

/// <summary>Sample formats LiveAmp writes.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed PCM, plain rounding and clipping (no dither).</summary>
    Pcm16,

    /// <summary>24-bit signed PCM, plain rounding and clipping (no dither).</summary>
    Pcm24,

    /// <summary>32-bit IEEE float, samples stored exactly.</summary>
    Float32,
}
