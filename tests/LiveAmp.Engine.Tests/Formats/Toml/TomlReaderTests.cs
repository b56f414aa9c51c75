using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Tests.Formats.Toml;

public sealed class TomlReaderTests
{
    [Fact]
    public void Parse_Values_KeepTheirSpans()
    {
        const string text = "# amp\n[amp]\ndrive = 6.5  # knob\nname = \"Clean\"\n";
        var root = TomlReader.Parse(text, "p.toml");
        var amp = Assert.IsType<TomlTable>(root["amp"]);
        var drive = amp["drive"];
        Assert.Equal((3, 9), (drive.Span.Line, drive.Span.Column));
        Assert.Equal("6.5", text[drive.Span.Start..drive.Span.End]);
        Assert.Equal("\"Clean\"", text[amp["name"].Span.Start..amp["name"].Span.End]);
        Assert.Equal((4, 1), (amp.KeySpan("name").Line, amp.KeySpan("name").Column));
        Assert.Equal(2, amp.Span.Line);
    }

    [Theory]
    [InlineData("a = 1\nb = \"abc", 2, 5, "unterminated string")]
    [InlineData("a = 1\nb = 01", 2, 5, "leading zeros")]
    [InlineData("[a]\nx = 1\n[a]", 3, 2, "table [a] is already defined (line 1)")]
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key `a` (first defined at line 1)")]
    [InlineData("a = tru", 1, 5, "expected `true` or `false`")]
    [InlineData("a = 2024-02-30", 1, 5, "day 30 does not exist in 2024-02")]
    [InlineData("a = { b = 1, }", 1, 14, "trailing comma")]
    [InlineData("a = \"\\x41\"", 1, 6, "invalid escape sequence `\\x`")]
    [InlineData("a = 1 b = 2", 1, 7, "expected a new line after the value of `a`, found `b`")]
    [InlineData("x = 9223372036854775808", 1, 5, "does not fit a 64-bit signed integer")]
    public void Parse_InvalidText_ReportsLineColumnAndProblem(string text, int line, int column, string fragment)
    {
        var error = Assert.Throws<TomlException>(() => TomlReader.Parse(text, "bad.toml"));
        Assert.Equal("bad.toml", error.SourceName);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Contains(fragment, error.Problem);
        Assert.StartsWith($"bad.toml({line},{column}): ", error.Message);
    }

    [Fact]
    public void Parse_DeepNesting_IsAnErrorNotAStackOverflow()
    {
        var error = Assert.Throws<TomlException>(() => TomlReader.Parse("a = " + new string('[', 100_000), "deep.toml"));
        Assert.Equal((1, 133), (error.Location.Line, error.Location.Column));
        Assert.Contains("nested more than 128 deep", error.Problem);
        string ok = "a = " + new string('[', 128) + new string(']', 128);
        Assert.Single(TomlReader.Parse(ok, "ok.toml"));
        Assert.Throws<TomlException>(() => TomlReader.Parse("a = " + string.Concat(Enumerable.Repeat("{b=", 200)), "deep.toml"));
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsLineAndColumnOfTheBadByte()
    {
        byte[] bytes = [.. "a = 1\nb = \""u8, 0xC3, 0x28, .. "\"\n"u8];
        var error = Assert.Throws<TomlException>(() => TomlReader.Parse(bytes, "enc.toml"));
        Assert.Equal((2, 6), (error.Location.Line, error.Location.Column));
        Assert.Contains("invalid UTF-8 (byte 0xC3 at byte offset 11)", error.Problem);
    }

    [Fact]
    public void Parse_AllScalarForms_ProduceTheirValues()
    {
        var root = TomlReader.Parse(""""
            hex = 0xDEAD_beef
            oct = 0o755
            bin = 0b1101
            big = -9_223_372_036_854_775_808
            exp = 6.626e-34
            ninf = -inf
            ml = '''
            raw \n'''
            joined = """a\
                      b"""
            odt = 1979-05-27T00:32:00.123456789123-07:00
            lt = 07:32:00
            """".Replace("\r\n", "\n"), "s.toml");
        Assert.Equal(0xDEADBEEF, ((TomlInteger)root["hex"]).Value);
        Assert.Equal(493, ((TomlInteger)root["oct"]).Value);
        Assert.Equal(13, ((TomlInteger)root["bin"]).Value);
        Assert.Equal(long.MinValue, ((TomlInteger)root["big"]).Value);
        Assert.Equal(6.626e-34, ((TomlFloat)root["exp"]).Value);
        Assert.Equal(double.NegativeInfinity, ((TomlFloat)root["ninf"]).Value);
        Assert.Equal("raw \\n", ((TomlString)root["ml"]).Value);
        Assert.Equal("ab", ((TomlString)root["joined"]).Value);
        var odt = (TomlDateTime)root["odt"];
        Assert.Equal((TomlDateTimeKind.OffsetDateTime, 123456789, -420), (odt.DateTimeKind, odt.Nanosecond, odt.OffsetMinutes));
        Assert.Equal("1979-05-27T00:32:00.123456789-07:00", odt.ToString());
        Assert.Equal(TomlDateTimeKind.LocalTime, ((TomlDateTime)root["lt"]).DateTimeKind);
    }

    [Fact]
    public void Parse_DottedKeysInsideASection_CanBeExtendedButNotRedefined()
    {
        var root = TomlReader.Parse("[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n", "f.toml");
        var apple = (TomlTable)((TomlTable)root["fruit"])["apple"];
        Assert.Equal(["color", "taste", "texture"], apple.Keys);
        var error = Assert.Throws<TomlException>(() =>
            TomlReader.Parse("[fruit]\napple.color = 'red'\n[fruit.apple]\n", "f.toml"));
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Writer_BuiltDocument_ReadsBackEqual()
    {
        var root = new TomlTable { { "name", "Lead \"hot\"\n" }, { "level", -3.0 }, { "n", 7 } };
        var amp = new TomlTable { { "tags", new TomlArray(["a", "b"]) }, { "inline", new TomlTable { IsInline = true, ["x"] = 1 } } };
        root.Add("amp key", amp);
        string text = TomlWriter.Write(root);
        Assert.Contains("[\"amp key\"]", text);
        Assert.Contains("level = -3.0", text);
        Assert.True(TomlEquality.DeepEquals(root, TomlReader.Parse(text, "w.toml")), text);
    }

    [Fact]
    public void Decode_ByteOrderMark_IsAcceptedOnceAtTheStart()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        Assert.Equal(1, ((TomlInteger)TomlReader.Parse([.. bom, .. "a = 1"u8], "b.toml")["a"]).Value);
        Assert.Throws<TomlException>(() => TomlReader.Parse([.. bom, .. bom, .. "a = 1"u8], "b.toml"));
        Assert.Equal("\uFEFFa = 1", TomlReader.Decode([.. bom, .. "a = 1"u8], "b.toml"));
    }
}
