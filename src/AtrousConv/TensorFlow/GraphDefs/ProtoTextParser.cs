using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Reads protobuf's text format into any message through its descriptor, accepting what protobuf's own text
/// parsers accept for such messages: <c>#</c> comments; <c>name: value</c>; <c>name {…}</c> or <c>name: {…}</c>
/// or <c>&lt;…&gt;</c>; repeated fields as repeated lines or <c>[a, b]</c>; map entries as <c>key</c>/<c>value</c>
/// messages; adjacent strings concatenated; C escapes; enums by name or number; integers in decimal, hex or octal;
/// floats with <c>inf</c>/<c>nan</c> and an <c>f</c> suffix; optional <c>,</c> or <c>;</c> after a field. Anything
/// else (unknown fields, extensions, a scalar out of its type's range, a singular field or oneof given twice,
/// nesting deeper than <see cref="GraphDefLimits.MaxNestingDepth"/>) is an <see cref="InvalidDataException"/> with
/// line and column.
/// </summary>
internal sealed class ProtoTextParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ProtoTextTokenizer tokens;
    private int depth;

    private ProtoTextParser(string text) => tokens = new ProtoTextTokenizer(text);

    public static T Parse<T>(string text, MessageDescriptor descriptor)
        where T : IMessage
    {
        var parser = new ProtoTextParser(text);
        IMessage message = NewMessage(descriptor);
        parser.ParseFields(message, closing: null);
        return (T)message;
    }

    /// <summary>Decodes a text file's bytes: UTF-8 (a byte order mark skipped); invalid UTF-8 is malformed text.</summary>
    public static string DecodeUtf8(byte[] bytes)
    {
        try
        {
            ReadOnlySpan<byte> span = bytes;
            return StrictUtf8.GetString(span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? span[3..] : span);
        }
        catch (DecoderFallbackException e)
        {
            GraphDefErrors.NotUtf8(e);
            throw; // Unreachable: the helper never returns.
        }
    }

    private static IMessage NewMessage(MessageDescriptor descriptor) => descriptor.Parser.ParseFrom(ByteString.Empty);

    private void ParseFields(IMessage message, string? closing)
    {
        var seen = new HashSet<int>();
        var oneofSeen = new Dictionary<OneofDescriptor, string>();
        while (closing is null ? !tokens.AtEnd : !tokens.TryConsume(closing))
        {
            if (tokens.AtEnd)
            {
                tokens.Fail($"expected \"{closing}\" to close a message of type \"{message.Descriptor.FullName}\"");
            }

            ParseField(message, seen, oneofSeen);
        }
    }

    private void ParseField(IMessage message, HashSet<int> seen, Dictionary<OneofDescriptor, string> oneofSeen)
    {
        if (tokens.Token == "[")
        {
            tokens.Fail("extensions and Any expansions are not supported in a GraphDef");
        }

        string location = tokens.Location;
        string name = tokens.ConsumeWord();
        FieldDescriptor? field = message.Descriptor.FindFieldByName(name);
        if (field is null)
        {
            GraphDefErrors.MalformedText(location, $"message type \"{message.Descriptor.FullName}\" has no field named \"{name}\"");
        }

        if (!field.IsRepeated && !seen.Add(field.FieldNumber))
        {
            GraphDefErrors.MalformedText(location, $"message type \"{message.Descriptor.FullName}\" should not have multiple \"{name}\" fields");
        }

        if (field.RealContainingOneof is { } oneof)
        {
            if (oneofSeen.TryGetValue(oneof, out string? other))
            {
                GraphDefErrors.MalformedText(location, $"field \"{name}\" is specified along with field \"{other}\", another member of oneof \"{oneof.Name}\"");
            }

            oneofSeen[oneof] = name;
        }

        bool isMessage = field.FieldType is FieldType.Message or FieldType.Group;
        bool colon = tokens.TryConsume(":");
        if (!colon && !isMessage)
        {
            tokens.Fail($"expected \":\" after the scalar field \"{name}\", found {tokens.Describe()}");
        }

        if (field.IsRepeated && colon && tokens.TryConsume("["))
        {
            if (!tokens.TryConsume("]"))
            {
                do
                {
                    ParseValue(message, field);
                }
                while (tokens.TryConsume(","));
                tokens.Consume("]");
            }
        }
        else
        {
            ParseValue(message, field);
        }

        if (!tokens.TryConsume(","))
        {
            tokens.TryConsume(";");
        }
    }

    private void ParseValue(IMessage message, FieldDescriptor field)
    {
        if (field.IsMap)
        {
            ParseMapEntry(message, field);
            return;
        }

        object value = field.FieldType is FieldType.Message or FieldType.Group
            ? ParseMessageValue(field.MessageType)
            : ParseScalar(field);
        if (field.IsRepeated)
        {
            ((IList)field.Accessor.GetValue(message)).Add(value);
        }
        else
        {
            field.Accessor.SetValue(message, value);
        }
    }

    private IMessage ParseMessageValue(MessageDescriptor type)
    {
        string closing = OpenMessage();
        IMessage child = NewMessage(type);
        ParseFields(child, closing);
        depth--;
        return child;
    }

    /// <summary>Takes <c>{</c> or <c>&lt;</c>, one nesting level deeper; returns the closing token.</summary>
    private string OpenMessage()
    {
        string closing = tokens.TryConsume("<") ? ">" : "}";
        if (closing == "}")
        {
            tokens.Consume("{");
        }

        if (++depth > GraphDefLimits.MaxNestingDepth)
        {
            tokens.Fail($"messages nest deeper than {GraphDefLimits.MaxNestingDepth} levels");
        }

        return closing;
    }

    /// <summary>
    /// A map entry is written as a message with <c>key</c> and <c>value</c> fields (either may be left out: its
    /// default). Map entry types have no generated class, so the entry is read field by field; a repeated key
    /// replaces the earlier entry, as protobuf does.
    /// </summary>
    private void ParseMapEntry(IMessage message, FieldDescriptor field)
    {
        FieldDescriptor keyField = field.MessageType.FindFieldByNumber(1);
        FieldDescriptor valueField = field.MessageType.FindFieldByNumber(2);
        bool valueIsMessage = valueField.FieldType == FieldType.Message;
        string closing = OpenMessage();
        object? key = null;
        object? value = null;
        while (!tokens.TryConsume(closing))
        {
            string location = tokens.Location;
            string name = tokens.ConsumeWord();
            bool isKey = name == keyField.Name;
            if (!isKey && name != valueField.Name)
            {
                GraphDefErrors.MalformedText(location, $"a map entry of \"{field.Name}\" has no field named \"{name}\" (only \"key\" and \"value\")");
            }

            if ((isKey ? key : value) is not null)
            {
                GraphDefErrors.MalformedText(location, $"a map entry of \"{field.Name}\" should not have multiple \"{name}\" fields");
            }

            bool colon = tokens.TryConsume(":");
            if (isKey || !valueIsMessage)
            {
                if (!colon)
                {
                    tokens.Fail($"expected \":\" after \"{name}\", found {tokens.Describe()}");
                }

                if (isKey)
                {
                    key = ParseScalar(keyField);
                }
                else
                {
                    value = ParseScalar(valueField);
                }
            }
            else
            {
                value = ParseMessageValue(valueField.MessageType);
            }

            if (!tokens.TryConsume(","))
            {
                tokens.TryConsume(";");
            }
        }

        depth--;
        key ??= DefaultScalar(keyField);
        value ??= valueIsMessage ? NewMessage(valueField.MessageType) : DefaultScalar(valueField);
        ((IDictionary)field.Accessor.GetValue(message))[key] = value;
    }

    private static object DefaultScalar(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => string.Empty,
        FieldType.Bytes => ByteString.Empty,
        FieldType.Bool => false,
        FieldType.Float => 0f,
        FieldType.Double => 0d,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, 0),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 0,
        FieldType.UInt32 or FieldType.Fixed32 => 0u,
        FieldType.UInt64 or FieldType.Fixed64 => 0ul,
        _ => 0L,
    };

    private object ParseScalar(FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                string location = tokens.Location;
                byte[] utf8 = tokens.ConsumeBytes();
                try
                {
                    return StrictUtf8.GetString(utf8);
                }
                catch (DecoderFallbackException)
                {
                    GraphDefErrors.MalformedText(location, $"the string field \"{field.Name}\" holds bytes that are not UTF-8");
                    throw;
                }

            case FieldType.Bytes:
                return ByteString.CopyFrom(tokens.ConsumeBytes());
            case FieldType.Enum:
                return ParseEnum(field);
            default:
                return ParseNumberOrBool(field, tokens.Location, tokens.ConsumeWord());
        }
    }

    private object ParseEnum(FieldDescriptor field)
    {
        string location = tokens.Location;
        string word = tokens.ConsumeWord();
        EnumValueDescriptor? named = field.EnumType.FindValueByName(word);
        int number;
        if (named is not null)
        {
            number = named.Number;
        }
        else if (!TryParseInteger(word, out long parsed) || parsed is < int.MinValue or > int.MaxValue)
        {
            GraphDefErrors.MalformedText(location, $"enum type \"{field.EnumType.FullName}\" has no value named \"{word}\" (field \"{field.Name}\")");
            return null!;
        }
        else
        {
            number = (int)parsed;
        }

        return Enum.ToObject(field.EnumType.ClrType, number);
    }

    private static object ParseNumberOrBool(FieldDescriptor field, string location, string word)
    {
        object? value = field.FieldType switch
        {
            FieldType.Bool => word switch
            {
                "true" or "True" or "t" or "1" => true,
                "false" or "False" or "f" or "0" => false,
                _ => null,
            },
            FieldType.Float => TryParseFloat(word, out double f) ? (float)f : null,
            FieldType.Double => TryParseFloat(word, out double d) ? d : null,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Signed(word, int.MinValue, int.MaxValue) is long i32 ? (int)i32 : null,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Signed(word, long.MinValue, long.MaxValue),
            FieldType.UInt32 or FieldType.Fixed32 => Unsigned(word, uint.MaxValue) is ulong u32 ? (uint)u32 : null,
            FieldType.UInt64 or FieldType.Fixed64 => Unsigned(word, ulong.MaxValue),
            _ => null,
        };
        if (value is null)
        {
            GraphDefErrors.MalformedText(location, $"\"{word}\" is not a valid {field.FieldType.ToString().ToLowerInvariant()} for field \"{field.Name}\"");
        }

        return value;
    }

    private static long? Signed(string word, long min, long max) =>
        TryParseInteger(word, out long value) && value >= min && value <= max ? value : null;

    private static ulong? Unsigned(string word, ulong max) =>
        !word.StartsWith('-') && TryParseUnsigned(word, out ulong value) && value <= max ? value : null;

    private static bool TryParseInteger(string word, out long value)
    {
        bool negative = word.StartsWith('-');
        if (!TryParseUnsigned(negative ? word[1..] : word, out ulong magnitude))
        {
            value = 0;
            return false;
        }

        if (negative ? magnitude > (ulong)long.MaxValue + 1 : magnitude > long.MaxValue)
        {
            value = 0;
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>Decimal, <c>0x</c> hex or leading-zero octal, as protobuf's tokenizer reads integers.</summary>
    private static bool TryParseUnsigned(string word, out ulong value)
    {
        value = 0;
        if (word.Length > 2 && word[0] == '0' && word[1] is 'x' or 'X')
        {
            return ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (word.Length > 1 && word[0] == '0')
        {
            foreach (char c in word.AsSpan(1))
            {
                if (c is < '0' or > '7' || value > (ulong.MaxValue >> 3))
                {
                    return false;
                }

                value = (value << 3) | (uint)(c - '0');
            }

            return true;
        }

        return word.Length > 0 && char.IsAsciiDigit(word[0])
            && ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseFloat(string word, out double value)
    {
        string lower = word.ToLowerInvariant();
        string body = lower.TrimStart('-');
        bool negative = body.Length != lower.Length;
        if (lower.Length - body.Length > 1)
        {
            value = 0;
            return false;
        }

        switch (body)
        {
            case "inf" or "infinity" or "inff" or "infinityf":
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            case "nan" or "nanf":
                value = double.NaN;
                return true;
        }

        if (body.EndsWith('f') && !body.StartsWith("0x", StringComparison.Ordinal))
        {
            body = body[..^1];
        }

        if (body.Length == 0 || !(char.IsAsciiDigit(body[0]) || body[0] == '.'))
        {
            value = 0;
            return false;
        }

        if (TryParseInteger(body, out long integer) && (body.StartsWith("0x", StringComparison.Ordinal) || body[0] != '0' || body.Length == 1))
        {
            value = negative ? -(double)integer : integer;
            return true;
        }

        bool ok = double.TryParse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
        value = negative ? -value : value;
        return ok;
    }
}
