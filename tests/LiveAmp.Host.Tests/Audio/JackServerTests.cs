namespace LiveAmp.Host.Tests.Audio;

public sealed class JackServerTests
{
    [Fact]
    public void A_missing_jackd_says_what_to_install()
    {
        var e = Assert.Throws<InvalidOperationException>(() => JackServer.Start("-missing", searchPath: "/nonexistent-dir"));
        Assert.Contains("install jackd2 (scripts/install-deps.sh)", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_jack_registry_is_named_in_the_error()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-registry-{Environment.ProcessId}");
        File.WriteAllBytes(path, new byte[64]);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => JackRegistry.StaleServers(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("magic", e.Message);
        }
        finally { File.Delete(path); }
    }
}

/// <summary>Starts and kills real servers, so it runs in the audio collection (no other server starts meanwhile).</summary>
[Collection(AudioCollection.Name)]
public sealed class JackRegistryTests(JackFixture jack)
{
    [Fact]
    public void A_registry_full_of_killed_servers_is_reclaimed_when_a_server_starts()
    {
        Assert.Contains(JackRegistry.Servers(), s => s.Name == jack.Server.Name);
        int free = 8 - JackRegistry.Servers().Count;
        var killed = new List<string>();
        for (int i = 0; i < free; i++)
        {
            var server = JackServer.Start($"-stale-{i}");
            server.Kill(); // not disposed: its slot stays taken, as after a crashed run
            killed.Add(server.Name);
        }
        Assert.Equal(8, JackRegistry.Servers().Count);
        Assert.Superset(killed.ToHashSet(), JackRegistry.StaleServers().ToHashSet());

        using (var after = JackServer.Start("-after-full"))
            Assert.Contains(JackRegistry.Servers(), s => s.Name == after.Name);

        Assert.Empty(JackRegistry.StaleServers().Intersect(killed));
        Assert.DoesNotContain(JackRegistry.Servers(), s => s.Name.EndsWith("-after-full", StringComparison.Ordinal));
        Assert.False(jack.Server.HasExited);
    }
}
