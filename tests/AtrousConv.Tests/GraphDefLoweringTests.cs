using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// Our operations against the GraphDefs TensorFlow 2.21 wrote for the same calls (<c>graphs/</c>): the recorded
/// lowering has TensorFlow's nodes (names, op types, inputs, attributes, constant values) and the result has
/// TensorFlow's numbers. The dynamic-batch graph computes its shapes in the graph, so its nodes are checked by
/// <see cref="GraphDynamicBatchTests"/>; its numbers are checked here with the others.
/// </summary>
[TestClass]
public sealed class GraphDefLoweringTests
{
    public static IEnumerable<object[]> StaticGraphs() => Graphs(dynamic: false);

    public static IEnumerable<object[]> AllGraphs() => GraphFixture.Manifest.Select(e => new object[] { e.Name });

    [TestMethod]
    [DynamicData(nameof(StaticGraphs))]
    public void LoweringHasTensorFlowsNodesInOrder(string graph)
    {
        GraphFixture fixture = GraphFixture.Load(graph);
        IReadOnlyList<TFNodeDef> ours = GraphRebuild.Call(fixture).op!.Lowering;
        List<TFNodeDef> theirs = Between(fixture);

        Assert.AreEqual(Show(theirs.Select(n => n.Op)), Show(ours.Select(n => n.Op)), "op types in order");
        Assert.AreEqual(Show(theirs.Select(n => n.Name)), Show(ours.Select(n => n.Name)), "node names in order");
        for (int k = 0; k < theirs.Count; k++)
        {
            Assert.AreEqual(Show(theirs[k].Inputs), Show(ours[k].Inputs), $"inputs of {theirs[k].Name}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(StaticGraphs))]
    public void LoweringHasTensorFlowsAttributesAndConstants(string graph)
    {
        // Every attribute either side has: Conv2DBackpropInput's strides, dilations, padding, data_format,
        // explicit_paddings, T (and use_cudnn_on_gpu); the *ToSpaceND type attributes; each Const's dtype and value.
        GraphFixture fixture = GraphFixture.Load(graph);
        IReadOnlyList<TFNodeDef> ours = GraphRebuild.Call(fixture).op!.Lowering;
        List<TFNodeDef> theirs = Between(fixture);
        Assert.HasCount(theirs.Count, ours, "node count (see LoweringHasTensorFlowsNodesInOrder)");

        List<string> differences = [.. theirs.Zip(ours).SelectMany(p => GraphAttrValues.Differences(p.Second, p.First))];
        Assert.IsEmpty(differences, string.Join(Environment.NewLine, differences));
    }

    [TestMethod]
    [DynamicData(nameof(AllGraphs))]
    public void ResultMatchesTensorFlowsOutput(string graph)
    {
        GraphFixture fixture = GraphFixture.Load(graph);
        CollectionAssert.AreEqual(fixture.Entry.ValueShape, fixture.Value.Shape, "npz value vs manifest value_shape");
        CollectionAssert.AreEqual(fixture.Entry.OutputShape, fixture.Output.Shape, "npz output vs manifest output_shape");
        TFTensor result = GraphRebuild.Call(fixture);

        // Shape and dtype are static: known before the values are read.
        CollectionAssert.AreEqual(fixture.Output.Shape, result.shape);
        Assert.AreEqual(TFDataType.Float32, result.dtype);
        float[] ours = result.ToArray<float>();
        Assert.HasCount(fixture.Output.Data.Length, ours);

        // docs/fixture-format.md's float32 rule: max |ours - TF| <= 2e-6 * max |TF|.
        double err = Tolerances.RelativeError(Array.ConvertAll(ours, v => (double)v), Array.ConvertAll(fixture.Output.Data, v => (double)v));
        Assert.IsLessThanOrEqualTo(Tolerances.Float32, err, $"{graph}: err/scale {err:E2}");
    }

    [TestMethod]
    public void DilatedConvTransposeIsOneNodeCarryingDilations()
    {
        // TensorFlow keeps tf.nn.conv2d_transpose(dilations=2) as one Conv2DBackpropInput with a dilations attribute.
        GraphFixture fixture = GraphFixture.Load("conv2d_transpose_d2_same");
        CollectionAssert.AreEqual(new long[] { 1, 2, 2, 1 }, (long[])fixture.Conv.Attrs["dilations"], "TensorFlow's node");

        TFOperation op = GraphRebuild.Call(fixture).op!;
        TFNodeDef conv = op.Lowering.Single(n => n.Op == "Conv2DBackpropInput");
        Assert.AreEqual("conv2d_transpose", conv.Name);
        CollectionAssert.AreEqual(new long[] { 1, 2, 2, 1 }, (long[])conv.Attrs["dilations"]);
        CollectionAssert.AreEqual(new long[] { 1, 2, 2, 1 }, (long[])op.DilatedEquivalent.Attrs["dilations"]);
    }

    private static IEnumerable<object[]> Graphs(bool dynamic) =>
        GraphFixture.Manifest.Where(e => e.Name.Contains("dynamic", StringComparison.Ordinal) == dynamic).Select(e => new object[] { e.Name });

    /// <summary>TensorFlow's nodes for the call: all but the Placeholder, the filters Const and the final Identity.</summary>
    private static List<TFNodeDef> Between(GraphFixture fixture)
    {
        Assert.IsFalse(fixture.IsDynamic, "static graphs only");
        string filters = fixture.Filters.Name;
        return [.. fixture.Nodes.Where(n => n.Op is not ("Placeholder" or "Identity") && n.Name != filters)];
    }

    private static string Show(IEnumerable<string> items) => string.Join(" | ", items);
}
