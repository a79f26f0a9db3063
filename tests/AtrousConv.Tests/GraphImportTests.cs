using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;

namespace AtrousConv.Tests;

/// <summary>
/// TensorFlow's six GraphDefs, binary and text, imported with <c>tf.import_graph_def</c> and run: the output equals
/// TensorFlow's by the float32 rule, the atrous chains run as one fused kernel call, the dynamic-batch graph runs
/// at other batch sizes, and gradients flow through an imported graph.
/// </summary>
[TestClass]
public sealed class GraphImportTests
{
    public static IEnumerable<object[]> GraphsAndForms =>
        GraphFixture.Manifest.SelectMany(e => new[] { new object[] { e.Name, "binary" }, [e.Name, "text"] });

    public static IEnumerable<object[]> AtrousGraphs => GraphFixture.AtrousNames.Select(n => new object[] { n });

    [TestMethod]
    [DynamicData(nameof(GraphsAndForms))]
    public void ImportedGraphReproducesTensorFlowsOutput(string name, string form)
    {
        var fixture = GraphFixture.Load(name);
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            tf.import_graph_def(form == "binary" ? fixture.Binary : fixture.Text, name: "");
        }

        using var session = tf.Session(g);
        TFValue y = session.run(g.get_tensor_by_name(fixture.Entry.Output), new Dictionary<TFTensor, TFValue> { [g.get_tensor_by_name(fixture.Entry.Input)] = fixture.FedValue });

        CollectionAssert.AreEqual(fixture.Output.Shape, y.shape, name);
        double err = GraphFixture.ErrOverScale(y.ToArray<float>(), fixture.Output.Data);
        Assert.IsLessThanOrEqualTo(Tolerances.Float32, err, $"{name} ({form}): err/scale {err:E2}");
    }

    [TestMethod]
    [DynamicData(nameof(AtrousGraphs))]
    public void AtrousChainRunsAsOneFusedKernelCall(string name)
    {
        var fixture = GraphFixture.Load(name);
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            tf.import_graph_def(fixture.Binary);
        }

        TFTensor input = g.get_tensor_by_name("import/" + fixture.Entry.Input), output = g.get_tensor_by_name("import/" + fixture.Entry.Output);
        using var session = tf.Session(g);
        var feed = new Dictionary<TFTensor, TFValue> { [input] = fixture.FedValue };
        session.run(output, feed);

        TFPlanStep fused = session.Plan([output], [input]).Steps.Single(s => s.IsFusedChain);
        Assert.AreEqual("import/atrous_conv2d_transpose/BatchToSpaceND", fused.Op.name);
        Assert.AreEqual(1, fused.FusedRuns, "the chain ran as one kernel call");
        Assert.AreEqual(0, fused.UnfusedRuns);
        Assert.IsFalse(session.Plan([output], [input]).Steps.Any(s => s.Op.type is "SpaceToBatchND" or "Conv2DBackpropInput"), "no space-to-batch step left");
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(1)]
    [DataRow(5)]
    public void DynamicBatchGraphRunsAtAnyBatch(int batch)
    {
        var fixture = GraphFixture.Load("atrous_r4_same_dynamic_batch");
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            tf.import_graph_def(fixture.Text, name: "");
        }

        TFTensor input = g.get_tensor_by_name("value:0"), output = g.get_tensor_by_name("Identity:0");
        CollectionAssert.AreEqual(new long[] { -1, 8, 8, 2 }, output.shape, "the batch stays unknown through shape inference");

        // Batch b: TensorFlow's value rows repeated; the result is the same rows of TensorFlow's output.
        long perItem = 8 * 8 * 2, outPerItem = 8 * 8 * 2;
        float[] x = [.. Enumerable.Range(0, batch).SelectMany(i => fixture.Value.Data.Skip((int)((i % 3) * perItem)).Take((int)perItem))];
        float[] expected = [.. Enumerable.Range(0, batch).SelectMany(i => fixture.Output.Data.Skip((int)((i % 3) * outPerItem)).Take((int)outPerItem))];
        using var session = tf.Session(g);
        TFValue y = session.run(output, new Dictionary<TFTensor, TFValue> { [input] = TFValue.Create(x, batch, 8, 8, 2) });

        CollectionAssert.AreEqual(new long[] { batch, 8, 8, 2 }, y.shape);
        Assert.IsLessThanOrEqualTo(Tolerances.Float32, GraphFixture.ErrOverScale(y.ToArray<float>(), expected));
        Assert.AreEqual(1, session.Plan([output], [input]).Steps.Single(s => s.IsFusedChain).FusedRuns, "fused at this batch too");
    }

    [TestMethod]
    public void GradientsFlowThroughAnImportedGraph()
    {
        var fixture = GraphFixture.Load("atrous_r2_same");
        TFGraph g = tf.Graph();
        TFTensor y, value;
        TFTensor?[] grads;
        double[] upstream = TestData.Normals(1 * 9 * 10 * 2, 11);
        using (g.as_default())
        {
            ITensorOrOperation[] returned = tf.import_graph_def(fixture.Binary, return_elements: ["value:0", "Identity:0", "Const:0"])!;
            (value, y) = ((TFTensor)returned[0], (TFTensor)returned[1]);
            grads = tf.gradients(y, [value, (TFTensor)returned[2]], tf.constant(Array.ConvertAll(upstream, v => (float)v), [1, 9, 10, 2]));
        }

        using var session = tf.Session(g);
        TFValue[] both = session.run([grads[0]!, grads[1]!], new Dictionary<TFTensor, TFValue> { [value] = fixture.FedValue });
        (long[] fShape, float[] f) = fixture.Filters();
        (var gv, var gf) = Convolution.AtrousConv2DTransposeGradients(
            TestData.Span(fixture.Value.Data, fixture.Value.Shape), TestData.Span(f, fShape), TestData.Span(Array.ConvertAll(upstream, v => (float)v), [1, 9, 10, 2]), 2, Padding.Same);
        Assert.IsLessThanOrEqualTo(Tolerances.Float32, GraphFixture.ErrOverScale(both[0].ToArray<float>(), TestData.Flat(gv)), "d/dvalue");
        Assert.IsLessThanOrEqualTo(Tolerances.Float32, GraphFixture.ErrOverScale(both[1].ToArray<float>(), TestData.Flat(gf)), "d/dfilters");
    }

    [TestMethod]
    public void InputMapReplacesThePlaceholder()
    {
        var fixture = GraphFixture.Load("atrous_r3_valid");
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor mine = tf.constant(fixture.Value.Data, fixture.Value.Shape, name: "mine");
            TFTensor y = (TFTensor)tf.import_graph_def(fixture.Text, new Dictionary<string, TFTensor> { ["value:0"] = mine }, ["Identity:0"], "net")![0];
            Assert.AreEqual("net/Identity:0", y.name);
            Assert.IsLessThanOrEqualTo(Tolerances.Float32, GraphFixture.ErrOverScale(y.ToArray<float>(), fixture.Output.Data), "no feed needed: value is mapped to a constant");
            TFTensor again = (TFTensor)tf.import_graph_def(fixture.Text, new Dictionary<string, TFTensor> { ["value"] = mine }, ["Identity:0"])![0];
            Assert.AreEqual("import/Identity:0", again.name);
            Assert.ThrowsExactly<ArgumentException>(() => tf.import_graph_def(fixture.Text, new Dictionary<string, TFTensor> { ["nothing:0"] = mine }));
        }
    }
}
