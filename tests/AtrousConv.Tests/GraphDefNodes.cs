using System.Buffers.Binary;
using System.Globalization;
using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>A <c>tensor</c> attribute as the GraphDef holds it; <see cref="Values"/> is <c>long[]</c> for integer dtypes, <c>float[]</c> or <c>double[]</c> otherwise.</summary>
internal sealed record GraphTensor(TFDataType DType, long[] Shape, Array Values)
{
    public long[] Int64s => Values as long[] ?? throw new InvalidOperationException($"{DType} tensor is not integer.");

    public float[] Singles => Values as float[] ?? throw new InvalidOperationException($"{DType} tensor is not float32.");
}

/// <summary>A <c>shape</c> attribute (a Placeholder's); -1 is an unknown dimension.</summary>
internal sealed record GraphShape(long[] Dims);

/// <summary>
/// The <c>node</c>s of a text GraphDef as the library's <see cref="TFNodeDef"/>, so TensorFlow's graph and our
/// lowering compare field by field. Attribute values use the library's kinds (<see cref="TFDataType"/>, string,
/// bool, <c>long[]</c> for <c>list(int)</c>) plus <see cref="GraphTensor"/>, <see cref="GraphShape"/> and <c>long</c>.
/// </summary>
internal static class GraphDefNodes
{
    public static List<TFNodeDef> Read(string path) => Parse(File.ReadAllText(path));

    public static List<TFNodeDef> Parse(string text) => [.. GraphDefText.Parse(text).Messages("node").Select(Node)];

    public static TFDataType DType(string name) =>
        Enum.GetValues<TFDataType>().Where(t => t.ToGraphDefName() == name).Cast<TFDataType?>().SingleOrDefault()
        ?? throw new NotSupportedException($"dtype {name} is not one the library knows.");

    private static TFNodeDef Node(GraphTextMessage node)
    {
        var attrs = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (GraphTextMessage attr in node.Messages("attr"))
        {
            string key = attr.Text("key") ?? throw new FormatException("attr without key");
            attrs[key] = AttrValue(attr.Message("value") ?? throw new FormatException($"attr {key} without value"));
        }

        string name = node.Text("name") ?? throw new FormatException("node without name");
        return new TFNodeDef(name, node.Text("op") ?? throw new FormatException($"{name} without op"), [.. node.All("input").Cast<byte[]>().Select(System.Text.Encoding.UTF8.GetString)], attrs);
    }

    /// <summary>An <c>AttrValue</c> holds exactly one of its fields.</summary>
    private static object AttrValue(GraphTextMessage value)
    {
        KeyValuePair<string, object> field = value.Fields.Count == 1 ? value.Fields[0] : throw new FormatException($"AttrValue with {value.Fields.Count} fields");
        return field.Key switch
        {
            "type" => DType((string)field.Value),
            "s" => System.Text.Encoding.UTF8.GetString((byte[])field.Value),
            "b" => bool.Parse((string)field.Value),
            "i" => long.Parse((string)field.Value, CultureInfo.InvariantCulture),
            "list" => IntList((GraphTextMessage)field.Value),
            "shape" => new GraphShape(Dims((GraphTextMessage)field.Value)),
            "tensor" => Tensor((GraphTextMessage)field.Value),
            _ => throw new NotSupportedException($"AttrValue field {field.Key} is not needed by these graphs."),
        };
    }

    /// <summary>Only <c>list(int)</c> occurs in these graphs (strides, dilations, explicit_paddings); an empty list is <c>list(int)</c> too.</summary>
    private static long[] IntList(GraphTextMessage list) =>
        list.Fields.All(f => f.Key == "i")
            ? [.. list.All("i").Select(v => long.Parse((string)v, CultureInfo.InvariantCulture))]
            : throw new NotSupportedException("Only list(int) attributes are read.");

    private static long[] Dims(GraphTextMessage? shape) =>
        shape is null ? [] : [.. shape.Messages("dim").Select(d => d.Token("size") is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : 0)];

    private static GraphTensor Tensor(GraphTextMessage tensor)
    {
        TFDataType dtype = DType(tensor.Token("dtype") ?? throw new FormatException("tensor without dtype"));
        long[] shape = Dims(tensor.Message("tensor_shape"));
        int count = checked((int)shape.Aggregate(1L, (a, d) => a * d));
        if (tensor.Bytes("tensor_content") is { } content)
        {
            return new GraphTensor(dtype, shape, FromContent(dtype, content, count));
        }

        // int_val / float_val / ...: fewer values than elements means "repeat the last one" (TensorFlow's MakeNdarray).
        string field = dtype switch
        {
            TFDataType.Int64 => "int64_val",
            TFDataType.Float32 => "float_val",
            TFDataType.Float64 => "double_val",
            _ => "int_val",
        };
        string[] tokens = [.. tensor.All(field).Cast<string>()];
        string? At(int k) => tokens.Length == 0 ? null : tokens[Math.Min(k, tokens.Length - 1)];
        IEnumerable<int> all = Enumerable.Range(0, count);
        return new GraphTensor(dtype, shape, dtype switch
        {
            TFDataType.Float32 => all.Select(k => At(k) is { } t ? (float)ParseNumber(t) : 0f).ToArray(),
            TFDataType.Float64 => all.Select(k => At(k) is { } t ? ParseNumber(t) : 0.0).ToArray(),
            _ => all.Select(k => At(k) is { } t ? long.Parse(t, CultureInfo.InvariantCulture) : 0L).ToArray(),
        });
    }

    /// <summary><c>tensor_content</c> is the raw little-endian array.</summary>
    private static Array FromContent(TFDataType dtype, byte[] b, int count)
    {
        int size = dtype switch { TFDataType.Int32 or TFDataType.Float32 => 4, TFDataType.Int64 or TFDataType.Float64 => 8, _ => throw new NotSupportedException($"tensor_content of {dtype}") };
        if (b.Length != count * size)
        {
            throw new FormatException($"tensor_content has {b.Length} bytes; {count} {dtype} values need {count * size}.");
        }

        var at = (int k) => b.AsSpan(k * size, size);
        return dtype switch
        {
            TFDataType.Int32 => Enumerable.Range(0, count).Select(k => (long)BinaryPrimitives.ReadInt32LittleEndian(at(k))).ToArray(),
            TFDataType.Int64 => Enumerable.Range(0, count).Select(k => BinaryPrimitives.ReadInt64LittleEndian(at(k))).ToArray(),
            TFDataType.Float32 => Enumerable.Range(0, count).Select(k => BinaryPrimitives.ReadSingleLittleEndian(at(k))).ToArray(),
            _ => Enumerable.Range(0, count).Select(k => BinaryPrimitives.ReadDoubleLittleEndian(at(k))).ToArray(),
        };
    }

    private static double ParseNumber(string token) => token.ToUpperInvariant() switch
    {
        "NAN" => double.NaN,
        "INF" or "INFINITY" => double.PositiveInfinity,
        "-INF" or "-INFINITY" => double.NegativeInfinity,
        _ => double.Parse(token.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
