namespace LiveAmp.Engine.Formats.Wav;

/// <summary>How <see cref="WavReader.ReadMono"/> folds several channels into one.</summary>
public enum MonoMix
{
    /// <summary>The mean of all channels: <c>(c0 + c1 + …) / channelCount</c>. Keeps the level of identical
    /// channels (a stereo file holding a mono recording) and never clips.</summary>
    Average,

    /// <summary>Channel 0 only (the left channel of a stereo file); the others are ignored.</summary>
    FirstChannel,
}
