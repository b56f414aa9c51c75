namespace LiveAmp.Engine.Formats.Nam;

/// <summary>Sizes beyond which a config is refused before anything is allocated: far above every real model
/// (A1 standard: 16 channels, dilation 512, 13,802 weights), far below what would exhaust memory.</summary>
public static class NamLimits
{
    public const int MaxChannels = 4096;
    public const int MaxKernelSize = 1024;
    public const int MaxDilation = 1 << 20;
    public const int MaxLayers = 4096;
    public const int MaxLayerArrays = 256;
    public const int MaxReceptiveField = 1 << 24;
    public const long MaxWeights = 100_000_000;
    /// <summary>Taps of a Linear model, run directly (1.4 s at 48 kHz; real ones are a few hundred).</summary>
    public const int MaxLinearTaps = 1 << 16;
    /// <summary>Floats of convolution history (channels × lookback, summed).</summary>
    public const long MaxHistoryFloats = 1 << 24;
}
