using System.Text;
using LiveAmp.Host.Ui.Screen;

namespace LiveAmp.Host.Tests.Ui;

/// <summary>A terminal of a fixed size whose ANSI output is kept in memory: the dashboard loop paints into it.</summary>
sealed class StringTerminal(int width = 120, int height = 40)
{
    readonly MemoryStream _bytes = new();

    public AnsiPainter Painter => field ??= new AnsiPainter(_bytes);
    public (int Width, int Height) Size() => (width, height);

    /// <summary>Everything written so far, escape sequences included.</summary>
    public string Text => Encoding.UTF8.GetString(_bytes.ToArray());
}
