using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiveAmp.Host.Ui.Screen;

/// <summary>A grid of terminal cells (a UTF-16 unit and a <see cref="CellStyle"/> each), drawn into by <see cref="Pen"/>
/// and painted by <see cref="AnsiPainter"/>. It is allocated once and reused for every frame (only a resize
/// reallocates), so that the dashboard does not feed the GC that pauses the audio engine. A glyph two columns wide
/// (CJK, emoji) takes two cells: the second holds the low surrogate, or <see cref="WideTail"/>.
/// It is also a Spectre <see cref="IRenderable"/>, which is how the tests render a frame into a string console.</summary>
public sealed class ScreenBuffer(int width, int height) : IRenderable
{
    /// <summary>The second cell of a two-column glyph from the Basic Multilingual Plane (a noncharacter, never text).</summary>
    public const char WideTail = '\uFFFF';

    char[] _chars = Blank(width * height);
    CellStyle[] _styles = new CellStyle[width * height];

    public int Width { get; private set; } = width;
    public int Height { get; private set; } = height;

    /// <summary>Takes a new terminal size (clearing the grid); returns false, and does nothing, when it is the same.</summary>
    public bool Resize(int width, int height)
    {
        if (width == Width && height == Height) return false;
        Width = width;
        Height = height;
        _chars = Blank(width * height);
        _styles = new CellStyle[width * height];
        return true;
    }

    public void Clear()
    {
        _chars.AsSpan().Fill(' ');
        _styles.AsSpan().Clear();
    }

    public char CharAt(int row, int column) => _chars[row * Width + column];
    public CellStyle StyleAt(int row, int column) => _styles[row * Width + column];

    /// <summary>Puts one glyph; <paramref name="second"/> is the second cell of a two-column glyph, '\0' for one
    /// column. Cells outside the grid are dropped, and so is a two-column glyph that would stick out of it; a glyph
    /// half overwritten by another leaves a space, never half a glyph.</summary>
    public void Put(int row, int column, char first, char second, CellStyle style)
    {
        int columns = second == '\0' ? 1 : 2;
        if ((uint)row >= (uint)Height || column < 0 || column + columns > Width) return;
        int at = row * Width + column;
        if (IsSecondHalf(_chars[at]) && column > 0) _chars[at - 1] = ' ';   // we overwrite the tail of a glyph
        int end = at + columns;                                            // first cell after what we write
        if (column + columns < Width && IsSecondHalf(_chars[end])) _chars[end] = ' ';
        _chars[at] = first;
        _styles[at] = style;
        if (columns == 2)
        {
            _chars[at + 1] = second;
            _styles[at + 1] = style;
        }
    }

    /// <summary>Moves <paramref name="count"/> cells of a row to the start column of another (wrapping a word),
    /// leaving spaces behind.</summary>
    public void MoveCells(int row, int column, int count, int toRow, int toColumn)
    {
        if ((uint)row >= (uint)Height) return;
        var from = new Range(row * Width + column, row * Width + column + count);
        if ((uint)toRow < (uint)Height)
        {
            _chars.AsSpan(from).CopyTo(_chars.AsSpan(toRow * Width + toColumn));
            _styles.AsSpan(from).CopyTo(_styles.AsSpan(toRow * Width + toColumn));
        }
        _chars.AsSpan(from).Fill(' ');
        _styles.AsSpan(from).Clear();
    }

    public static bool IsSecondHalf(char c) => c == WideTail || char.IsLowSurrogate(c);

