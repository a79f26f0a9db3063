using System.Globalization;
using System.Text;

namespace AtrousConv.Tests;

/// <summary>
/// A protobuf text-format message, schema-free: its fields in file order. A value is a nested
/// <see cref="GraphTextMessage"/>, a <c>byte[]</c> (a quoted string, unescaped: <c>tensor_content</c> is binary),
/// or a <see cref="string"/> (a bare token: number, enum name, <c>true</c>). Schema-free because the GraphDef
/// files need only a handful of fields, read by <see cref="GraphDefNodes"/>.
/// </summary>
internal sealed class GraphTextMessage
{
    public List<KeyValuePair<string, object>> Fields { get; } = [];

    public IEnumerable<object> All(string key) => Fields.Where(f => f.Key == key).Select(f => f.Value);

    public IEnumerable<GraphTextMessage> Messages(string key) => All(key).Cast<GraphTextMessage>();

    public GraphTextMessage? Message(string key) => All(key).OfType<GraphTextMessage>().SingleOrDefault();

    public string? Token(string key) => All(key).OfType<string>().SingleOrDefault();

    public byte[]? Bytes(string key) => All(key).OfType<byte[]>().SingleOrDefault();

    public string? Text(string key) => Bytes(key) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}

/// <summary>
/// Reads protobuf text format (what <c>tf.io.write_graph(..., as_text=True)</c> writes): <c>name: value</c>,
/// <c>name { ... }</c>, quoted strings with C escapes, <c>#</c> comments. Enough for GraphDefs; not the
/// <c>[a, b]</c> list shorthand or <c>&lt; &gt;</c> delimiters, which TensorFlow does not write.
/// </summary>
internal static class GraphDefText
{
    public static GraphTextMessage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int pos = 0;
        return ParseFields(text, ref pos, nested: false);
    }

    /// <summary>Decodes the inside of a quoted string: octal <c>\NNN</c>, hex <c>\xHH</c>, the C letter escapes; other characters as UTF-8.</summary>
    public static byte[] Unescape(ReadOnlySpan<char> s)
    {
        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int k = 0; k < s.Length; k++)
        {
            char c = s[k];
            if (c != '\\')
            {
                // Unescaped text is UTF-8 in the file (TensorFlow escapes every non-ASCII byte anyway).
                Rune.DecodeFromUtf16(s[k..], out Rune rune, out int used);
                k += used - 1;
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
                continue;
            }

            char e = k + 1 < s.Length ? s[++k] : throw new FormatException("String ends with a lone backslash.");
            if (e is >= '0' and <= '7')
            {
                // Up to three octal digits: \0, \12 and \123 are all valid.
                int v = e - '0';
                for (int d = 0; d < 2 && k + 1 < s.Length && s[k + 1] is >= '0' and <= '7'; d++)
                {
                    v = (v * 8) + (s[++k] - '0');
                }

                bytes.Add(checked((byte)v));
            }
            else if (e is 'x' or 'X')
            {
                int v = 0, d = 0;
                for (; d < 2 && k + 1 < s.Length && Uri.IsHexDigit(s[k + 1]); d++)
                {
                    v = (v * 16) + Uri.FromHex(s[++k]);
                }

                bytes.Add(d > 0 ? (byte)v : throw new FormatException("\\x without hex digits."));
            }
            else
            {
                bytes.Add(e switch
                {
                    'n' => (byte)'\n', 'r' => (byte)'\r', 't' => (byte)'\t', 'a' => 7, 'b' => 8, 'f' => 12, 'v' => 11,
                    '\\' or '\'' or '"' or '?' => (byte)e,
                    _ => throw new FormatException($"Unknown escape \\{e}."),
                });
            }
        }

        return [.. bytes];
    }

    private static GraphTextMessage ParseFields(string text, ref int pos, bool nested)
    {
        var message = new GraphTextMessage();
        while (true)
        {
            SkipBlank(text, ref pos);
            if (pos >= text.Length)
            {
                return nested ? throw Error(text, pos, "missing '}'") : message;
            }

            if (text[pos] == '}')
            {
                pos++;
                return nested ? message : throw Error(text, pos, "unmatched '}'");
            }

            string key = ReadBare(text, ref pos);
            SkipBlank(text, ref pos);
            bool colon = pos < text.Length && text[pos] == ':';
            if (colon)
            {
                pos++;
                SkipBlank(text, ref pos);
            }

            if (pos < text.Length && text[pos] == '{')
            {
                pos++;
                message.Fields.Add(new(key, ParseFields(text, ref pos, nested: true)));
            }
            else if (!colon)
            {
                throw Error(text, pos, $"expected ':' or '{{' after {key}");
            }
            else if (pos < text.Length && text[pos] is '"' or '\'')
            {
                message.Fields.Add(new(key, ReadQuoted(text, ref pos)));
            }
            else
            {
                message.Fields.Add(new(key, ReadBare(text, ref pos)));
            }
        }
    }

    /// <summary>One or more adjacent quoted strings (text format concatenates them), unescaped.</summary>
    private static byte[] ReadQuoted(string text, ref int pos)
    {
        var all = new List<byte>();
        while (pos < text.Length && text[pos] is '"' or '\'')
        {
            char quote = text[pos];
            int start = ++pos;
            while (pos < text.Length && text[pos] != quote)
            {
                pos += text[pos] == '\\' ? 2 : 1;
            }

            if (pos >= text.Length)
            {
                throw Error(text, start, "unterminated string");
            }

            all.AddRange(Unescape(text.AsSpan(start, pos - start)));
            pos++;
            SkipBlank(text, ref pos);
        }

        return [.. all];
    }

    private static string ReadBare(string text, ref int pos)
    {
        int start = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && text[pos] is not (':' or '{' or '}' or '"' or '\'' or '#'))
        {
            pos++;
        }

        return pos > start ? text[start..pos] : throw Error(text, pos, "expected a name or a value");
    }

    private static void SkipBlank(string text, ref int pos)
    {
        while (pos < text.Length && (char.IsWhiteSpace(text[pos]) || text[pos] == '#'))
        {
            if (text[pos] == '#')
            {
                pos = text.IndexOf('\n', pos) is >= 0 and int eol ? eol : text.Length;
            }
            else
            {
                pos++;
            }
        }
    }

    private static FormatException Error(string text, int pos, string what)
    {
        int line = 1 + text.AsSpan(0, Math.Min(pos, text.Length)).Count('\n');
        return new FormatException(string.Create(CultureInfo.InvariantCulture, $"Text format, line {line}: {what}."));
    }
}
