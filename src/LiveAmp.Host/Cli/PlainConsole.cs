using Spectre.Console;

namespace LiveAmp.Host.Cli;

/// <summary>A Spectre console that writes plain text (no colours, no escape codes) at a fixed width, for tables that
/// must read the same on a terminal, in a pipe and in tests.</summary>
public static class PlainConsole
{
    public static IAnsiConsole Create(TextWriter output, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }
}
