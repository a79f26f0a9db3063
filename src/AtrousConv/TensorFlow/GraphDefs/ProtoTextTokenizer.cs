using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Splits protobuf text into tokens as protobuf's text parsers do: whitespace and <c>#</c> comments skipped;
/// identifiers and numbers (one token class, <c>[A-Za-z0-9_.+-]</c> runs); single- or double-quoted strings with
/// C escapes; one-character punctuation. Tracks line and column (1-based) for error messages.
/// </summary>
internal sealed class ProtoTextTokenizer
{
    private readonly string text;
    private int position;
    private int line = 1;
    private int lineStart;

    public ProtoTextTokenizer(string text)
    {
        this.text = text;
        Next();
    }

    /// <summary>The current token: empty at the end of the text.</summary>
    public string Token { get; private set; } = string.Empty;

    /// <summary>Where the current token starts, as <c>line:column</c>.</summary>
    public string Location { get; private set; } = "1:1";

    public bool AtEnd => Token.Length == 0;

    public bool IsString => Token.Length > 0 && Token[0] is '"' or '\'';

    public bool IsWord => Token.Length > 0 && IsWordChar(Token[0]);

    public bool TryConsume(string token)
    {
        if (Token != token)
        {
            return false;
        }

        Next();
        return true;
    }

    public void Consume(string token)
    {
        if (!TryConsume(token))
        {
            Fail($"expected \"{token}\", found {Describe()}");
        }
    }

    /// <summary>Takes an identifier or number token.</summary>
    public string ConsumeWord()
    {
        if (!IsWord)
        {
            Fail($"expected a name or a number, found {Describe()}");
        }

        string word = Token;
        Next();
        return word;
    }

    /// <summary>Takes one or more adjacent quoted strings (they concatenate) and returns their unescaped bytes.</summary>
    public byte[] ConsumeBytes()
    {
        if (!IsString)
        {
            Fail($"expected a quoted string, found {Describe()}");
        }

        var bytes = new List<byte>();
        while (IsString)
        {
            Unescape(Token, bytes);
            Next();
        }

        return [.. bytes];
    }

    public string Describe() => AtEnd ? "the end of the text" : "\"" + Token + "\"";

    [DoesNotReturn]
    public void Fail(string message) => GraphDefErrors.MalformedText(Location, message);

    private void Next()
    {
        SkipWhitespaceAndComments();
        Location = string.Create(CultureInfo.InvariantCulture, $"{line}:{position - lineStart + 1}");
        if (position >= text.Length)
        {
            Token = string.Empty;
            return;
        }

        int start = position;
        char c = text[position];
        if (IsWordChar(c))
        {
            while (position < text.Length && IsWordChar(text[position]))
            {
                position++;
            }
        }
        else if (c is '"' or '\'')
        {
            position++;
            while (position < text.Length && text[position] != c)
            {
                if (text[position] == '\n')
                {
                    Fail("a string runs to the end of its line");
                }

                position += text[position] == '\\' ? 2 : 1;
            }

            if (position >= text.Length)
            {
                Fail("a string is not closed");
            }

            position++;
        }
        else
        {
            position++;
        }

        Token = text[start..position];
    }

    private void SkipWhitespaceAndComments()
    {
        while (position < text.Length)
        {
            char c = text[position];
            if (c == '#')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (c == '\n')
            {
                position++;
                line++;
                lineStart = position;
            }
            else if (char.IsWhiteSpace(c))
            {
                position++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '+' or '-';

    /// <summary>C escapes as protobuf reads them: \n \r \t \a \b \f \v \\ \' \" \?, octal \ooo, hex \xhh, \uXXXX, \UXXXXXXXX.</summary>
    private void Unescape(string quoted, List<byte> bytes)
    {
        int end = quoted.Length - 1;
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 1; i < end; i++)
        {
            char c = quoted[i];
            if (c != '\\')
            {
                if (char.IsSurrogate(c))
                {
                    if (i + 1 >= end || !char.IsSurrogatePair(c, quoted[i + 1]))
                    {
                        Fail("a string holds an unpaired surrogate");
                    }

                    bytes.AddRange(Encoding.UTF8.GetBytes(quoted.Substring(i, 2)));
                    i++;
                }
                else
                {
                    int n = new Rune(c).EncodeToUtf8(utf8);
                    for (int k = 0; k < n; k++)
                    {
                        bytes.Add(utf8[k]);
                    }
                }

                continue;
            }

            if (++i >= end)
            {
                Fail("a string ends with a lone backslash");
            }

            c = quoted[i];
            switch (c)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(0x07); break;
                case 'b': bytes.Add(0x08); break;
                case 'f': bytes.Add(0x0C); break;
                case 'v': bytes.Add(0x0B); break;
                case '\\' or '\'' or '"' or '?': bytes.Add((byte)c); break;
                case >= '0' and <= '7':
                    int octal = 0;
                    int digits = 0;
                    while (digits < 3 && i < end && quoted[i] is >= '0' and <= '7')
                    {
                        octal = (octal * 8) + (quoted[i] - '0');
                        i++;
                        digits++;
                    }

                    if (octal > 0xFF)
                    {
                        Fail($"octal escape \\{Convert.ToString(octal, 8)} is larger than a byte");
                    }

                    bytes.Add((byte)octal);
                    i--;
                    break;
                case 'x' or 'X':
                    bytes.Add((byte)ReadHex(quoted, ref i, end, 2, 1));
                    break;
                case 'u' or 'U':
                    int width = c == 'u' ? 4 : 8;
                    int scalar = ReadHex(quoted, ref i, end, width, width);
                    if (!Rune.IsValid(scalar))
                    {
                        Fail($"\\{c} escape names no Unicode scalar value");
                    }

                    int count = new Rune(scalar).EncodeToUtf8(utf8);
                    for (int k = 0; k < count; k++)
                    {
                        bytes.Add(utf8[k]);
                    }

                    break;
                default:
                    Fail($"unknown escape \\{c}");
                    break;
            }
        }
    }

    /// <summary>Reads hex digits after an escape letter at <paramref name="i"/>; leaves <paramref name="i"/> on the last.</summary>
    private int ReadHex(string quoted, ref int i, int end, int maxDigits, int minDigits)
    {
        int value = 0;
        int digits = 0;
        while (digits < maxDigits && i + 1 < end && char.IsAsciiHexDigit(quoted[i + 1]))
        {
            i++;
            value = (value * 16) + Convert.ToInt32(quoted[i].ToString(), 16);
            digits++;
        }

        if (digits < minDigits)
        {
            Fail($"escape \\{quoted[i - digits]} needs {minDigits} hex digit(s)");
        }

        return value;
    }
}
