using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using Google.Protobuf;

namespace AtrousConv.Tests;

/// <summary>
/// What <c>tf.import_graph_def</c> refuses, before any node is added: ops and attribute values outside the family
/// (NotSupportedException naming the node, the op, the attribute and what is supported) and malformed graphs
/// (InvalidDataException), without allocations sized by a hostile shape.
/// </summary>
[TestClass]
public sealed class GraphImportRejectionTests
{
    /// <summary>The most a rejected import may allocate: far below what the hostile shapes would need.</summary>
    private const long AllocationBound = 16L << 20;

    public static IEnumerable<object[]> Unsupported =>
    [
        ["NCHW", "conv2d_transpose_s2_valid", "conv2d_transpose", "data_format", "NHWC", (Action<GraphDef>)(g => Node(g, "conv2d_transpose").Attr["data_format"] = S("NCHW"))],
        ["EXPLICIT padding", "atrous_r1_same", "atrous_conv2d_transpose/conv2d_transpose", "padding", "\"SAME\", \"VALID\"", (Action<GraphDef>)(g => Node(g, "atrous_conv2d_transpose/conv2d_transpose").Attr["padding"] = S("EXPLICIT"))],
        ["int64 convolution", "atrous_r2_same", "atrous_conv2d_transpose/Conv2DBackpropInput", "'T'", "DtHalf", (Action<GraphDef>)(g => Node(g, "atrous_conv2d_transpose/Conv2DBackpropInput").Attr["T"] = new AttrValue { Type = DataType.DtInt64 })],
        ["string placeholder", "atrous_r3_valid", "value", "'dtype'", "DtFloat", (Action<GraphDef>)(g => Node(g, "value").Attr["dtype"] = new AttrValue { Type = DataType.DtString })],
        ["another op", "atrous_r2_same", "Identity", "Relu", "Conv2DBackpropInput", (Action<GraphDef>)(g => Node(g, "Identity").Op = "Relu")],
        ["Pack on axis 1", "atrous_r4_same_dynamic_batch", "stack", "'axis'", "0", (Action<GraphDef>)(g => Node(g, "stack").Attr["axis"] = new AttrValue { I = 1 })],
        ["float arithmetic", "atrous_r4_same_dynamic_batch", "atrous_conv2d_transpose/add", "'T'", "DtInt32", (Action<GraphDef>)(g => Node(g, "atrous_conv2d_transpose/add").Attr["T"] = new AttrValue { Type = DataType.DtFloat })],
        ["strides in the batch", "conv2d_transpose_s2_valid", "conv2d_transpose", "'strides'", "[1, h, w, 1]", (Action<GraphDef>)(g => Node(g, "conv2d_transpose").Attr["strides"] = new AttrValue { List = new AttrValue.Types.ListValue { I = { 2, 2, 2, 1 } } })],
    ];

    public static IEnumerable<object[]> Malformed =>
    [
        ["a missing input", "atrous_r2_same", "Identity", (Action<GraphDef>)(g => Node(g, "Identity").Input[0] = "nothere")],
        ["short tensor_content", "atrous_r2_same", "Const", (Action<GraphDef>)(g => Tensor(g, "Const").TensorContent = ByteString.CopyFrom(Tensor(g, "Const").TensorContent.Span[..^4]))],
        ["an overflowing constant shape", "atrous_r3_valid", "Const", (Action<GraphDef>)(g => SetShape(Tensor(g, "Const"), 1L << 40, 1L << 40))],
        ["a huge constant from one value", "atrous_r3_valid", "Const", (Action<GraphDef>)(g => { TensorProto t = Tensor(g, "Const"); t.TensorContent = ByteString.Empty; t.FloatVal.Add(1f); SetShape(t, 4096, 4096, 64); })],
        ["a hostile placeholder shape", "atrous_r2_same", "atrous_conv2d_transpose/SpaceToBatchND", (Action<GraphDef>)(g => SetShape(Node(g, "value").Attr["shape"].Shape, 1L << 40, 1L << 40, 1L << 40, 3))],
        ["a cycle", "atrous_r1_same", "Identity", (Action<GraphDef>)(g => { Node(g, "Identity").Input[0] = "Identity"; })],
        ["two nodes of one name", "atrous_r1_same", "Const", (Action<GraphDef>)(g => g.Node.Add(Node(g, "Const").Clone()))],
        ["an attribute of the wrong kind", "atrous_r2_same", "atrous_conv2d_transpose/SpaceToBatchND", (Action<GraphDef>)(g => Node(g, "atrous_conv2d_transpose/SpaceToBatchND").Attr["T"] = S("float"))],
        ["a wrong input dtype", "atrous_r2_same", "atrous_conv2d_transpose/Conv2DBackpropInput", (Action<GraphDef>)(g => Node(g, "atrous_conv2d_transpose/Conv2DBackpropInput").Input[0] = "Const")],
    ];

    [TestMethod]
    [DynamicData(nameof(Unsupported))]
    public void UnsupportedOpsAndAttributesAreRefusedBeforeAnythingIsAdded(string why, string graph, string node, string attribute, string supported, Action<GraphDef> change)
    {
        GraphDef def = GraphFixture.Load(graph).Binary.Clone();
        change(def);
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            var ex = Assert.ThrowsExactly<NotSupportedException>(() => tf.import_graph_def(def), why);
            StringAssert.Contains(ex.Message, $"Node '{node}'", why);
            StringAssert.Contains(ex.Message, attribute, why);
            StringAssert.Contains(ex.Message, supported, why);
        }

        Assert.IsEmpty(g.get_operations(), $"{why}: nothing was imported");
    }

    [TestMethod]
    [DynamicData(nameof(Malformed))]
    public void MalformedGraphsAreInvalidDataWithoutLargeAllocations(string why, string graph, string node, Action<GraphDef> change)
    {
        GraphDef def = GraphFixture.Load(graph).Binary.Clone();
        change(def);
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => tf.import_graph_def(def), why);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            StringAssert.Contains(ex.Message, $"Node '{node}'", why);
            Assert.IsLessThan(AllocationBound, allocated, $"{why}: {allocated} bytes allocated");
        }
    }

    private static NodeDef Node(GraphDef g, string name) => g.Node.Single(n => n.Name == name);

    private static TensorProto Tensor(GraphDef g, string name) => Node(g, name).Attr["value"].Tensor;

    private static AttrValue S(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    private static void SetShape(TensorProto t, params long[] dims) => SetShape(t.TensorShape, dims);

    private static void SetShape(TensorShapeProto shape, params long[] dims)
    {
        shape.Dim.Clear();
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        }
    }
}
