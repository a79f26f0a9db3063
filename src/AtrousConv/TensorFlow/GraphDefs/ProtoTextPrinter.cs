using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Protobuf's text format for any message, printed the way TensorFlow's <c>tf.io.write_graph(..., as_text=True)</c>
/// prints it (Python protobuf's <c>text_format.MessageToString(message, float_format='')</c>): set fields in field
/// number order, map entries sorted by key, two spaces per level, <c>name: value</c> and <c>name {</c> … <c>}</c>,
/// strings and bytes C-escaped byte by byte (octal for unprintable bytes), enums by name, floats as Python's
/// <c>str</c> of the value. Unknown fields are not printed (Python's printer drops them too).
/// </summary>
internal static class ProtoTextPrinter
{
    private const int IndentStep = 2;

    public static string Print(IMessage message)
    {
        var text = new StringBuilder();
        PrintMessage(text, message, 0);
        return text.ToString();
    }

    private static void PrintMessage(StringBuilder text, IMessage message, int indent)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            object value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                PrintMap(text, field, (IDictionary)value, indent);
            }
            else if (field.IsRepeated)
            {
                foreach (object element in (IList)value)
                {
                    PrintField(text, field, element, indent);
                }
            }
            else if (IsSet(field, message, value))
            {
                PrintField(text, field, value, indent);
            }
        }
    }

    /// <summary>Proto3 presence: a message or oneof member when set, any other scalar when not its default.</summary>
    private static bool IsSet(FieldDescriptor field, IMessage message, object value) =>
        field.HasPresence ? field.Accessor.HasValue(message) : !IsDefault(field, value);

    private static bool IsDefault(FieldDescriptor field, object value) => field.FieldType switch
    {
        FieldType.String => ((string)value).Length == 0,
        FieldType.Bytes => ((ByteString)value).IsEmpty,
        FieldType.Bool => !(bool)value,
        FieldType.Float => BitConverter.SingleToInt32Bits((float)value) == 0,
        FieldType.Double => BitConverter.DoubleToInt64Bits((double)value) == 0,
        FieldType.Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0,
        FieldType.Message or FieldType.Group => false,
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture) == 0,
    };

    private static void PrintMap(StringBuilder text, FieldDescriptor field, IDictionary map, int indent)
    {
        if (map.Count == 0)
        {
            return;
        }

        FieldDescriptor keyField = field.MessageType.FindFieldByNumber(1);
        FieldDescriptor valueField = field.MessageType.FindFieldByNumber(2);
        var keys = new List<object>(map.Count);
        foreach (object key in map.Keys)
        {
            keys.Add(key);
        }

        keys.Sort(CompareKeys);
        foreach (object key in keys)
        {
            Indent(text, indent).Append(field.Name).Append(" {\n");
            if (!IsDefault(keyField, key))
            {
                PrintField(text, keyField, key, indent + IndentStep);
            }

            object? entryValue = map[key];
            if (entryValue is not null && (valueField.FieldType == FieldType.Message || !IsDefault(valueField, entryValue)))
            {
                PrintField(text, valueField, entryValue, indent + IndentStep);
            }

            Indent(text, indent).Append("}\n");
        }
    }

    /// <summary>Python sorts map keys by value: strings by code point (ordinal), numbers numerically.</summary>
    private static int CompareKeys(object a, object b) => a is string sa
        ? string.CompareOrdinal(sa, (string)b)
        : Comparer<object>.Default.Compare(a, b);

    private static void PrintField(StringBuilder text, FieldDescriptor field, object value, int indent)
    {
        Indent(text, indent).Append(field.Name);
        if (field.FieldType is FieldType.Message or FieldType.Group)
        {
            text.Append(" {\n");
            PrintMessage(text, (IMessage)value, indent + IndentStep);
            Indent(text, indent).Append("}\n");
            return;
        }

        text.Append(": ");
        AppendScalar(text, field, value);
        text.Append('\n');
    }

    private static void AppendScalar(StringBuilder text, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.String:
                AppendQuoted(text, Encoding.UTF8.GetBytes((string)value));
                break;
            case FieldType.Bytes:
                AppendQuoted(text, ((ByteString)value).Span);
                break;
            case FieldType.Bool:
                text.Append((bool)value ? "true" : "false");
                break;
            case FieldType.Float:
                text.Append(PythonFloat.Repr((float)value));
                break;
            case FieldType.Double:
                text.Append(PythonFloat.Repr((double)value));
                break;
            case FieldType.Enum:
                int number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                EnumValueDescriptor? named = field.EnumType.FindValueByNumber(number);
                text.Append(named is null ? number.ToString(CultureInfo.InvariantCulture) : named.Name);
                break;
            default:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Python protobuf's <c>CEscape(bytes, as_utf8=False)</c>, in double quotes.</summary>
    private static void AppendQuoted(StringBuilder text, ReadOnlySpan<byte> bytes)
    {
        text.Append('"');
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'"': text.Append("\\\""); break;
                case (byte)'\'': text.Append("\\'"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                case >= 32 and < 127: text.Append((char)b); break;
                default:
                    text.Append('\\')
                        .Append((char)('0' + (b >> 6)))
                        .Append((char)('0' + ((b >> 3) & 7)))
                        .Append((char)('0' + (b & 7)));
                    break;
            }
        }

        text.Append('"');
    }

    private static StringBuilder Indent(StringBuilder text, int indent) => text.Append(' ', indent);
}
