using System.Buffers;
using System.Globalization;
using System.Text;
using LiveAmp.Engine.Diagnostics;

namespace LiveAmp.Engine.Formats.Toml;

/// <summary>Reads TOML 1.0.0 into a <see cref="TomlTable"/> whose values keep their source spans. Any input that
/// is not valid TOML (including invalid UTF-8) raises a <see cref="TomlException"/> naming the line, column and
/// what was expected; nothing else is thrown.</summary>
public static class TomlReader
{
    /// <summary>Decodes strict UTF-8 and parses it (one leading byte-order mark is allowed).</summary>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string sourceName) => Parse(Decode(utf8, sourceName), sourceName);

    public static TomlTable Parse(string text, string sourceName) => new Parser(text, sourceName).ParseDocument();

    /// <summary>Strict UTF-8 to UTF-16: an invalid sequence is an error at its line and column. A byte-order mark
    /// is kept as U+FEFF (the parser skips one at the start), so that the text saves back unchanged.</summary>
    public static string Decode(ReadOnlySpan<byte> utf8, string sourceName)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, utf8.Length));
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out int bytesRead, out int charsWritten,
                replaceInvalidSequences: false);
            var decoded = new string(chars, 0, charsWritten);
            if (status == OperationStatus.Done) return decoded;
            var (line, column) = LineColumn(decoded, decoded.Length);
            throw new TomlException(sourceName, SourceLocation.At(line, column),
                $"invalid UTF-8 (byte 0x{utf8[bytesRead]:X2} at byte offset {bytesRead}); TOML files must be UTF-8");
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }

    static (int Line, int Column) LineColumn(string text, int offset)
    {
        int line = 1, lineStart = 0;
        for (int i = 0; i < offset && i < text.Length; i++)
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        return (line, offset - lineStart + 1);
    }

    sealed class Parser(string text, string sourceName)
    {
        readonly string _text = text;
        readonly string _source = sourceName;
        readonly TomlTable _root = new();
        List<int>? _lineStarts;
        int _pos;
        int _sectionCounter;
        int _depth;

        /// <summary>Arrays and inline tables nest by recursion; a bound keeps hostile input from overflowing the stack.</summary>
        public const int MaxNesting = 128;

        bool AtEnd => _pos >= _text.Length;
        char Cur => _pos < _text.Length ? _text[_pos] : '\0';
        char At(int index) => index < _text.Length ? _text[index] : '\0';

        public TomlTable ParseDocument()
        {
            if (_text.Length > 0 && _text[0] == '\uFEFF') _pos = 1;
            _root.Span = Span(0, 0);
            _root.InsertOffset = 0;
            TomlTable current = _root;
            int section = 0;
            while (true)
            {
                SkipSpaces();
                if (AtEnd) break;
                char c = Cur;
                if (c == '#') { SkipComment(); ExpectLineEnd("after the comment"); continue; }
                if (c == '\n' || c == '\r') { ExpectLineEnd("here"); continue; }
                if (c == '[')
                {
                    section = ++_sectionCounter;
                    current = ParseHeader();
                    SkipSpaces();
                    if (Cur == '#') SkipComment();
                    ExpectLineEnd("after the table header");
                    current.InsertOffset = _pos;
                }
                else
                {
                    var key = ParseKeyValue(current, section);
                    SkipSpaces();
                    if (Cur == '#') SkipComment();
                    ExpectLineEnd($"after the value of `{key}`");
                    current.InsertOffset = _pos;
                }
            }
            return _root;
        }

        // ---- structure -------------------------------------------------------------------------------------

        TomlTable ParseHeader()
        {
            int start = _pos;
            bool isArray = At(_pos + 1) == '[';
            _pos += isArray ? 2 : 1;
            SkipSpaces();
            var keys = ParseKey();
            SkipSpaces();
            if (Cur != ']' || (isArray && At(_pos + 1) != ']'))
                throw Error(_pos, isArray ? "expected `]]` to close the array-of-tables header" : "expected `]` to close the table header");
            _pos += isArray ? 2 : 1;
            var span = Span(start, _pos);

            TomlTable parent = _root;
            for (int i = 0; i < keys.Count - 1; i++) parent = DescendForHeader(parent, keys[i]);
            var (name, keySpan) = keys[^1];
            string path = JoinKeys(keys);
            if (isArray)
            {
                var table = new TomlTable { DefinedByHeader = true, Span = span };
                if (parent.TryGetValue(name, out var existing))
                {
                    if (existing is not TomlArray { IsArrayOfTables: true } array)
                        throw Error(keySpan.Start, existing is TomlArray
                            ? $"cannot append to `{path}` with [[{path}]]: it is a static array (line {existing.Span.Line})"
                            : $"cannot define [[{path}]]: `{path}` is already a {existing.TypeName} (line {existing.Span.Line})");
                    array.Add(table);
                }
                else
                {
                    var array = new TomlArray { IsArrayOfTables = true, Span = span };
                    array.Add(table);
                    parent.Add(name, array, keySpan);
                }
                return table;
            }
            if (parent.TryGetValue(name, out var value))
            {
                if (value is not TomlTable table)
                    throw Error(keySpan.Start, value is TomlArray { IsArrayOfTables: true }
                        ? $"cannot define [{path}]: it is an array of tables (use [[{path}]])"
                        : $"cannot define [{path}]: `{path}` is already a {value.TypeName} (line {value.Span.Line})");
                if (table.Frozen)
                    throw Error(keySpan.Start, $"cannot define [{path}]: it is an inline table (line {table.Span.Line}), which cannot be extended");
                if (table.DefinedByHeader || table.DottedSection >= 0)
                    throw Error(keySpan.Start, $"table [{path}] is already defined (line {table.Span.Line})");
                table.DefinedByHeader = true;
                table.Span = span;
                return table;
            }
            var created = new TomlTable { DefinedByHeader = true, Span = span };
            parent.Add(name, created, keySpan);
            return created;
        }

        TomlTable DescendForHeader(TomlTable parent, (string Name, TomlSpan Span) key)
        {
            if (!parent.TryGetValue(key.Name, out var value))
            {
                var implicitTable = new TomlTable { Span = key.Span };
                parent.Add(key.Name, implicitTable, key.Span);
                return implicitTable;
            }
            return value switch
            {
                TomlTable { Frozen: true } => throw Error(key.Span.Start, $"`{key.Name}` is an inline table (line {value.Span.Line}), which cannot be extended"),
                TomlTable table => table,
                TomlArray { IsArrayOfTables: true } array => (TomlTable)array[^1],
                _ => throw Error(key.Span.Start, $"`{key.Name}` is already a {value.TypeName} (line {value.Span.Line}), not a table"),
            };
        }

        /// <summary>key = value into <paramref name="target"/>; dotted keys create or extend tables of this section.</summary>
        string ParseKeyValue(TomlTable target, int section)
        {
            var keys = ParseKey();
            SkipSpaces();
            if (Cur != '=') throw Error(_pos, $"expected `=` after the key `{JoinKeys(keys)}`, found {Describe(_pos)}");
            _pos++;
            SkipSpaces();
            var value = ParseValue();

            var table = target;
            for (int i = 0; i < keys.Count - 1; i++)
            {
                var (name, keySpan) = keys[i];
                if (!table.TryGetValue(name, out var existing))
                {
                    var created = new TomlTable { DottedSection = section, Span = keySpan };
                    table.Add(name, created, keySpan);
                    table = created;
                    continue;
                }
                if (existing is not TomlTable inner)
                    throw Error(keySpan.Start, $"`{name}` is already a {existing.TypeName} (line {existing.Span.Line}), not a table");
                if (inner.Frozen)
                    throw Error(keySpan.Start, $"`{name}` is an inline table (line {inner.Span.Line}), which cannot be extended");
                if (inner.DefinedByHeader || (inner.DottedSection >= 0 && inner.DottedSection != section))
                    throw Error(keySpan.Start, $"cannot add to table `{name}` with a dotted key: it is defined elsewhere (line {inner.Span.Line})");
                inner.DottedSection = section;
                table = inner;
            }
            var (last, lastSpan) = keys[^1];
            if (table.TryGetValue(last, out var duplicate))
                throw Error(lastSpan.Start, $"duplicate key `{JoinKeys(keys)}` (first defined at line {table.KeySpan(last).Line})");
            table.Add(last, value, lastSpan);
            return JoinKeys(keys);
        }

        List<(string Name, TomlSpan Span)> ParseKey()
        {
            var parts = new List<(string, TomlSpan)>(2);
            while (true)
            {
                SkipSpaces();
                int start = _pos;
                string name;
                char c = Cur;
                if (c == '"')
                {
                    if (At(_pos + 1) == '"' && At(_pos + 2) == '"') throw Error(_pos, "a multi-line string cannot be a key");
                    name = ParseBasicString();
                }
                else if (c == '\'')
                {
                    if (At(_pos + 1) == '\'' && At(_pos + 2) == '\'') throw Error(_pos, "a multi-line string cannot be a key");
                    name = ParseLiteralString();
                }
                else
                {
                    while (!AtEnd && IsBareKeyChar(Cur)) _pos++;
                    if (_pos == start) throw Error(_pos, $"expected a key (letters, digits, `_`, `-` or a quoted string), found {Describe(_pos)}");
                    name = _text[start.._pos];
                }
                parts.Add((name, Span(start, _pos)));
                SkipSpaces();
                if (Cur != '.') return parts;
                _pos++;
            }
        }

        static bool IsBareKeyChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

        // ---- values ----------------------------------------------------------------------------------------

        TomlValue ParseValue()
        {
            int start = _pos;
            TomlValue value;
            char c = Cur;
            if (AtEnd) throw Error(_pos, "expected a value, found the end of the file");
            switch (c)
            {
                case '"':
                    value = new TomlString(At(_pos + 1) == '"' && At(_pos + 2) == '"' ? ParseMultilineBasicString() : ParseBasicString());
                    break;
                case '\'':
                    value = new TomlString(At(_pos + 1) == '\'' && At(_pos + 2) == '\'' ? ParseMultilineLiteralString() : ParseLiteralString());
                    break;
                case 't': value = new TomlBoolean(ExpectWord("true")); break;
                case 'f': value = new TomlBoolean(!ExpectWord("false")); break;
                case '[' or '{':
                    if (++_depth > MaxNesting) throw Error(_pos, $"arrays and inline tables nested more than {MaxNesting} deep");
                    value = c == '[' ? ParseArray() : ParseInlineTable();
                    _depth--;
                    break;
                default:
                    if (c is (>= '0' and <= '9') or '+' or '-' or 'i' or 'n') { value = ParseNumberOrDate(); break; }
                    throw Error(_pos, $"expected a value (string, number, boolean, date-time, array or inline table), found {Describe(_pos)}");
            }
            value.Span = Span(start, _pos);
            return value;
        }

        bool ExpectWord(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0 || IsBareKeyChar(At(_pos + word.Length)))
                throw Error(_pos, $"expected `true` or `false` (lower case), found {Describe(_pos)}");
            _pos += word.Length;
            return true;
        }

        TomlArray ParseArray()
        {
            var array = new TomlArray();
            _pos++;
            while (true)
            {
                SkipSpacesCommentsNewlines();
                if (Cur == ']') { _pos++; break; }
                array.Add(ParseValue());
                SkipSpacesCommentsNewlines();
                if (Cur == ',') { _pos++; continue; }
                if (Cur == ']') { _pos++; break; }
                throw Error(_pos, $"expected `,` or `]` in the array, found {Describe(_pos)}");
            }
            Freeze(array);
            return array;
        }

        TomlTable ParseInlineTable()
        {
            var table = new TomlTable { IsInline = true };
            int section = ++_sectionCounter;
            _pos++;
            SkipSpaces();
            if (Cur == '}') { _pos++; Freeze(table); return table; }
            while (true)
            {
                ParseKeyValue(table, section);
                SkipSpaces();
                if (Cur == ',')
                {
                    _pos++;
                    SkipSpaces();
                    if (Cur == '}') throw Error(_pos, "a trailing comma is not allowed in an inline table");
                    continue;
                }
                if (Cur == '}') { _pos++; break; }
                throw Error(_pos, Cur is '\n' or '\r'
                    ? "an inline table must be on one line; expected `,` or `}`"
                    : $"expected `,` or `}}` in the inline table, found {Describe(_pos)}");
            }
            Freeze(table);
            return table;
        }

        static void Freeze(TomlValue value)
        {
            if (value is TomlTable table)
            {
                table.Frozen = true;
                foreach (var (_, child) in table) Freeze(child);
            }
            else if (value is TomlArray array)
                foreach (var child in array) Freeze(child);
        }

        // ---- strings ---------------------------------------------------------------------------------------

        string ParseBasicString()
        {
            int start = _pos++;
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error(start, "unterminated string: expected a closing `\"` before the end of the file");
                char c = Cur;
                if (c == '"') { _pos++; return text.ToString(); }
                if (c == '\\') { ParseEscape(text); continue; }
                if (c is '\n' or '\r') throw Error(start, "unterminated string: expected a closing `\"` before the end of the line");
                CheckStringChar(c);
                text.Append(c);
                _pos++;
            }
        }

        string ParseMultilineBasicString()
        {
            int start = _pos;
            _pos += 3;
            SkipOneNewline();
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error(start, "unterminated multi-line string: expected a closing `\"\"\"`");
                char c = Cur;
                if (c == '"')
                {
                    int run = CountRun('"');
                    if (run >= 3)
                    {
                        if (run > 5) throw Error(_pos + 5, "too many `\"` at the end of a multi-line string");
                        text.Append('"', run - 3);
                        _pos += run;
                        return text.ToString();
                    }
                    text.Append('"', run);
                    _pos += run;
                    continue;
                }
                if (c == '\\')
                {
                    int look = _pos + 1;
                    while (At(look) is ' ' or '\t') look++;
                    if (At(look) == '\n' || (At(look) == '\r' && At(look + 1) == '\n'))
                    {
                        // Line-ending backslash: drop the newline and all whitespace that follows.
                        _pos = look;
                        while (true)
                        {
                            if (Cur is ' ' or '\t' or '\n') _pos++;
                            else if (Cur == '\r' && At(_pos + 1) == '\n') _pos += 2;
                            else break;
                        }
                        continue;
                    }
                    ParseEscape(text);
                    continue;
                }
                if (AppendNewline(text)) continue;
                CheckStringChar(c);
                text.Append(c);
                _pos++;
            }
        }

        string ParseLiteralString()
        {
            int start = _pos++;
            int contentStart = _pos;
            while (true)
            {
                if (AtEnd) throw Error(start, "unterminated string: expected a closing `'` before the end of the file");
                char c = Cur;
                if (c == '\'') { _pos++; return _text[contentStart..(_pos - 1)]; }
                if (c is '\n' or '\r') throw Error(start, "unterminated string: expected a closing `'` before the end of the line");
                CheckStringChar(c);
                _pos++;
            }
        }

        string ParseMultilineLiteralString()
        {
            int start = _pos;
            _pos += 3;
            SkipOneNewline();
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error(start, "unterminated multi-line string: expected a closing `'''`");
                char c = Cur;
                if (c == '\'')
                {
                    int run = CountRun('\'');
                    if (run >= 3)
                    {
                        if (run > 5) throw Error(_pos + 5, "too many `'` at the end of a multi-line string");
                        text.Append('\'', run - 3);
                        _pos += run;
                        return text.ToString();
                    }
                    text.Append('\'', run);
                    _pos += run;
                    continue;
                }
                if (AppendNewline(text)) continue;
                CheckStringChar(c);
                text.Append(c);
                _pos++;
            }
        }

        void SkipOneNewline()
        {
            if (Cur == '\n') _pos++;
            else if (Cur == '\r' && At(_pos + 1) == '\n') _pos += 2;
        }

        /// <summary>A newline inside a multi-line string: LF or CRLF (kept as written); a bare CR is an error.</summary>
        bool AppendNewline(StringBuilder text)
        {
            if (Cur == '\n') { text.Append('\n'); _pos++; return true; }
            if (Cur != '\r') return false;
            if (At(_pos + 1) != '\n') throw Error(_pos, "a carriage return must be followed by a line feed");
            text.Append("\r\n");
            _pos += 2;
            return true;
        }

        int CountRun(char quote)
        {
            int run = 0;
            while (At(_pos + run) == quote) run++;
            return run;
        }

        void CheckStringChar(char c)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                throw Error(_pos, $"control character U+{(int)c:X4} must be escaped in a string");
        }

        void ParseEscape(StringBuilder text)
        {
            int start = _pos;
            _pos++;
            if (AtEnd) throw Error(start, "unterminated escape sequence at the end of the file");
            char c = Cur;
            _pos++;
            switch (c)
            {
                case 'b': text.Append('\b'); return;
                case 't': text.Append('\t'); return;
                case 'n': text.Append('\n'); return;
                case 'f': text.Append('\f'); return;
                case 'r': text.Append('\r'); return;
                case '"': text.Append('"'); return;
                case '\\': text.Append('\\'); return;
                case 'u':
                case 'U':
                    int digits = c == 'u' ? 4 : 8;
                    int code = 0;
                    for (int i = 0; i < digits; i++)
                    {
                        int d = HexValue(Cur);
                        if (d < 0) throw Error(_pos, $"expected {digits} hex digits after `\\{c}`, found {Describe(_pos)}");
                        code = (code << 4) | d;
                        _pos++;
                        if (code > 0x10FFFF || code < 0) throw Error(start, $"`{_text[start.._pos]}` is beyond U+10FFFF");
                    }
                    if (code is >= 0xD800 and <= 0xDFFF) throw Error(start, $"`{_text[start.._pos]}` is a surrogate, not a Unicode scalar value");
                    text.Append(char.ConvertFromUtf32(code));
                    return;
                default:
                    throw Error(start, $"invalid escape sequence `\\{Printable(c)}`; expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX");
            }
        }

        static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };

        // ---- numbers and dates -----------------------------------------------------------------------------

        TomlValue ParseNumberOrDate()
        {
            if (IsDigits(_pos, 4) && At(_pos + 4) == '-') return ParseDateTime();
            if (IsDigits(_pos, 2) && At(_pos + 2) == ':')
            {
                var (h, m, s, ns) = ParseTime();
                return new TomlDateTime { DateTimeKind = TomlDateTimeKind.LocalTime, Hour = h, Minute = m, Second = s, Nanosecond = ns };
            }
            int start = _pos;
            while (!AtEnd && (IsBareKeyChar(Cur) || Cur is '+' or '.')) _pos++;
            return ParseNumber(_text[start.._pos], start);
        }

        TomlValue ParseNumber(string token, int start)
        {
            bool negative = token[0] == '-';
            bool signed = token[0] is '+' or '-';
            string body = signed ? token[1..] : token;
            if (body == "inf") return new TomlFloat(negative ? double.NegativeInfinity : double.PositiveInfinity);
            if (body == "nan") return new TomlFloat(double.NaN);
            if (body.Length == 0) throw Error(start, $"expected a number after `{token}`");

            if (body.Length >= 2 && body[0] == '0' && body[1] is 'x' or 'o' or 'b')
            {
                if (signed) throw Error(start, $"`{token}`: a sign is not allowed on hexadecimal, octal or binary integers");
                int radix = body[1] switch { 'x' => 16, 'o' => 8, _ => 2 };
                int i = 2;
                var digits = ReadDigits(body, ref i, start + (signed ? 1 : 0), token, radix);
                if (i != body.Length) throw Error(start + i, $"`{token}`: invalid digit `{Printable(body[i])}` for a base-{radix} integer");
                ulong value = 0;
                foreach (char d in digits)
                {
                    ulong next = value * (ulong)radix + (ulong)HexValue(d);
                    if (value > (ulong)long.MaxValue / (ulong)radix || next > long.MaxValue)
                        throw Error(start, $"`{token}` does not fit a 64-bit signed integer");
                    value = next;
                }
                return new TomlInteger((long)value);
            }

            int offset = start + (signed ? 1 : 0);
            int pos = 0;
            if (body[0] == '0' && body.Length > 1 && (body[1] is (>= '0' and <= '9') or '_'))
                throw Error(start, $"`{token}`: leading zeros are not allowed");
            var number = new StringBuilder(token.Length);
            if (negative) number.Append('-');
            number.Append(ReadDigits(body, ref pos, offset, token, 10));
            bool isFloat = false;
            if (pos < body.Length && body[pos] == '.')
            {
                isFloat = true;
                pos++;
                number.Append('.').Append(ReadDigits(body, ref pos, offset, token, 10));
            }
            if (pos < body.Length && body[pos] is 'e' or 'E')
            {
                isFloat = true;
                pos++;
                number.Append('e');
                if (pos < body.Length && body[pos] is '+' or '-') number.Append(body[pos++]);
                number.Append(ReadDigits(body, ref pos, offset, token, 10));
            }
            if (pos != body.Length) throw Error(offset + pos, $"`{token}`: unexpected `{Printable(body[pos])}` in a number");
            if (isFloat) return new TomlFloat(double.Parse(number.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture));
            if (!long.TryParse(number.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
                throw Error(start, $"`{token}` does not fit a 64-bit signed integer");
            return new TomlInteger(integer);
        }

        /// <summary>One or more digits of the radix, single underscores only between digits.</summary>
        string ReadDigits(string body, ref int i, int offset, string token, int radix)
        {
            var digits = new StringBuilder();
            if (i >= body.Length || !IsDigit(body[i], radix))
                throw Error(offset + i, $"`{token}`: expected a digit{(i < body.Length ? $", found `{Printable(body[i])}`" : " at the end")}");
            while (i < body.Length)
            {
                char c = body[i];
                if (IsDigit(c, radix)) { digits.Append(c); i++; }
                else if (c == '_')
                {
                    if (i + 1 >= body.Length || !IsDigit(body[i + 1], radix))
                        throw Error(offset + i, $"`{token}`: an underscore must be between two digits");
                    i++;
                }
                else break;
            }
            return digits.ToString();
        }

        static bool IsDigit(char c, int radix) => radix switch
        {
            16 => HexValue(c) >= 0,
            _ => c >= '0' && c < '0' + radix,
        };

        bool IsDigits(int at, int count)
        {
            for (int i = 0; i < count; i++) if (At(at + i) is < '0' or > '9') return false;
            return true;
        }

        int ReadFixed(int count, string what)
        {
            if (!IsDigits(_pos, count)) throw Error(_pos, $"expected {count} digits for the {what}, found {Describe(_pos)}");
            int value = int.Parse(_text.AsSpan(_pos, count), CultureInfo.InvariantCulture);
            _pos += count;
            return value;
        }

        void Expect(char c, string context)
        {
            if (Cur != c) throw Error(_pos, $"expected `{c}` {context}, found {Describe(_pos)}");
            _pos++;
        }

        TomlDateTime ParseDateTime()
        {
            int start = _pos;
            int year = ReadFixed(4, "year");
            Expect('-', "between year and month");
            int month = ReadFixed(2, "month");
            Expect('-', "between month and day");
            int day = ReadFixed(2, "day");
            if (month is < 1 or > 12) throw Error(start, $"month {month} is not in 1..12");
            if (day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month))
                throw Error(start, $"day {day} does not exist in {year:D4}-{month:D2}");
            bool hasTime = Cur is 'T' or 't' || (Cur == ' ' && At(_pos + 1) is >= '0' and <= '9');
            if (!hasTime) return new TomlDateTime { DateTimeKind = TomlDateTimeKind.LocalDate, Year = year, Month = month, Day = day };
            _pos++;
            var (h, m, s, ns) = ParseTime();
            int? offset = null;
            if (Cur is 'Z' or 'z') { offset = 0; _pos++; }
            else if (Cur is '+' or '-')
            {
                int sign = Cur == '-' ? -1 : 1;
                _pos++;
                int oh = ReadFixed(2, "offset hours");
                Expect(':', "in the time offset");
                int om = ReadFixed(2, "offset minutes");
                if (oh > 23 || om > 59) throw Error(start, $"time offset {oh:D2}:{om:D2} is out of range");
                offset = sign * (oh * 60 + om);
            }
            return new TomlDateTime
            {
                DateTimeKind = offset is null ? TomlDateTimeKind.LocalDateTime : TomlDateTimeKind.OffsetDateTime,
                Year = year, Month = month, Day = day, Hour = h, Minute = m, Second = s, Nanosecond = ns, OffsetMinutes = offset,
            };
        }

        (int Hour, int Minute, int Second, int Nanosecond) ParseTime()
        {
            int start = _pos;
            int hour = ReadFixed(2, "hour");
            Expect(':', "between hour and minute");
            int minute = ReadFixed(2, "minute");
            Expect(':', "between minute and second (seconds are required)");
            int second = ReadFixed(2, "second");
            if (hour > 23 || minute > 59 || second > 60) throw Error(start, $"time {hour:D2}:{minute:D2}:{second:D2} is out of range");
            int nanos = 0;
            if (Cur == '.')
            {
                _pos++;
                if (!IsDigits(_pos, 1)) throw Error(_pos, $"expected digits after the decimal point of the seconds, found {Describe(_pos)}");
                int digits = 0;
                while (Cur is >= '0' and <= '9')
                {
                    if (digits < 9) { nanos = nanos * 10 + (Cur - '0'); digits++; }
                    _pos++;
                }
                for (; digits < 9; digits++) nanos *= 10;
            }
            return (hour, minute, second, nanos);
        }

        // ---- whitespace, comments, newlines ----------------------------------------------------------------

        void SkipSpaces()
        {
            while (Cur is ' ' or '\t' && !AtEnd) _pos++;
        }

        void SkipComment()
        {
            _pos++;
            while (!AtEnd)
            {
                char c = Cur;
                if (c == '\n' || (c == '\r' && At(_pos + 1) == '\n')) return;
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                    throw Error(_pos, $"control character U+{(int)c:X4} is not allowed in a comment");
                _pos++;
            }
        }

        void SkipSpacesCommentsNewlines()
        {
            while (true)
            {
                SkipSpaces();
                if (Cur == '#') SkipComment();
                if (Cur == '\n') _pos++;
                else if (Cur == '\r' && At(_pos + 1) == '\n') _pos += 2;
                else if (AtEnd) throw Error(_pos, "unterminated array: expected `]` before the end of the file");
                else return;
            }
        }

        void ExpectLineEnd(string context)
        {
            if (AtEnd) return;
            if (Cur == '\n') { _pos++; return; }
            if (Cur == '\r' && At(_pos + 1) == '\n') { _pos += 2; return; }
            throw Error(_pos, $"expected a new line {context}, found {Describe(_pos)}");
        }

        // ---- locations -------------------------------------------------------------------------------------

        (int Line, int Column) LineColumn(int offset)
        {
            if (_lineStarts is null)
            {
                _lineStarts = [0];
                for (int i = 0; i < _text.Length; i++) if (_text[i] == '\n') _lineStarts.Add(i + 1);
            }
            int index = _lineStarts.BinarySearch(offset);
            if (index < 0) index = ~index - 1;
            return (index + 1, offset - _lineStarts[index] + 1);
        }

        TomlSpan Span(int start, int end)
        {
            var (line, column) = LineColumn(start);
            return new TomlSpan(start, end, line, column);
        }

        TomlException Error(int offset, string problem)
        {
            var (line, column) = LineColumn(Math.Min(offset, _text.Length));
            return new TomlException(_source, SourceLocation.At(line, column), problem);
        }

        string Describe(int offset)
        {
            if (offset >= _text.Length) return "the end of the file";
            char c = _text[offset];
            return c switch
            {
                '\n' => "the end of the line",
                '\r' => "a carriage return",
                _ => $"`{Printable(c)}`",
            };
        }

        static string Printable(char c) => c < 0x20 || c == 0x7F || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();

        static string JoinKeys(List<(string Name, TomlSpan Span)> keys) => string.Join('.', keys.Select(k => TomlWriter.FormatKey(k.Name)));
    }
}
