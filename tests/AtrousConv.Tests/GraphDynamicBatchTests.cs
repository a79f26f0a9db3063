using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// The dynamic-batch GraphDef: with the batch unknown TensorFlow computes <c>output_shape</c>, the paddings,
/// <c>input_sizes</c> and the crops in the graph (Shape, StridedSlice, Pack, AddV2, ...), where our lowering, built
/// for a known value, holds constants under the same names. So: our nodes appear in TensorFlow's graph in the same
/// order; the three ops match exactly; each of our constants equals TensorFlow's Const, or its computed node
/// evaluated for the fed value's shape. The numbers are checked in <see cref="GraphDefLoweringTests"/>.
/// </summary>
[TestClass]
public sealed class GraphDynamicBatchTests
{
    private const string Graph = "atrous_r4_same_dynamic_batch";

    [TestMethod]
    public void OurNodesAreInTensorFlowsGraphInOrder()
    {
        (GraphFixture fixture, IReadOnlyList<TFNodeDef> ours) = Build();
        int[] positions = [.. ours.Select(n => fixture.Nodes.FindIndex(t => t.Name == n.Name))];

        Assert.IsEmpty(ours.Where((n, k) => positions[k] < 0).Select(n => n.Name), "our nodes missing from TensorFlow's graph");
        CollectionAssert.AreEqual(positions.Order().ToArray(), positions, "order of our nodes in TensorFlow's graph");
    }

    [TestMethod]
    public void OpsHaveTensorFlowsInputsAndAttributes()
    {
        (GraphFixture fixture, IReadOnlyList<TFNodeDef> ours) = Build();
        TFNodeDef[] computing = [.. ours.Where(n => n.Op != "Const")];
        CollectionAssert.AreEqual(new[] { "SpaceToBatchND", "Conv2DBackpropInput", "BatchToSpaceND" }, computing.Select(n => n.Op).ToArray());

        foreach (TFNodeDef node in computing)
        {
            TFNodeDef theirs = fixture.Node(node.Name);
            Assert.AreEqual(theirs.Op, node.Op, node.Name);
            CollectionAssert.AreEqual(theirs.Inputs.ToArray(), node.Inputs.ToArray(), $"inputs of {node.Name}");
            List<string> differences = GraphAttrValues.Differences(node, theirs);
            Assert.IsEmpty(differences, string.Join(Environment.NewLine, differences));
        }
    }

    [TestMethod]
    public void ConstantsEqualWhatTensorFlowComputesForTheFedBatch()
    {
        (GraphFixture fixture, IReadOnlyList<TFNodeDef> ours) = Build();
        var differences = new List<string>();
        foreach (TFNodeDef node in ours.Where(n => n.Op == "Const"))
        {
            TFNodeDef theirs = fixture.Node(node.Name);
            if (theirs.Op == "Const")
            {
                differences.AddRange(GraphAttrValues.Differences(node, theirs));
                continue;
            }

            // Computed in TensorFlow's graph (a Pack): its element type is the Pack's T.
            var mine = (TFConstValue)node.Attrs["value"];
            GraphFolded folded = GraphConstFolding.Evaluate(fixture.Nodes, node.Name, fixture.Value.Shape);
            var computed = new GraphTensor((TFDataType)theirs.Attrs["T"], folded.Shape, folded.Values);
            if (!GraphAttrValues.AreEqual(mine, computed))
            {
                differences.Add($"{node.Name}: ours {GraphAttrValues.Format(mine)}, TensorFlow computes {GraphAttrValues.Format(computed)}");
            }
        }

        Assert.IsEmpty(differences, string.Join(Environment.NewLine, differences));
    }

    private static (GraphFixture Fixture, IReadOnlyList<TFNodeDef> Ours) Build()
    {
        GraphFixture fixture = GraphFixture.Load(Graph);
        Assert.IsTrue(fixture.IsDynamic, "the Placeholder's batch is -1");
        return (fixture, GraphRebuild.Call(fixture).op!.Lowering);
    }
}
