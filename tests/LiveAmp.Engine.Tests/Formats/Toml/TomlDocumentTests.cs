using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Tests.Formats.Toml;

public sealed class TomlDocumentTests : IDisposable
{
    const string HandWritten = """
        # My crunch sound — keep these notes!
        schema = 1
        name   = "Crunch"          # shown in the list

        [amp]
        dsp   = "crunch"
        drive = 6.0                # pushed a bit
        tone  = 4.5

        # the cab I like
        [cab]
        ir = "irs/v30.wav"
        levels.trim = 1

        """;

    readonly string _folder = Directory.CreateTempSubdirectory("liveamp-toml-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static string Lf(string text) => text.Replace("\r\n", "\n");

    [Fact]
    public void SetValue_ExistingValue_RewritesOnlyThatText()
    {
        var document = TomlDocument.Parse(Lf(HandWritten), "crunch.toml");
        document.SetValue("amp.drive", 7.25);
        document.SetValue("name", "Crunch 2");
        Assert.Equal(Lf(HandWritten).Replace("drive = 6.0", "drive = 7.25").Replace("\"Crunch\"", "\"Crunch 2\""), document.Text);
        Assert.Equal(7.25, ((TomlFloat)document.GetValue("amp.drive")!).Value);
    }

    [Fact]
    public void SetValue_NewKeyInExistingSection_InsertsAfterItsLastKey()
    {
        var document = TomlDocument.Parse(Lf(HandWritten), "crunch.toml");
        document.SetValue("amp.level", 3);
        document.SetValue("description", "for rhythm");
        string expected = Lf(HandWritten)
            .Replace("tone  = 4.5\n", "tone  = 4.5\nlevel = 3\n")
            .Replace("# shown in the list\n", "# shown in the list\ndescription = \"for rhythm\"\n");
        Assert.Equal(expected, document.Text);
    }

    [Fact]
    public void SetValue_MissingSection_AppendsTheSection()
    {
        var document = TomlDocument.Parse(Lf(HandWritten), "crunch.toml");
        document.SetValue("gate.threshold_db", -60.0);
        Assert.Equal(Lf(HandWritten) + "\n[gate]\nthreshold_db = -60.0\n", document.Text);
    }

    [Fact]
    public void SetValue_KeyUnderADottedTable_WritesADottedKeyInTheSection()
    {
        var document = TomlDocument.Parse(Lf(HandWritten), "crunch.toml");
        document.SetValue("cab.levels.db", -3.5);
        Assert.Contains("levels.trim = 1\nlevels.db = -3.5\n", document.Text);
        Assert.Equal(-3.5, ((TomlFloat)document.GetValue(["cab", "levels", "db"])!).Value);
    }

    [Fact]
    public void SetValue_NewKeyInAnInlineTable_RewritesThatTableOnly()
    {
        var document = TomlDocument.Parse("# keep\ncab = { ir = \"a.wav\" }   # inline\nx = 1\n", "i.toml");
        document.SetValue("cab.level_db", -3.0);
        document.SetValue("cab.deep.k", true);
        Assert.Equal("# keep\ncab = { ir = \"a.wav\", level_db = -3.0, deep = { k = true } }   # inline\nx = 1\n", document.Text);
        document.SetValue("cab.ir", "b.wav");
        Assert.Equal("b.wav", ((TomlString)document.GetValue("cab.ir")!).Value);
    }

    [Fact]
    public void SetValue_OnATableSection_ThrowsAndKeepsTheText()
    {
        var document = TomlDocument.Parse(Lf(HandWritten), "crunch.toml");
        Assert.Throws<InvalidOperationException>(() => document.SetValue("amp", 1));
        Assert.Throws<InvalidOperationException>(() => document.SetValue("amp.drive.x", 1));
        Assert.Equal(Lf(HandWritten), document.Text);
    }

    [Fact]
    public void SetValue_CrLfFile_KeepsCrLf()
    {
        string crlf = Lf(HandWritten).Replace("\n", "\r\n");
        var document = TomlDocument.Parse(crlf, "crunch.toml");
        document.SetValue("amp.level", 2);
        Assert.Contains("tone  = 4.5\r\nlevel = 2\r\n", document.Text);
        Assert.DoesNotContain("\r\r", document.Text);
        Assert.Equal(crlf.Length + "level = 2\r\n".Length, document.Text.Length);
    }

    [Fact]
    public void Save_WritesTheTextAtomicallyAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "crunch.toml");
        File.WriteAllText(path, Lf(HandWritten));
        var document = TomlDocument.Load(path);
        document.SetValue("amp.tone", 5.5);
        document.Save(path);
        Assert.Equal(document.Text, File.ReadAllText(path));
        Assert.Equal(["crunch.toml"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal(5.5, ((TomlFloat)TomlDocument.Load(path).GetValue("amp.tone")!).Value);
    }

    [Fact]
    public void SplitPath_QuotedKeys_FollowTheTomlGrammar()
    {
        Assert.Equal(["a", "b.c", "d"], TomlDocument.SplitPath("a.\"b.c\".d"));
        Assert.Throws<TomlException>(() => TomlDocument.SplitPath("a..b"));
    }
}
