namespace LiveAmp.Host.Tests.Audio;

/// <summary>PortAudio allows one initialised session per process, and tests that start audio servers must not
/// compete for the two CPUs: everything touching PortAudio or JACK runs in this one sequential collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AudioCollection
{
    public const string Name = "Audio";
}
