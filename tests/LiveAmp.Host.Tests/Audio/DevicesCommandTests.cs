using LiveAmp.Host.Cli.Commands;

namespace LiveAmp.Host.Tests.Audio;

[Collection(AudioCollection.Name)]
public sealed class DevicesCommandTests
{
    [Fact]
    public void Lists_host_apis_in_a_table_without_probe_noise()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int rc = DevicesCommand.Run(output, error, verbose: false, width: 160);
        Assert.Equal(0, rc);
        string text = output.ToString();
        Assert.Contains("PortAudio V19", text);
        Assert.Contains("host API", text);
        Assert.Contains("latency out low/high ms", text);
        // Debian's PortAudio is built with ALSA: the host API is listed even when the machine has no card.
        Assert.Contains("ALSA", text);
        Assert.Equal("", error.ToString());
    }
}
