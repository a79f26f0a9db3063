using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Tests;

/// <summary>
/// Each of TensorFlow's six graphs built with our face as TensorFlow's Python built it, exported, and compared
/// with TensorFlow's file node by node and field by field (names, op types, inputs, every attribute, constant
/// encodings, versions), then as text byte for byte; and the export written by <c>tf.io.write_graph</c> in both
/// forms reads back to the same message.
/// </summary>
[TestClass]
public sealed class GraphExportTests
{
    public static IEnumerable<object[]> Graphs => GraphFixture.Manifest.Select(e => new object[] { e.Name });

    [TestMethod]
    [DynamicData(nameof(Graphs))]
    public void ExportEqualsTensorFlowsGraphFieldByField(string name)
    {
        var fixture = GraphFixture.Load(name);
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            fixture.Build();
        }

        GraphDef ours = g.as_graph_def(), theirs = fixture.Binary;
        Assert.AreEqual(theirs.Versions, ours.Versions, "versions");
        CollectionAssert.AreEqual(theirs.Node.Select(n => n.Name).ToList(), ours.Node.Select(n => n.Name).ToList(), $"{name}: node names in order");
        for (int i = 0; i < theirs.Node.Count; i++)
        {
            NodeDef a = ours.Node[i], b = theirs.Node[i];
            Assert.AreEqual(b.Op, a.Op, $"{b.Name}: op");
            CollectionAssert.AreEqual(b.Input.ToList(), a.Input.ToList(), $"{b.Name}: inputs");
            CollectionAssert.AreEquivalent(b.Attr.Keys.ToList(), a.Attr.Keys.ToList(), $"{b.Name}: attribute names");
            foreach (string key in b.Attr.Keys)
            {
                Assert.AreEqual(b.Attr[key], a.Attr[key], $"{b.Name}: attribute {key}: ours {a.Attr[key]}, TensorFlow's {b.Attr[key]}");
            }

            Assert.AreEqual(b, a, $"{b.Name}: the whole NodeDef (experimental_type included)");
        }

        Assert.AreEqual(File.ReadAllText(Path.Combine(GraphFixture.Folder, fixture.Entry.Text)), GraphDefFormat.ToText(ours), $"{name}: text form byte for byte");
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void WriteGraphWritesTextOrBinary(bool asText)
    {
        var fixture = GraphFixture.Load("atrous_r4_same_dynamic_batch");
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            fixture.Build();
        }

        string dir = Path.Combine(Path.GetTempPath(), "atrousconv-write-graph-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = tf.io.write_graph(g, dir, asText ? "graph.pbtxt" : "graph.pb", asText);
            Assert.AreEqual(Path.Combine(dir, asText ? "graph.pbtxt" : "graph.pb"), path);
            Assert.AreEqual(fixture.Binary, GraphDefFormat.Load(path), "the file holds TensorFlow's message (map entries may serialize in another order)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void AtrousExportHasNoDilatedConv2DBackpropInput()
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 7, 7, 3], "value");
            tf.nn.atrous_conv2d_transpose(x, tf.constant(new float[3 * 3 * 4 * 3], [3, 3, 4, 3]), new[] { 2, 7, 7, 4 }, 3, "SAME");
        }

        NodeDef[] convs = [.. g.as_graph_def().Node.Where(n => n.Op == "Conv2DBackpropInput")];
        Assert.HasCount(1, convs);
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1 }, convs[0].Attr["dilations"].List.I.ToList(), "TensorFlow's CPU kernel runs no dilations");
        Assert.AreEqual("VALID", convs[0].Attr["padding"].S.ToStringUtf8());
    }
}
