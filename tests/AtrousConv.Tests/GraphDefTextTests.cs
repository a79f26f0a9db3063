using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// The test-side readers (text GraphDef, .npz) and the attribute comparer, so that a failure in the lowering tests
/// points at the library, not at how the fixtures were read or compared.
/// </summary>
[TestClass]
public sealed class GraphDefTextTests
{
    [TestMethod]
    public void UnescapesCEscapes()
    {
        byte[] bytes = GraphDefText.Unescape(@"\000\001\t\n\\\""\'a\177\377\12\x41");
        CollectionAssert.AreEqual(new byte[] { 0, 1, 9, 10, 92, 34, 39, 97, 127, 255, 10, 0x41 }, bytes);
    }

    [TestMethod]
    public void ReadsTensorContentAndRepeatedVals()
    {
        const string Text = """
            # a comment
            node {
              name: "c"
              op: "Const"
              input: "a:1"
              attr { key: "value" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } } tensor_content: "\001\000\000\000\377\377\377\377" } } }
              attr { key: "ints" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 3 } } int_val: 8 } } }
              attr { key: "f" value { tensor { dtype: DT_FLOAT tensor_shape { } float_val: -1.5 } } }
              attr { key: "l" value { list { i: 1 i: -2 } } }
              attr { key: "e" value { list { } } }
              attr { key: "b" value { b: true } }
              attr { key: "s" value { s: "SA" "ME" } }
            }
            versions { producer: 1 }
            """;
        TFNodeDef node = GraphDefNodes.Parse(Text).Single();

        Assert.AreEqual("c", node.Name);
        Assert.AreEqual("Const", node.Op);
        CollectionAssert.AreEqual(new[] { "a:1" }, node.Inputs.ToArray());
        CollectionAssert.AreEqual(new long[] { 1, -1 }, ((GraphTensor)node.Attrs["value"]).Int64s);
        CollectionAssert.AreEqual(new long[] { 8, 8, 8 }, ((GraphTensor)node.Attrs["ints"]).Int64s, "int_val repeats its last value");
        CollectionAssert.AreEqual(new[] { -1.5f }, ((GraphTensor)node.Attrs["f"]).Singles);
        CollectionAssert.AreEqual(new long[] { 1, -2 }, (long[])node.Attrs["l"]);
        Assert.IsEmpty((long[])node.Attrs["e"]);
        Assert.IsTrue((bool)node.Attrs["b"]);
        Assert.AreEqual("SAME", node.Attrs["s"]);
    }

    [TestMethod]
    [DynamicData(nameof(GraphDefLoweringTests.AllGraphs), typeof(GraphDefLoweringTests))]
    public void FixturesReadAsTheManifestDescribes(string graph)
    {
        GraphFixture fixture = GraphFixture.Load(graph);

        CollectionAssert.AreEqual(fixture.Entry.Ops, fixture.Nodes.Select(n => n.Op).ToArray(), "op types in file order");
        CollectionAssert.AreEqual(fixture.Entry.ValueShape, fixture.Value.Shape);
        CollectionAssert.AreEqual(fixture.Entry.OutputShape, fixture.Output.Shape);
        var filters = (GraphTensor)fixture.Filters.Attrs["value"];
        Assert.AreEqual(TFDataType.Float32, filters.DType);
        Assert.HasCount(checked((int)filters.Shape.Aggregate(1L, (a, d) => a * d)), filters.Singles);
        Assert.IsTrue(filters.Singles.All(float.IsFinite), "decoded filter values are finite");
    }

    [TestMethod]
    public void ComparerReportsEveryChangedAttribute()
    {
        // A lowering node against a copy of TensorFlow's with one constant value, one list and one attribute changed.
        GraphFixture fixture = GraphFixture.Load("atrous_r2_same");
        IReadOnlyList<TFNodeDef> ours = GraphRebuild.Call(fixture).op!.Lowering;
        TFNodeDef crops = fixture.Node("atrous_conv2d_transpose/BatchToSpaceND/crops");
        TFNodeDef conv = fixture.Conv;
        var tensor = (GraphTensor)crops.Attrs["value"];
        TFNodeDef changedCrops = crops with { Attrs = new Dictionary<string, object>(crops.Attrs) { ["value"] = tensor with { Values = new long[] { 2, 3, 2, 1 } } } };
        var convAttrs = new Dictionary<string, object>(conv.Attrs) { ["dilations"] = new long[] { 1, 2, 2, 1 }, ["extra"] = true };
        convAttrs.Remove("use_cudnn_on_gpu");

        Assert.IsEmpty(GraphAttrValues.Differences(ours.Single(n => n.Name == crops.Name), crops));
        Assert.HasCount(1, GraphAttrValues.Differences(ours.Single(n => n.Name == crops.Name), changedCrops));
        Assert.HasCount(3, GraphAttrValues.Differences(ours.Single(n => n.Name == conv.Name), conv with { Attrs = convAttrs }));
    }
}
