using Spectre.Console;

namespace LiveAmp.Host.Ui.Screen;

/// <summary>The few looks the dashboard uses, one byte per cell. Each maps to an ANSI SGR sequence for the
/// terminal (<see cref="AnsiPainter"/>) and to a Spectre <see cref="Style"/> for rendering into a Spectre console.</summary>
public enum CellStyle : byte
{
    Plain,
    Bold,
    Grey,
    Green,
    Yellow,
    Red,
    BoldGreen,
    BoldYellow,
    Invert,
    WhiteOnRed,
    BlackOnYellow,
}

public static class CellStyles
{
    /// <summary>Select Graphic Rendition sequences, each starting from a reset so that any style follows any other.</summary>
    static readonly byte[][] Sgr =
    [
        "\e[0m"u8.ToArray(), "\e[0;1m"u8.ToArray(), "\e[0;90m"u8.ToArray(), "\e[0;32m"u8.ToArray(), "\e[0;33m"u8.ToArray(),
        "\e[0;31m"u8.ToArray(), "\e[0;1;32m"u8.ToArray(), "\e[0;1;33m"u8.ToArray(), "\e[0;7m"u8.ToArray(),
        "\e[0;97;41m"u8.ToArray(), "\e[0;30;43m"u8.ToArray(),
    ];

    /// <summary>Without colour (NO_COLOR) only bold and inverse remain: the selection must stay visible.</summary>
    static readonly byte[][] SgrNoColour =
    [
        "\e[0m"u8.ToArray(), "\e[0;1m"u8.ToArray(), "\e[0m"u8.ToArray(), "\e[0m"u8.ToArray(), "\e[0m"u8.ToArray(),
        "\e[0m"u8.ToArray(), "\e[0;1m"u8.ToArray(), "\e[0;1m"u8.ToArray(), "\e[0;7m"u8.ToArray(),
        "\e[0;7m"u8.ToArray(), "\e[0;7m"u8.ToArray(),
    ];

    public static ReadOnlySpan<byte> AnsiSequence(this CellStyle style, bool colour) => (colour ? Sgr : SgrNoColour)[(int)style];

    public static Style ToSpectre(this CellStyle style) => style switch
    {
        CellStyle.Bold => new Style(decoration: Decoration.Bold),
        CellStyle.Grey => new Style(Color.Grey),
        CellStyle.Green => new Style(Color.Green),
        CellStyle.Yellow => new Style(Color.Yellow),
        CellStyle.Red => new Style(Color.Red),
        CellStyle.BoldGreen => new Style(Color.Green, decoration: Decoration.Bold),
        CellStyle.BoldYellow => new Style(Color.Yellow, decoration: Decoration.Bold),
        CellStyle.Invert => new Style(decoration: Decoration.Invert),
        CellStyle.WhiteOnRed => new Style(Color.White, Color.Red),
        CellStyle.BlackOnYellow => new Style(Color.Black, Color.Yellow),
        _ => Style.Plain,
    };
}
