using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Tests.Formats.Toml;

/// <summary>Random edits of the valid suite files (fixed seeds): the reader either returns a document or throws a
/// <see cref="TomlException"/>; it never throws anything else, never hangs, and rejects the mutations that are
/// invalid by rules one can check by hand.</summary>
public sealed partial class TomlFuzzTests
{
    static readonly byte[][] ValidFiles =
        File.ReadAllLines(SharedData.File("toml-test", "files-toml-1.0.0"))
            .Where(line => line.StartsWith("valid/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Select(line => File.ReadAllBytes(SharedData.Path_("toml-test", line)))
            .ToArray();

    /// <summary>Parses and returns whether a document came back; any exception but TomlException fails the test.</summary>
    static bool Accepts(byte[] input, string description)
    {
        try
        {
            TomlReader.Parse(input, "fuzz.toml");
            return true;
        }
        catch (TomlException error)
        {
            Assert.True(error.Location.Line >= 1, $"{description}: error without a line: {error.Message}");
            return false;
        }
        catch (Exception other)
        {
            Assert.Fail($"{description}: {other.GetType().Name} instead of TomlException: {other.Message}\ninput: {Convert.ToHexString(input)}");
            return false;
        }
    }

    const string Interesting = "\"'[]{}=.,#\\\n\r \t0_-+:eExobTZ";

    static void WithinTimeLimit(Action action)
    {
        var run = Task.Run(action);
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "the reader hung (fuzz run exceeded 60 s)");
        run.GetAwaiter().GetResult();
    }

    [Fact]
    public void Parse_RandomByteEdits_NeverCrashOrHang()
    {
        WithinTimeLimit(() =>
        {
            var random = new Random(20_241_202);
            var watch = Stopwatch.StartNew();
            int accepted = 0, rejected = 0;
            for (int i = 0; i < 4000; i++)
            {
                byte[] source = ValidFiles[random.Next(ValidFiles.Length)];
                var bytes = new List<byte>(source);
                int edits = 1 + random.Next(3);
                for (int e = 0; e < edits; e++)
                {
                    int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
                    byte value = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)Interesting[random.Next(Interesting.Length)];
                    switch (random.Next(4))
                    {
                        case 0 when bytes.Count > 0: bytes[at] = value; break;
                        case 1: bytes.Insert(at, value); break;
                        case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                        default: bytes.RemoveRange(at, bytes.Count - at); break;
                    }
                }
                if (Accepts([.. bytes], $"edit #{i}")) accepted++; else rejected++;
            }
            Assert.True(rejected > 1000 && accepted > 100, $"mutations were not varied enough: {accepted} accepted, {rejected} rejected");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"4000 mutated parses took {watch.Elapsed}");
        });
    }

    [Fact]
    public void Parse_EveryTruncation_NeverCrashes()
    {
        WithinTimeLimit(() =>
        {
            var random = new Random(7);
            for (int i = 0; i < 60; i++)
            {
                byte[] source = ValidFiles[random.Next(ValidFiles.Length)];
                for (int length = 0; length < source.Length; length++)
                    Accepts(source[..length], $"truncation to {length} bytes");
            }
        });
    }

    [GeneratedRegex("^[ \t]*[A-Za-z0-9_-]+[ \t]*=[ \t]*\"[^\"\\\\\n]{2,}\"[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SimpleStringLine();

    [GeneratedRegex(@"^[ \t]*\[[A-Za-z0-9_-]{2,}\][ \t]*$", RegexOptions.Multiline)]
    private static partial Regex SimpleHeaderLine();

    [Fact]
    public void Parse_TruncationInsideAStringOrHeader_IsRejected()
    {
        // The cut falls inside "..." on a line `key = "..."`, or inside [name]: whether that line is a real key or
        // sits in a multi-line string, the text ends in an unterminated string or header, which is invalid.
        int checkedCases = 0;
        foreach (var file in ValidFiles)
        {
            string text = Encoding.UTF8.GetString(file);
            foreach (Match line in SimpleStringLine().Matches(text).Concat(SimpleHeaderLine().Matches(text)))
            {
                int open = line.Value.IndexOfAny(['"', '[']);
                for (int k = 1; k < 3; k++)
                {
                    string truncated = text[..(line.Index + open + k)];
                    Assert.False(Accepts(Encoding.UTF8.GetBytes(truncated), "truncated string"), $"accepted a truncated file ending in: {truncated[^Math.Min(40, truncated.Length)..]}");
                    checkedCases++;
                }
            }
        }
        Assert.True(checkedCases > 100, $"only {checkedCases} cases");
    }

    [Fact]
    public void Parse_InsertedNulOrInvalidUtf8Byte_IsAlwaysRejected()
    {
        // U+0000 is not allowed anywhere in TOML, not even in strings or comments; 0xFF is never valid UTF-8.
        var random = new Random(99);
        for (int i = 0; i < 1500; i++)
        {
            byte[] source = ValidFiles[random.Next(ValidFiles.Length)];
            var bytes = new List<byte>(source);
            int at = random.Next(bytes.Count + 1);
            // Insert between whole UTF-8 sequences only, so the NUL case cannot be masked by a broken sequence.
            while (at < bytes.Count && (bytes[at] & 0xC0) == 0x80) at++;
            bytes.Insert(at, i % 2 == 0 ? (byte)0x00 : (byte)0xFF);
            Assert.False(Accepts([.. bytes], $"inserted byte at {at}"), $"accepted a control/invalid byte at offset {at}");
        }
    }
}
