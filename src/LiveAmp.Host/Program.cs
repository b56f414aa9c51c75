using System.CommandLine;
using LiveAmp.Host.Cli.Commands;

namespace LiveAmp.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "print details and stack traces", Recursive = true };
        var root = new RootCommand("LiveAmp: a real-time guitar amp host for NAM and keras amp captures")
        {
            verbose,
            PlayCommand.Create(verbose),
            DevicesCommand.Create(verbose),
            InfoCommand.Create(verbose),
            BenchCommand.Create(verbose),
            RenderCommand.Create(verbose),
            PresetsCommand.Create(verbose),
            IrCommand.Create(verbose),
        };
        PlayCommand.Configure(root, verbose); // `liveamp` alone plays
        return root.Parse(args).Invoke();
    }
}
