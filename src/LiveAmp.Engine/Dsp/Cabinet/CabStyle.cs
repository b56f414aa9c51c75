namespace LiveAmp.Engine.Dsp.Cabinet;

/// <summary>The cabinets <see cref="CabinetSynthesizer"/> can build.</summary>
public enum CabStyle
{
    /// <summary>Combo-style 1x12 with an open back: higher, softer resonance, leaner lows, brighter.</summary>
    OpenBack1x12,
    /// <summary>Open-back 2x12: a little fuller than the 1x12.</summary>
    OpenBack2x12,
    /// <summary>Closed-back 2x12.</summary>
    Closed2x12,
    /// <summary>Closed-back 4x12: low, pronounced resonance, thick low mids, darker top.</summary>
    Closed4x12,
}
