namespace LiveAmp.Host.Tests.Audio;

/// <summary>PortAudio allows one initialised session per process, and tests that run audio must not compete for
/// the two CPUs: everything touching PortAudio or JACK runs in this one sequential collection, sharing one
/// private JACK server.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AudioCollection : ICollectionFixture<JackFixture>
{
    public const string Name = "Audio";
}
