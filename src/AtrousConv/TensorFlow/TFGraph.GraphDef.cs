using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.TensorFlow;

public sealed partial class TFGraph
{
#pragma warning disable CA1707, IDE1006 // TensorFlow's names.

    /// <summary>
    /// The graph as a GraphDef (TensorFlow's <c>graph.as_graph_def()</c>), as TensorFlow 2.21 writes it: every node
    /// in build order with TensorFlow's names, op types, input order, attributes and constant encodings, and
    /// <c>versions { producer: 2474 }</c>. An <c>atrous_conv2d_transpose</c> is its three nodes
    /// (SpaceToBatchND → Conv2DBackpropInput → BatchToSpaceND), which TensorFlow's default CPU kernels run.
    /// </summary>
    /// <returns>A new message.</returns>
    public GraphDef as_graph_def() => TFGraphDefExport.ToGraphDef(this);

#pragma warning restore CA1707, IDE1006
}
