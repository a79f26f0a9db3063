using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;
using Google.Protobuf;

namespace AtrousConv.Tests;

/// <summary>One corrupted input: what was done to which file, and the bytes or text.</summary>
internal sealed record GraphVariant(string What, byte[]? Bytes, string? Text)
{
    public override string ToString() => What;
}

/// <summary>
/// Deterministic corruptions of TensorFlow's GraphDefs (seeded per file and kind): byte flips, truncations,
/// length prefixes inflated on the wire, and semantic inflations that stay valid protobuf (shape dimensions, a
/// one-element fill over a huge shape, tensor_content sizes that disagree with the shape). Text files get flips,
/// truncations, inflated numbers and deleted punctuation.
/// </summary>
internal static class GraphCorruptionVariants
{
    public const int FlipsPerFile = 60;
    public const int TruncationsPerFile = 30;
    public const int LengthInflationsPerFile = 50;
    public const int ShapeInflationsPerFile = 30;
    public const int TextVariantsPerFile = 50;

    /// <summary>Dimension sizes a hostile shape attribute might hold.</summary>
    private static readonly long[] HostileDims = [-7, -1, 0, 1L << 31, 1L << 40, long.MaxValue, long.MinValue, 1L << 62];

    /// <summary>Length prefixes a hostile writer might put on the wire (as unsigned varints).</summary>
    private static readonly ulong[] HostileLengths = [0x7FFF_FFFF, 0xFFFF_FFFF, 1UL << 28, ulong.MaxValue, 1UL << 35];