    /// <summary>How a glyph of text is shown: its columns (0: dropped, such as combining marks, variation selectors and
    /// skin-tone modifiers, on which terminals disagree; 2: East Asian wide and emoji; else 1) and, for characters that
    /// must never reach the terminal (controls, bidirectional and other format characters, noncharacters, a lone
    /// surrogate), a '?' in their place. Returns the UTF-16 units the glyph takes (2 for a surrogate pair).</summary>
    public static int Classify(ReadOnlySpan<char> text, int index, out int columns, out char first, out char second)
    {
        char c = text[index];
        second = '\0';
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            int codePoint = char.ConvertToUtf32(c, text[index + 1]);
            first = c;
            second = text[index + 1];
            columns = codePoint switch
            {
                >= 0x1F3FB and <= 0x1F3FF or >= 0xE0000 and <= 0xE0FFF => 0,   // skin tones, tags, selectors
                >= 0x1F1E6 and <= 0x1F1FF => 1,                                  // regional indicators: a flag is two
                _ => 2,
            };
            if (columns == 1)
            {
                first = '?';   // one column that a terminal may draw as two: not worth the risk
                second = '\0';
            }
            return 2;
        }
        first = c;
        columns = 1;
        if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || char.IsControl(c)) first = '?';
        else
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Format: first = '?'; break;   // U+202E and friends would reorder the line
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark: columns = 0; break;
                default:
                    if (c is >= '\u1160' and <= '\u11FF') columns = 0;   // Hangul vowels and finals in decomposed form
                    else if (IsWide(c)) columns = 2;
                    break;
            }
        if (columns == 2) second = WideTail;
        return 1;
    }

    /// <summary>East Asian wide and full-width ranges, and the emoji below U+10000 that terminals draw two columns wide.</summary>
    static bool IsWide(char c) => c switch
    {
        >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60'
            or >= '\uFFE0' and <= '\uFFE6' => true,
        '\u231A' or '\u231B' or '\u2329' or '\u232A' or >= '\u23E9' and <= '\u23EC' or '\u23F0' or '\u23F3'
            or '\u25FD' or '\u25FE' or '\u2614' or '\u2615' or >= '\u2648' and <= '\u2653' or '\u267F' or '\u2693'
            or '\u26A1' or '\u26AA' or '\u26AB' or '\u26BD' or '\u26BE' or '\u26C4' or '\u26C5' or '\u26CE' or '\u26D4'
            or '\u26EA' or '\u26F2' or '\u26F3' or '\u26F5' or '\u26FA' or '\u26FD' or '\u2705' or '\u270A' or '\u270B'
            or '\u2728' or '\u274C' or '\u274E' or >= '\u2753' and <= '\u2755' or '\u2757' or >= '\u2795' and <= '\u2797'
            or '\u27B0' or '\u27BF' or '\u2B1B' or '\u2B1C' or '\u2B50' or '\u2B55' => true,
        _ => false,
    };

    /// <summary>The text of a row without trailing spaces (tests, diagnostics; allocates).</summary>
    public string RowText(int row)
    {
        var text = new StringBuilder(Width);
        for (int column = 0; column < Width; column++)
        {
            char c = CharAt(row, column);
            if (c != WideTail) text.Append(c);
        }
        return text.ToString().TrimEnd(' ');
    }

    Measurement IRenderable.Measure(RenderOptions options, int maxWidth) => new(Math.Min(Width, maxWidth), Math.Min(Width, maxWidth));

    /// <summary>The used rows (up to the last that is not blank), each as runs of one style.</summary>
    IEnumerable<Segment> IRenderable.Render(RenderOptions options, int maxWidth)
    {
        int lastRow = Height - 1;
        while (lastRow >= 0 && RowText(lastRow).Length == 0) lastRow--;
        var segments = new List<Segment>();
        for (int row = 0; row <= lastRow; row++)
        {
            int lastCell = Width - 1;
            while (lastCell >= 0 && CharAt(row, lastCell) == ' ') lastCell--;
            var run = new StringBuilder();
            CellStyle runStyle = CellStyle.Plain;
            for (int column = 0; column <= lastCell; column++)
            {
                char c = CharAt(row, column);
                if (c == WideTail) continue;
                if (StyleAt(row, column) != runStyle && run.Length > 0)
                {
                    segments.Add(new Segment(run.ToString(), runStyle.ToSpectre()));
                    run.Clear();
                }
                runStyle = StyleAt(row, column);
                run.Append(c);
            }
            if (run.Length > 0) segments.Add(new Segment(run.ToString(), runStyle.ToSpectre()));
            segments.Add(Segment.LineBreak);
        }
        return segments;
    }

    static char[] Blank(int cells)
    {
        var chars = new char[cells];
        chars.AsSpan().Fill(' ');
        return chars;
    }
}
