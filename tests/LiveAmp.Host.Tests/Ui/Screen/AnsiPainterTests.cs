using System.Text;
using LiveAmp.Host.Ui.Screen;

namespace LiveAmp.Host.Tests.Ui.Screen;

public class AnsiPainterTests
{
    sealed class Painted
    {
        readonly MemoryStream _bytes = new();
        int _read;
        public Painted() => Painter = new AnsiPainter(_bytes);
        public AnsiPainter Painter { get; }

        /// <summary>What was written since the last call.</summary>
        public string Next()
        {
            string text = Encoding.UTF8.GetString(_bytes.GetBuffer(), _read, (int)_bytes.Length - _read);
            _read = (int)_bytes.Length;
            return text;
        }
    }

    static ScreenBuffer Screen(string line, int width = 20, int height = 3)
    {
        var screen = new ScreenBuffer(width, height);
        var pen = new Pen(screen, 1, 0, width);
        pen.Write(line, CellStyle.Green);
        return screen;
    }

    [Fact]
    public void The_first_frame_clears_and_paints_every_cell_with_its_style()
    {
        var painted = new Painted();
        painted.Painter.Paint(Screen("DSP 8.1 %"));
        string text = painted.Next();
        Assert.StartsWith("\e[0m\e[2J", text);
        Assert.Contains("\e[0;32mDSP 8.1 %", text);
    }

    [Fact]
    public void Later_frames_send_only_the_cells_that_changed()
    {
        var painted = new Painted();
        painted.Painter.Paint(Screen("DSP 8.1 %"));
        painted.Next();
        painted.Painter.Paint(Screen("DSP 8.1 %"));
        Assert.Equal("", painted.Next());

        painted.Painter.Paint(Screen("DSP 9.1 %"));
        Assert.Equal("\e[2;5H\e[0;32m9", painted.Next());   // row 2, column 5, in green
    }

    [Fact]
    public void A_new_size_repaints_the_whole_screen()
    {
        var painted = new Painted();
        painted.Painter.Paint(Screen("abc"));
        painted.Next();
        painted.Painter.Paint(Screen("abc", width: 30));
        string text = painted.Next();
        Assert.StartsWith("\e[0m\e[2J", text);
        Assert.Contains("abc", text);
    }

    [Fact]
    public void A_wide_glyph_is_sent_once_as_one_character_and_the_cursor_placed_again_after_it()
    {
        var painted = new Painted();
        painted.Painter.Paint(Screen("a🎸b"));
        // Terminals disagree on some glyphs' widths: the cell after one is addressed explicitly (row 2, column 4).
        Assert.Contains("a🎸\e[2;4Hb", painted.Next());
    }

    [Fact]
    public void Enter_and_leave_switch_screens_and_the_cursor()
    {
        var painted = new Painted();
        painted.Painter.Enter();
        Assert.Contains("\e[?1049h", painted.Next());
        painted.Painter.Leave();
        string left = painted.Next();
        Assert.Contains("\e[?1049l", left);
        Assert.Contains("\e[?25h", left);
    }
}