    public static IEnumerable<GraphVariant> Binary(string name, string kind, byte[] original)
    {
        var random = new Random(Seed(name, kind));
        return kind switch
        {
            "flip" => Flips(random, original),
            "truncate" => Truncations(random, original),
            "inflate-length" => LengthInflations(random, original),
            "inflate-shape" => ShapeInflations(random, GraphDefFormat.ParseBinary(original)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown corruption kind"),
        };
    }

    public static IEnumerable<GraphVariant> Text(string name, string original)
    {
        var random = new Random(Seed(name, "text"));
        for (int i = 0; i < TextVariantsPerFile; i++)
        {
            char[] chars = original.ToCharArray();
            switch (i % 5)
            {
                case 0:
                    int at = random.Next(chars.Length);
                    chars[at] = (char)random.Next(32, 127);
                    yield return new($"text flip at {at}", null, new string(chars));
                    break;
                case 1:
                    int length = random.Next(original.Length);
                    yield return new($"text truncated to {length}", null, original[..length]);
                    break;
                case 2:
                    yield return new($"text number inflated #{i}", null, ReplaceNth(original, "size: ", random, "size: 9223372036854775807"));
                    break;
                case 3:
                    int brace = NthIndexOf(original, random.Next(2) == 0 ? '{' : '}', random);
                    yield return new($"text punctuation deleted at {brace}", null, original.Remove(brace, 1));
                    break;
                default:
                    yield return new($"text dim inflated #{i}", null, ReplaceNth(original, "size: ", random, "size: 1099511627776"));
                    break;
            }
        }
    }

    private static int Seed(string name, string kind) => (int)Fnv1a(name + "/" + kind);

    /// <summary>A hash stable across processes (string.GetHashCode is randomized per process).</summary>
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static IEnumerable<GraphVariant> Flips(Random random, byte[] original)
    {
        for (int i = 0; i < FlipsPerFile; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int count = 1 + (i % 3);
            var places = new List<int>();
            for (int k = 0; k < count; k++)
            {
                int at = random.Next(bytes.Length);
                bytes[at] ^= (byte)random.Next(1, 256);
                places.Add(at);
            }

            yield return new($"flip at {string.Join(",", places)}", bytes, null);
        }
    }

    private static IEnumerable<GraphVariant> Truncations(Random random, byte[] original)
    {
        yield return new("truncated to 0", [], null);
        yield return new("truncated to 1", original[..1], null);
        yield return new($"truncated to {original.Length - 1}", original[..^1], null);
        for (int i = 3; i < TruncationsPerFile; i++)
        {
            int length = random.Next(original.Length);
            yield return new($"truncated to {length}", original[..length], null);
        }
    }

    private static IEnumerable<GraphVariant> LengthInflations(Random random, byte[] original)
    {
        List<(int Offset, int Size, int Length)> prefixes = [];
        CollectLengthPrefixes(original, 0, original.Length, prefixes, 0);
        for (int i = 0; i < LengthInflationsPerFile; i++)
        {
            (int offset, int size, int length) = prefixes[random.Next(prefixes.Count)];
            ulong inflated = (i % 3) switch
            {
                0 => HostileLengths[random.Next(HostileLengths.Length)],
                1 => (ulong)length + (ulong)random.Next(1, 64),
                _ => (ulong)length * 1024,
            };
            byte[] varint = Varint(inflated);
            byte[] bytes = [.. original[..offset], .. varint, .. original[(offset + size)..]];
            yield return new($"length at {offset} {length} -> {inflated}", bytes, null);
        }
    }

    private static IEnumerable<GraphVariant> ShapeInflations(Random random, GraphDef graph)
    {
        List<(string Node, TensorShapeProto Shape, TensorProto? Tensor)> shapes = FindShapes(graph);
        for (int i = 0; i < ShapeInflationsPerFile; i++)
        {
            GraphDef copy = graph.Clone();
            int pick = random.Next(shapes.Count);
            (string node, _, TensorProto? tensor) = shapes[pick];
            (_, TensorShapeProto shape, TensorProto? copyTensor) = FindShapes(copy)[pick];
            int dim = random.Next(shape.Dim.Count);
            long size = HostileDims[random.Next(HostileDims.Length)];
            string what;
            if (copyTensor is not null && i % 3 == 1)
            {
                // A one-element fill over a huge shape: version 0 of TensorProto repeats it; it must not be expanded.
                copyTensor.TensorContent = ByteString.Empty;
                copyTensor.IntVal.Clear();
                copyTensor.IntVal.Add(1);
                copyTensor.FloatVal.Add(1);
                shape.Dim[dim].Size = 1L << 40;
                what = $"{node} one-element fill over dim {dim} = 2^40";
            }
            else if (copyTensor is not null && tensor is not null && i % 3 == 2 && !tensor.TensorContent.IsEmpty)
            {
                int keep = random.Next(tensor.TensorContent.Length * 2);
                byte[] content = new byte[keep];
                tensor.TensorContent.Span[..Math.Min(keep, tensor.TensorContent.Length)].CopyTo(content);
                copyTensor.TensorContent = ByteString.CopyFrom(content);
                what = $"{node} tensor_content {tensor.TensorContent.Length} -> {keep} bytes";
            }
            else
            {
                shape.Dim[dim].Size = size;
                what = $"{node} dim {dim} -> {size}";
            }

            yield return new(what, GraphDefFormat.ToBinary(copy), null);
        }
    }

    private static List<(string Node, TensorShapeProto Shape, TensorProto? Tensor)> FindShapes(GraphDef graph)
    {
        List<(string, TensorShapeProto, TensorProto?)> shapes = [];
        foreach (NodeDef node in graph.Node)
        {
            foreach (AttrValue value in node.Attr.Values)
            {
                if (value.Shape is { } shape && shape.Dim.Count > 0)
                {
                    shapes.Add((node.Name, shape, null));
                }

                if (value.Tensor is { TensorShape: { } tensorShape } tensor && tensorShape.Dim.Count > 0)
                {
                    shapes.Add((node.Name, tensorShape, tensor));
                }
            }
        }

        return shapes;
    }

    /// <summary>
    /// Every length prefix of a length-delimited field, found by walking the wire format with Google.Protobuf's
    /// reader; a payload that itself reads as fields is walked too (a bytes payload may be mistaken for a message:
    /// inflating a "length" inside it is one more corruption).
    /// </summary>
    private static void CollectLengthPrefixes(byte[] data, int start, int end, List<(int, int, int)> found, int depth)
    {
        int position = start;
        while (position < end && depth < 16)
        {
            var input = new CodedInputStream(data[position..end]);
            try
            {
                uint tag = input.ReadTag();
                if (tag == 0)
                {
                    return;
                }

                if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
                {
                    input.SkipLastField();
                    position += (int)input.Position;
                    continue;
                }

                int prefix = position + (int)input.Position;
                int length = input.ReadLength();
                int payload = position + (int)input.Position;
                if (length < 0 || payload + length > end)
                {
                    return;
                }

                found.Add((prefix, payload - prefix, length));
                CollectLengthPrefixes(data, payload, payload + length, found, depth + 1);
                position = payload + length;
            }
            catch (InvalidProtocolBufferException)
            {
                return;
            }
        }
    }

    private static byte[] Varint(ulong value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteUInt64(value);
        output.Flush();
        return stream.ToArray();
    }

    private static string ReplaceNth(string text, string token, Random random, string replacement)
    {
        var places = new List<int>();
        for (int at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
        {
            places.Add(at);
        }

        int chosen = places[random.Next(places.Count)];
        int lineEnd = text.IndexOf('\n', chosen);
        return string.Concat(text.AsSpan(0, chosen), replacement, text.AsSpan(lineEnd));
    }

    private static int NthIndexOf(string text, char c, Random random)
    {
        var places = new List<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == c)
            {
                places.Add(i);
            }
        }

        return places[random.Next(places.Count)];
    }
}
