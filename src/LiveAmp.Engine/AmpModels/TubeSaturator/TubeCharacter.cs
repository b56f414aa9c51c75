namespace LiveAmp.Engine.AmpModels.TubeSaturator;

/// <summary>The voicing of the DSP amp: how many gain stages, how much gain, how tight and how bright.</summary>
public enum TubeCharacter { Clean, Crunch, Lead }
