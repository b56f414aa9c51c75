namespace LiveAmp.Host.Tests.Ui;

/// <summary>Key presses as <see cref="Console.ReadKey()"/> reports them.</summary>
static class Keys
{
    public static ConsoleKeyInfo Of(ConsoleKey key, bool shift = false, bool control = false) =>
        new(key switch { ConsoleKey.Enter => '\r', ConsoleKey.Tab => '\t', ConsoleKey.Escape => '\u001b', ConsoleKey.Backspace => '\b', _ => '\0' },
            key, shift, alt: false, control);

    public static ConsoleKeyInfo Char(char c) =>
        new(c, c switch
        {
            >= 'a' and <= 'z' => ConsoleKey.A + (c - 'a'),
            >= 'A' and <= 'Z' => ConsoleKey.A + (c - 'A'),
            >= '0' and <= '9' => ConsoleKey.D0 + (c - '0'),
            '/' => ConsoleKey.Oem2,
            '-' => ConsoleKey.OemMinus,
            _ => ConsoleKey.NoName,
        }, shift: char.IsUpper(c), alt: false, control: false);

    public static ConsoleKeyInfo CtrlC => new('\u0003', ConsoleKey.C, shift: false, alt: false, control: true);

    public static IEnumerable<ConsoleKeyInfo> Text(string text) => text.Select(Char);
}
