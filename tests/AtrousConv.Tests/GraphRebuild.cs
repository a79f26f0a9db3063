using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// Rebuilds the Python call behind a fixture graph with our TensorFlow face, in a fresh graph, reading the arguments
/// from TensorFlow's nodes. The inputs are named as TensorFlow named them (<c>value</c>, <c>Const</c>, <c>stack</c>)
/// so node names and inputs compare exactly.
/// </summary>
internal static class GraphRebuild
{
    public static TFTensor Call(GraphFixture fixture)
    {
        using (tf.Graph().as_default())
        {
            TFTensor value = tf.constant(fixture.Value.Data, fixture.Value.Shape, "value");

            // The dynamic-batch graph gets output_shape as a tensor (`stack`, computed from tf.shape(value)); ours is a
            // tensor too, holding the values it takes for this value. The static graphs were given a Python list.
            TFOutputShape outputShape = fixture.IsDynamic
                ? tf.constant(Array.ConvertAll(fixture.Entry.OutputShape, d => checked((int)d)), "stack")
                : fixture.Entry.OutputShape;
            var w = (GraphTensor)fixture.Filters.Attrs["value"];
            TFTensor filters = tf.constant(w.Singles, w.Shape);

            TFNodeDef conv = fixture.Conv;
            if (conv.Name.StartsWith("atrous_conv2d_transpose/", StringComparison.Ordinal))
            {
                // Rate 1 is a plain Conv2DBackpropInput; above that the rate is SpaceToBatchND's block_shape.
                TFNodeDef? spaceToBatch = fixture.Nodes.SingleOrDefault(n => n.Op == "SpaceToBatchND");
                int rate = spaceToBatch is null ? 1 : checked((int)fixture.ConstValue(spaceToBatch.Inputs[1]).Int64s[0]);
                string padding = rate == 1 ? (string)conv.Attrs["padding"] : fixture.NotePadding;
                return tf.nn.atrous_conv2d_transpose(value, filters, outputShape, rate, padding);
            }

            return tf.nn.conv2d_transpose(
                value, filters, outputShape, Ints(conv.Attrs["strides"]), (string)conv.Attrs["padding"], (string)conv.Attrs["data_format"], Ints(conv.Attrs["dilations"]));
        }
    }

    private static int[] Ints(object list) => Array.ConvertAll((long[])list, v => checked((int)v));
}
