namespace LiveAmp.Host.Tests.Audio;

public sealed class JackServerTests
{
    [Fact]
    public void A_missing_jackd_says_what_to_install()
    {
        var e = Assert.Throws<InvalidOperationException>(() => JackServer.Start("-missing", searchPath: "/nonexistent-dir"));
        Assert.Contains("install jackd2 (scripts/install-deps.sh)", e.Message);
    }
}
