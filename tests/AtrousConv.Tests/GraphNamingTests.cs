using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// TensorFlow's graph naming, as measured on TensorFlow 2.21 (docs/tf-semantics.md §13): scopes are uniquified per graph
/// (<c>atrous_conv2d_transpose</c>, <c>_1</c>, <c>up</c>, <c>up_1</c>), rate 1 is one <c>&lt;scope&gt;/conv2d_transpose</c>
/// node, and a result's shape and dtype are static.
/// </summary>
[TestClass]
public sealed class GraphNamingTests
{
    [TestMethod]
    public void ResultNamesFollowTensorFlowsScopes()
    {
        using (tf.Graph().as_default())
        {
            long[] outputShape = [1, 5, 5, 2];
            TFTensor value = tf.constant(new float[50], [1, 5, 5, 2]);
            TFTensor filters = tf.constant(new float[36], [3, 3, 2, 2]);

            TFTensor[] results =
            [
                tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 2, "SAME"),
                tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 2, "SAME"),
                tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 2, "SAME", "up"),
                tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 1, "SAME", "up"),
                tf.nn.conv2d_transpose(value, filters, outputShape, [1, 1], "SAME", dilations: [2, 2]),
            ];

            CollectionAssert.AreEqual(
                new[] { "atrous_conv2d_transpose/BatchToSpaceND:0", "atrous_conv2d_transpose_1/BatchToSpaceND:0", "up/BatchToSpaceND:0", "up_1/conv2d_transpose:0", "conv2d_transpose:0" },
                results.Select(r => r.name).ToArray());

            // Nothing has been evaluated yet: the static shape is output_shape and the dtype is value's.
            foreach (TFTensor result in results)
            {
                CollectionAssert.AreEqual(outputShape, result.shape, result.name);
                Assert.AreEqual(value.dtype, result.dtype, result.name);
            }

            // The nodes live under the scope; rate 1 is a single Conv2DBackpropInput.
            string[] upNodes = [.. results[2].op!.Lowering.Where(n => n.Op != "Const").Select(n => n.Name)];
            CollectionAssert.AreEqual(new[] { "up/SpaceToBatchND", "up/Conv2DBackpropInput", "up/BatchToSpaceND" }, upNodes);
            Assert.IsTrue(results[2].op!.Lowering.Where(n => n.Op == "Const").All(n => n.Name.StartsWith("up/", StringComparison.Ordinal)), "Const nodes under up/");
            TFNodeDef rateOne = results[3].op!.Lowering.Single(n => n.Op != "Const");
            Assert.AreEqual("up_1/conv2d_transpose", rateOne.Name);
            Assert.AreEqual("Conv2DBackpropInput", rateOne.Op);
            Assert.AreEqual("Conv2DBackpropInput", results[4].op!.type);
        }
    }

    [TestMethod]
    public void ResultDtypeFollowsValue()
    {
        using (tf.Graph().as_default())
        {
            TFTensor value = tf.constant(new double[50], [1, 5, 5, 2]);
            TFTensor filters = tf.constant(new double[36], [3, 3, 2, 2]);
            TFTensor result = tf.nn.atrous_conv2d_transpose(value, filters, new long[] { 1, 5, 5, 2 }, 2, "SAME");

            Assert.AreEqual(TFDataType.Float64, result.dtype);
            CollectionAssert.AreEqual(new long[] { 1, 5, 5, 2 }, result.shape);
        }
    }
}
