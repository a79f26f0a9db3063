using System.Buffers;
using System.Text;

namespace AtrousConv.Bench;

/// <summary>
/// The few protobuf wire-format writes an ONNX model needs (varints and length-delimited fields), so the bench
/// builds its one-node model without Google.Protobuf or generated code. ONNX's schema is proto2: repeated int64
/// fields are written unpacked, one tag per element, as the schema declares them.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0, WireLengthDelimited = 2;

    private readonly ArrayBufferWriter<byte> buffer = new();

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    /// <summary>An int64, int32 or enum field: two's complement as an unsigned varint (10 bytes when negative).</summary>
    public ProtoWriter Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint(unchecked((ulong)value));
        return this;
    }

    /// <summary>A repeated int64 field, unpacked.</summary>
    public ProtoWriter Int64s(int field, ReadOnlySpan<long> values)
    {
        foreach (long value in values)
        {
            Int64(field, value);
        }

        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> data)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)data.Length);
        buffer.Write(data);
        return this;
    }

    public ProtoWriter String(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));

    /// <summary>A nested message: written into its own buffer first, since its length prefix comes before it.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> writeBody)
    {
        var body = new ProtoWriter();
        writeBody(body);
        return Bytes(field, body.Written);
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        int length = 0;
        while (value >= 0x80)
        {
            bytes[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[length++] = (byte)value;
        buffer.Write(bytes[..length]);
    }
}
