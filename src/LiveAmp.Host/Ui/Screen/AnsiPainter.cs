using System.Text;

namespace LiveAmp.Host.Ui.Screen;

/// <summary>Paints <see cref="ScreenBuffer"/> frames on an ANSI terminal, sending only the cells that changed since
/// the previous frame, in one write. It keeps a copy of what the terminal shows and a byte buffer that grows to
/// the largest frame and is then reused: after the first frames, painting allocates nothing.</summary>
public sealed class AnsiPainter(Stream output, bool colour = true)
{
    char[] _shownChars = [];
    CellStyle[] _shownStyles = [];
    int _shownWidth, _shownHeight;
    byte[] _bytes = new byte[16 * 1024];
    int _length;

    /// <summary>Alternate screen (the shell's screen comes back on <see cref="Leave"/>), cursor hidden, cleared.</summary>
    public void Enter()
    {
        Append("\e[?1049h\e[?25l\e[0m\e[2J"u8);
        Flush();
        _shownWidth = _shownHeight = 0;   // the next frame is painted whole
    }

    /// <summary>Style reset, cursor shown, the shell's screen back.</summary>
    public void Leave()
    {
        Append("\e[0m\e[?25h\e[?1049l"u8);
        Flush();
    }

    public void Paint(ScreenBuffer screen)
    {
        int width = screen.Width, height = screen.Height;
        if (width != _shownWidth || height != _shownHeight)
        {
            // A new size: the terminal may have reflowed what it showed, so clear it and paint every cell.
            _shownChars = new char[width * height];
            _shownStyles = new CellStyle[width * height];
            _shownWidth = width;
            _shownHeight = height;
            Append("\e[0m\e[2J"u8);
        }
        int cursorRow = -1, cursorColumn = -1;
        CellStyle? style = null;
        for (int row = 0; row < height; row++)
        {
            for (int column = 0; column < width; column++)
            {
                int at = row * width + column;
                char c = screen.CharAt(row, column);
                bool wide = column + 1 < width && ScreenBuffer.IsSecondHalf(screen.CharAt(row, column + 1));
                bool changed = c != _shownChars[at] || screen.StyleAt(row, column) != _shownStyles[at]
                               || (wide && screen.CharAt(row, column + 1) != _shownChars[at + 1]);
                if (!changed || ScreenBuffer.IsSecondHalf(c)) continue;
                if (row != cursorRow || column != cursorColumn) MoveCursor(row, column);
                var cellStyle = screen.StyleAt(row, column);
                if (cellStyle != style)
                {
                    Append(cellStyle.AnsiSequence(colour));
                    style = cellStyle;
                }
                AppendGlyph(c, wide ? screen.CharAt(row, column + 1) : '\0');
                _shownChars[at] = c;
                _shownStyles[at] = cellStyle;
                if (wide)
                {
                    _shownChars[at + 1] = screen.CharAt(row, column + 1);
                    _shownStyles[at + 1] = cellStyle;
                    column++;
                }
                cursorRow = row;
                cursorColumn = column + 1;
                // A terminal may or may not wrap after the last column, and may draw a glyph outside Latin and the
                // layout's symbols wider or narrower than the table says: place the cursor again after those.
                bool certainWidth = c < '\u0300' || (c >= '\u2000' && c < '\u2800' && !wide);
                if (cursorColumn >= width || !certainWidth) cursorRow = -1;
            }
        }
        Flush();
    }

    void MoveCursor(int row, int column)
    {
        Append("\e["u8);
        AppendNumber(row + 1);
        Append(";"u8);
        AppendNumber(column + 1);
        Append("H"u8);
    }

    void AppendGlyph(char first, char second)
    {
        Span<char> glyph = [first, second];
        var text = second == ScreenBuffer.WideTail || second == '\0' ? glyph[..1] : glyph;
        Reserve(8);
        _length += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(_length));
    }

    void AppendNumber(int value)
    {
        Reserve(12);
        value.TryFormat(_bytes.AsSpan(_length), out int written);
        _length += written;
    }

    void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_length));
        _length += bytes.Length;
    }

    void Reserve(int bytes)
    {
        if (_length + bytes > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes));
    }

    void Flush()
    {
        if (_length == 0) return;
        output.Write(_bytes, 0, _length);
        output.Flush();
        _length = 0;
    }
}
