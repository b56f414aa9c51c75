using Spectre.Console;

namespace LiveAmp.Host.Tests.Ui;

/// <summary>A Spectre console that writes plain text (no ANSI, no colour, not interactive) into a string, 120 columns wide.</summary>
sealed class StringConsole
{
    readonly StringWriter _writer = new();

    public StringConsole(int width = 120, int height = 40)
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = width;
        Console.Profile.Height = height;
        Console.Profile.Capabilities.Unicode = true;
    }

    public IAnsiConsole Console { get; }
    public string Text => _writer.ToString();
}
