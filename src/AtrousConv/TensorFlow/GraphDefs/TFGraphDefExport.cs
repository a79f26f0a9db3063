using System.Runtime.InteropServices;
using AtrousConv.TensorFlow.Framework;
using Google.Protobuf;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Our nodes as a GraphDef, written as TensorFlow 2.21 writes them: inputs by node name, attributes by TensorFlow's
/// types, Const tensors with <c>tensor_content</c> for more than one element and the typed <c>*_val</c> field for
/// one (TensorFlow's <c>make_tensor_proto</c>), the <c>Shape</c> node's <c>experimental_type</c>, and
/// <c>versions { producer: 2474 }</c>.
/// </summary>
internal static class TFGraphDefExport
{
    /// <summary>The GraphDef producer version TensorFlow 2.21 writes.</summary>
    public const int Producer = 2474;

    public static GraphDef ToGraphDef(TFGraph graph)
    {
        var graphDef = new GraphDef { Versions = new VersionDef { Producer = Producer } };
        foreach (TFOperation op in graph.Operations)
        {
            graphDef.Node.Add(Node(op));
        }

        return graphDef;
    }

    private static NodeDef Node(TFOperation op)
    {
        var node = new NodeDef { Name = op.name, Op = op.type };
        foreach (TFTensor input in op.inputs)
        {
            node.Input.Add(input.op.name);
        }

        foreach ((string key, object value) in op.attrs)
        {
            node.Attr[key] = Attr(value);
        }

        if (op.type == "Shape")
        {
            // TensorFlow records the Shape op's full type: a product of one shape tensor of out_type.
            var element = new FullTypeDef { TypeId = op.Attr<TFDataType>("out_type") == TFDataType.Int64 ? FullTypeId.TftInt64 : FullTypeId.TftInt32 };
            var shapeTensor = new FullTypeDef { TypeId = FullTypeId.TftShapeTensor };
            shapeTensor.Args.Add(element);
            node.ExperimentalType = new FullTypeDef { TypeId = FullTypeId.TftProduct };
            node.ExperimentalType.Args.Add(shapeTensor);
        }

        return node;
    }

    private static AttrValue Attr(object value) => value switch
    {
        TFDataType t => new AttrValue { Type = TFProtoTypes.ToProto(t) },
        string s => new AttrValue { S = ByteString.CopyFromUtf8(s) },
        bool b => new AttrValue { B = b },
        long i => new AttrValue { I = i },
        long[] list => new AttrValue { List = new AttrValue.Types.ListValue { I = { list } } },
        TFShapeAttr shape => new AttrValue { Shape = Shape(shape.Dims) },
        TFValue tensor => new AttrValue { Tensor = Tensor(tensor) },
        _ => throw new InvalidOperationException($"attribute value of type {value.GetType().Name} has no GraphDef form; this is a bug."),
    };

    private static TensorShapeProto Shape(long[]? dims)
    {
        var shape = new TensorShapeProto();
        if (dims is null)
        {
            shape.UnknownRank = true;
            return shape;
        }

        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        }

        return shape;
    }

    /// <summary>TensorFlow's <c>make_tensor_proto</c>: more than one element → little-endian <c>tensor_content</c>; one or none → the typed field.</summary>
    private static TensorProto Tensor(TFValue value)
    {
        var proto = new TensorProto { Dtype = TFProtoTypes.ToProto(value.dtype), TensorShape = Shape(value.Dims) };
        if (value.data.Length > 1)
        {
            proto.TensorContent = ByteString.CopyFrom(Bytes(value.data));
            return proto;
        }

        switch (value.data)
        {
            case float[] a: proto.FloatVal.Add(a); break;
            case double[] a: proto.DoubleVal.Add(a); break;
            case int[] a: proto.IntVal.Add(a); break;
            case long[] a: proto.Int64Val.Add(a); break;
            case byte[] a: proto.IntVal.Add(a.Select(v => (int)v)); break;
            case Half[] a: proto.HalfVal.Add(a.Select(v => (int)BitConverter.HalfToUInt16Bits(v))); break;
            case BFloat16[] a: proto.HalfVal.Add(a.Select(v => (int)v.RawValue)); break;
            default: throw new InvalidOperationException($"{value.dtype} has no GraphDef form; this is a bug.");
        }

        return proto;
    }

    private static byte[] Bytes(Array data) => data switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        byte[] a => (byte[])a.Clone(),
        Half[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        BFloat16[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
        _ => throw new InvalidOperationException($"{data.GetType().Name} has no GraphDef form; this is a bug."),
    };
}
