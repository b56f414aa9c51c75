using System.Globalization;

namespace LiveAmp.Host.Ui.Screen;

/// <summary>Writes text into a rectangle of a <see cref="ScreenBuffer"/> line by line, wrapping at the last space
/// of a line that runs out of columns (or mid-word when there is none). A struct that formats numbers into stack
/// memory: drawing a frame allocates nothing. Rows past <see cref="ScreenBuffer.Height"/> are dropped (a short
/// terminal crops the bottom); <see cref="Lines"/> still counts them.</summary>
public ref struct Pen
{
    readonly ScreenBuffer _screen;
    readonly int _top, _left, _width;
    int _line, _column;
    bool _wrapped;

    public Pen(ScreenBuffer screen, int top, int left, int width)
    {
        _screen = screen;
        _top = top;
        _left = left;
        _width = Math.Max(1, width);
    }

    /// <summary>Lines written so far, the current one included.</summary>
    public readonly int Lines => _line + 1;
    public readonly int Column => _column;
    public readonly int Width => _width;

    public void NewLine()
    {
        _line++;
        _column = 0;
        _wrapped = false;
    }

    /// <summary>Writes one line's worth of text (wrapping when it runs out of columns); line breaks are <see cref="NewLine"/>'s
    /// alone, so text from files is shown as it is, never as layout (see <see cref="ScreenBuffer.Classify"/>).</summary>
    public void Write(scoped ReadOnlySpan<char> text, CellStyle style = CellStyle.Plain)
    {
        for (int i = 0; i < text.Length;)
        {
            i += ScreenBuffer.Classify(text, i, out int columns, out char first, out char second);
            if (columns > 0) Put(first, second, columns, style);
        }
    }

    /// <summary>Writes at most <paramref name="columns"/> columns of one-line text; a longer text is cut and ends in '…'.</summary>
    public void WriteFitted(scoped ReadOnlySpan<char> text, int columns, CellStyle style = CellStyle.Plain)
    {
        int needed = 0;
        for (int i = 0; i < text.Length;)
        {
            i += ScreenBuffer.Classify(text, i, out int glyphColumns, out _, out _);
            needed += glyphColumns;
        }
        if (needed <= columns)
        {
            Write(text, style);
            return;
        }
        if (columns <= 0) return;
        int used = 0;
        for (int i = 0; i < text.Length;)
        {
            i += ScreenBuffer.Classify(text, i, out int glyphColumns, out char first, out char second);
            if (used + glyphColumns > columns - 1) break;
            if (glyphColumns > 0) Put(first, second, glyphColumns, style);
            used += glyphColumns;
        }
        Write('…', style);
    }

    public void Write(char c, CellStyle style = CellStyle.Plain) => Write(new ReadOnlySpan<char>(in c), style);

    public void Repeat(char c, int count, CellStyle style = CellStyle.Plain)
    {
        for (int i = 0; i < count; i++) Write(c, style);
    }

    /// <summary>A number in the invariant culture, right-aligned in <paramref name="width"/> columns when given.</summary>
    public void Number<T>(T value, ReadOnlySpan<char> format = default, CellStyle style = CellStyle.Plain, int width = 0) where T : ISpanFormattable
    {
        Span<char> text = stackalloc char[64];
        if (!value.TryFormat(text, out int length, format, CultureInfo.InvariantCulture)) length = 0;
        Repeat(' ', width - length, style);
        Write(text[..length], style);
    }

    /// <summary>Spaces up to <paramref name="column"/> of the current line (nothing when already past it).</summary>
    public void PadTo(int column, CellStyle style = CellStyle.Plain) => Repeat(' ', column - _column, style);

    void Put(char first, char second, int columns, CellStyle style)
    {
        if (_column + columns > _width)
        {
            if (first == ' ')
            {
                // The line is exactly full: the space is the break itself, and the last word stays where it is.
                NewLine();
                _wrapped = true;
                return;
            }
            Wrap();
        }
        if (first == ' ' && _column == 0 && _wrapped) return;   // no leading space on a wrapped line
        _screen.Put(_top + _line, _left + _column, first, second, style);
        _column += columns;
    }

    // Carries the word being written over to the next line when the line has a space to break at.
    void Wrap()
    {
        int row = _top + _line;
        int space = -1;
        if (row < _screen.Height)
            for (int column = _column - 1; column > 0; column--)
                if (_screen.CharAt(row, _left + column) == ' ')
                {
                    space = column;
                    break;
                }
        _line++;
        _wrapped = true;
        if (space < 0)
        {
            _column = 0;
            return;
        }
        int carried = _column - space - 1;
        _screen.MoveCells(row, _left + space + 1, carried, row + 1, _left);
        _column = carried;
    }
}
