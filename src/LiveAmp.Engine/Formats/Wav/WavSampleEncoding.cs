namespace LiveAmp.Engine.Formats.Wav;

/// <summary>How the samples of a WAV file's data chunk are stored.</summary>
public enum WavSampleEncoding
{
    /// <summary>Integer PCM: unsigned for 8 bits, two's-complement signed for 16, 24 and 32 bits.</summary>
    Pcm,

    /// <summary>IEEE 754 float, 32 or 64 bits.</summary>
    IeeeFloat,
}
