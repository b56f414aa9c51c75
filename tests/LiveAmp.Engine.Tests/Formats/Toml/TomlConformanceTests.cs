using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveAmp.Engine.Formats.Toml;

namespace LiveAmp.Engine.Tests.Formats.Toml;

/// <summary>The TOML 1.0.0 cases of toml-test, read in place from ../shared/toml-test: every valid case must
/// produce the expected tagged-JSON document (and survive a write/read round trip), every invalid case must be
/// rejected with a <see cref="TomlException"/>.</summary>
public sealed partial class TomlConformanceTests
{
    static readonly string SuiteRoot = SharedData.Path_("toml-test");

    static IEnumerable<string> Cases(string kind) =>
        File.ReadAllLines(SharedData.File("toml-test", "files-toml-1.0.0"))
            .Where(line => line.StartsWith(kind + "/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal));

    public static TheoryData<string> ValidCases() => new(Cases("valid"));
    public static TheoryData<string> InvalidCases() => new(Cases("invalid"));

    [Fact]
    public void Suite_HasEveryCase()
    {
        Assert.Equal(210, Cases("valid").Count());
        Assert.Equal(499, Cases("invalid").Count());
    }

    [Theory, MemberData(nameof(ValidCases))]
    public void Parse_ValidCase_MatchesExpectedJson(string relativePath)
    {
        var root = ReadCase(relativePath);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(SuiteRoot, Path.ChangeExtension(relativePath, ".json"))));
        AssertMatches(expected.RootElement, root, "$");
    }

    [Theory, MemberData(nameof(ValidCases))]
    public void Write_ValidCase_ReadsBackEqual(string relativePath)
    {
        var root = ReadCase(relativePath);
        string written = TomlWriter.Write(root);
        var reread = TomlReader.Parse(written, relativePath + " (rewritten)");
        Assert.True(TomlEquality.DeepEquals(root, reread), $"round trip changed the document; written text:\n{written}");
    }

    [Theory, MemberData(nameof(InvalidCases))]
    public void Parse_InvalidCase_ThrowsTomlException(string relativePath)
    {
        var error = Assert.Throws<TomlException>(() => ReadCase(relativePath));
        Assert.Equal(relativePath, error.SourceName);
        Assert.True(error.Location.Line >= 1 && error.Location.Column >= 1, error.Message);
        Assert.StartsWith($"{relativePath}({error.Location.Line},{error.Location.Column}): ", error.Message);
    }

    static TomlTable ReadCase(string relativePath) =>
        TomlReader.Parse(File.ReadAllBytes(Path.Combine(SuiteRoot, relativePath)), relativePath);

    static void AssertMatches(JsonElement expected, TomlValue actual, string path)
    {
        if (IsTaggedScalar(expected))
        {
            string type = expected.GetProperty("type").GetString()!;
            string text = expected.GetProperty("value").GetString()!;
            switch (type)
            {
                case "string":
                    Assert.Equal(text, Assert.IsType<TomlString>(actual).Value);
                    break;
                case "integer":
                    Assert.Equal(long.Parse(text, CultureInfo.InvariantCulture), Assert.IsType<TomlInteger>(actual).Value);
                    break;
                case "float":
                    double value = Assert.IsType<TomlFloat>(actual).Value;
                    double want = text.TrimStart('+') switch
                    {
                        "inf" => double.PositiveInfinity,
                        "-inf" => double.NegativeInfinity,
                        "nan" or "-nan" => double.NaN,
                        var other => double.Parse(other, CultureInfo.InvariantCulture),
                    };
                    if (double.IsNaN(want)) Assert.True(double.IsNaN(value), $"{path}: expected nan, got {value}");
                    else Assert.True(want == value, $"{path}: expected {want:R}, got {value:R}");
                    break;
                case "bool":
                    Assert.Equal(text == "true", Assert.IsType<TomlBoolean>(actual).Value);
                    break;
                case "datetime" or "datetime-local" or "date-local" or "time-local":
                    var date = Assert.IsType<TomlDateTime>(actual);
                    var reference = ExpectedDateTime(type, text);
                    Assert.Equal(reference.DateTimeKind, date.DateTimeKind);
                    Assert.True(reference.OrdinalNanoseconds == date.OrdinalNanoseconds, $"{path}: expected {text}, got {date}");
                    break;
                default:
                    Assert.Fail($"{path}: unknown tag {type}");
                    break;
            }
            return;
        }
        if (expected.ValueKind == JsonValueKind.Array)
        {
            var array = Assert.IsType<TomlArray>(actual);
            Assert.True(expected.GetArrayLength() == array.Count, $"{path}: expected {expected.GetArrayLength()} items, got {array.Count}");
            int i = 0;
            foreach (var item in expected.EnumerateArray()) { AssertMatches(item, array[i], $"{path}[{i}]"); i++; }
            return;
        }
        var table = Assert.IsType<TomlTable>(actual);
        var keys = expected.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(keys, table.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
        foreach (var property in expected.EnumerateObject())
            AssertMatches(property.Value, table[property.Name], $"{path}.{property.Name}");
    }

    static bool IsTaggedScalar(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Count() == 2
        && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String;

    [GeneratedRegex(@"^(?:(\d{4})-(\d{2})-(\d{2}))?[Tt ]?(?:(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:\d{2})?$")]
    private static partial Regex Rfc3339();

    /// <summary>The expected date-time, parsed independently of the reader from the JSON's RFC 3339 text.</summary>
    static TomlDateTime ExpectedDateTime(string type, string text)
    {
        var m = Rfc3339().Match(text);
        Assert.True(m.Success, $"unexpected date-time text in the suite: {text}");
        int Group(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        string fraction = m.Groups[7].Success ? m.Groups[7].Value : "";
        int nanos = int.Parse((fraction + "000000000")[..9], CultureInfo.InvariantCulture);
        int? offset = null;
        if (m.Groups[8].Success)
        {
            string o = m.Groups[8].Value;
            offset = o is "Z" or "z" ? 0 : (o[0] == '-' ? -1 : 1) * (int.Parse(o[1..3], CultureInfo.InvariantCulture) * 60 + int.Parse(o[4..6], CultureInfo.InvariantCulture));
        }
        return new TomlDateTime
        {
            DateTimeKind = type switch
            {
                "datetime" => TomlDateTimeKind.OffsetDateTime,
                "datetime-local" => TomlDateTimeKind.LocalDateTime,
                "date-local" => TomlDateTimeKind.LocalDate,
                _ => TomlDateTimeKind.LocalTime,
            },
            Year = Group(1), Month = Group(2), Day = Group(3),
            Hour = Group(4), Minute = Group(5), Second = Group(6), Nanosecond = nanos, OffsetMinutes = offset,
        };
    }
}
