using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>TensorFlow's face: registered gradients, tf.gradients through chains of ops, and atrous_conv2d's checks.</summary>
[TestClass]
public sealed class TFGradientTests
{
    [TestMethod]
    public void GradientsEqualTheDotNetFace()
    {
        using var graph = tf.Graph().as_default();
        double[] x = TestData.Normals(2 * 5 * 6 * 3, 1), w = TestData.Normals(3 * 3 * 4 * 3, 2), g = TestData.Normals(2 * 5 * 6 * 4, 3);
        TFTensor value = tf.constant(x, [2, 5, 6, 3]), filters = tf.constant(w, [3, 3, 4, 3]);
        TFTensor y = tf.nn.atrous_conv2d_transpose(value, filters, new[] { 2, 5, 6, 4 }, 2, "SAME");
        TFTensor?[] grads = tf.gradients(y, [value, filters], tf.constant(g, [2, 5, 6, 4]));

        (var gv, var gf) = Convolution.AtrousConv2DTransposeGradients(TestData.Span(x, [2, 5, 6, 3]), TestData.Span(w, [3, 3, 4, 3]), TestData.Span(g, [2, 5, 6, 4]), 2, Padding.Same);
        CollectionAssert.AreEqual(TestData.Flat(gv), grads[0]!.ToArray<double>(), "d/dvalue: TensorFlow's chain, run fused, is the .NET face's kernel call");
        Assert.IsLessThanOrEqualTo(Tolerances.Float64, Tolerances.RelativeError(grads[1]!.ToArray<double>(), TestData.Flat(gf)), "d/dfilters (summed over the space-to-batch tensors)");

        // TensorFlow's registered gradients: BatchToSpaceND's is a SpaceToBatchND, Conv2DBackpropInput's a Conv2D and
        // a Conv2DBackpropFilter, SpaceToBatchND's a BatchToSpaceND: d/dvalue is atrous_conv2d's own chain.
        TFOperation b2s = grads[0]!.op, conv = b2s.inputs[0].op, s2b = conv.inputs[0].op;
        CollectionAssert.AreEqual(new[] { "BatchToSpaceND", "Conv2D", "SpaceToBatchND" }, new[] { b2s.type, conv.type, s2b.type });
        Assert.AreEqual("Conv2DBackpropFilter", grads[1]!.op.type);
        Assert.AreEqual("gradients/atrous_conv2d_transpose/SpaceToBatchND_grad/BatchToSpaceND", b2s.name);
    }

    [TestMethod]
    public void GradientsFlowThroughAChainAndSumOverPaths()
    {
        // z = T2(T1(x, w1), w2) + nothing else; and x used twice: u = T(x, w) and v = T(x, w), y = ... via AddN.
        using var graph = tf.Graph().as_default();
        double[] xs = TestData.Normals(1 * 6 * 6 * 2, 4), w1s = TestData.Normals(3 * 3 * 3 * 2, 5), w2s = TestData.Normals(2 * 2 * 2 * 3, 6);
        TFTensor x = tf.constant(xs, [1, 6, 6, 2]), w1 = tf.constant(w1s, [3, 3, 3, 2]), w2 = tf.constant(w2s, [2, 2, 3, 2]);
        TFTensor h = tf.nn.atrous_conv2d_transpose(x, w1, new[] { 1, 6, 6, 3 }, 2, "SAME");
        TFTensor z = tf.nn.atrous_conv2d(h, w2, 3, "SAME");
        TFTensor?[] grads = tf.gradients(z, [x, w1, w2]);

        // Finite differences of sum(z) in float64 (bilinear in each weight).
        double Loss(double[] a, double[] b, double[] c)
        {
            using var inner = tf.Graph().as_default();
            TFTensor hh = tf.nn.atrous_conv2d_transpose(tf.constant(a, [1, 6, 6, 2]), tf.constant(b, [3, 3, 3, 2]), new[] { 1, 6, 6, 3 }, 2, "SAME");
            return tf.nn.atrous_conv2d(hh, tf.constant(c, [2, 2, 3, 2]), 3, "SAME").ToArray<double>().Sum();
        }

        double[] gw2 = grads[2]!.ToArray<double>();
        for (int k = 0; k < w2s.Length; k += 5)
        {
            double[] plus = (double[])w2s.Clone(), minus = (double[])w2s.Clone();
            plus[k] += 1e-3;
            minus[k] -= 1e-3;
            Assert.AreEqual((Loss(xs, w1s, plus) - Loss(xs, w1s, minus)) / 2e-3, gw2[k], 1e-8, $"d/dw2[{k}]");
        }

        double[] gx = grads[0]!.ToArray<double>();
        for (int k = 0; k < xs.Length; k += 7)
        {
            double[] plus = (double[])xs.Clone(), minus = (double[])xs.Clone();
            plus[k] += 1e-3;
            minus[k] -= 1e-3;
            Assert.AreEqual((Loss(plus, w1s, w2s) - Loss(minus, w1s, w2s)) / 2e-3, gx[k], 1e-8, $"d/dx[{k}]");
        }

        Assert.IsNotNull(grads[1]);
    }

    [TestMethod]
    public void AnInputUsedTwiceGetsTheSumOfBothPaths()
    {
        using var graph = tf.Graph().as_default();
        double[] xs = TestData.Normals(1 * 4 * 4 * 1, 7), ws = TestData.Normals(3 * 3 * 1 * 1, 8);
        TFTensor x = tf.constant(xs, [1, 4, 4, 1]), w = tf.constant(ws, [3, 3, 1, 1]);
        TFTensor a = tf.nn.atrous_conv2d_transpose(x, w, new[] { 1, 4, 4, 1 }, 2, "SAME");
        TFTensor b = tf.nn.atrous_conv2d_transpose(a, w, new[] { 1, 4, 4, 1 }, 2, "SAME");
        TFTensor?[] grads = tf.gradients(b, [w, x]);
        double[] gw = grads[0]!.ToArray<double>();
        Assert.AreEqual("AddN", grads[0]!.op!.type, "w feeds both ops: its gradient sums two paths");

        double Loss(double[] wv)
        {
            using var inner = tf.Graph().as_default();
            TFTensor wt = tf.constant(wv, [3, 3, 1, 1]);
            TFTensor aa = tf.nn.atrous_conv2d_transpose(tf.constant(xs, [1, 4, 4, 1]), wt, new[] { 1, 4, 4, 1 }, 2, "SAME");
            return tf.nn.atrous_conv2d_transpose(aa, wt, new[] { 1, 4, 4, 1 }, 2, "SAME").ToArray<double>().Sum();
        }

        for (int k = 0; k < ws.Length; k++)
        {
            double[] plus = (double[])ws.Clone(), minus = (double[])ws.Clone();
            plus[k] += 1e-4;
            minus[k] -= 1e-4;
            Assert.AreEqual((Loss(plus) - Loss(minus)) / 2e-4, gw[k], 1e-6, $"d/dw[{k}]");
        }

        Assert.IsNull(tf.gradients(x, [w])[0], "x does not depend on w");
    }

    [TestMethod]
    public void AGradientFunctionReturningTooFewGradientsIsReported()
    {
        using var graph = tf.Graph().as_default();
        TFTensor x = tf.constant(new float[4], [1, 2, 2, 1]), w = tf.constant(new float[1], [1, 1, 1, 1]);
        TFTensor y = tf.nn.conv2d_transpose(x, w, new[] { 1, 2, 2, 1 }, [1, 1]);
        TFGradientFunction original = TFGradients.Lookup("Conv2DBackpropInput")!;
        TFGradients.Register("Conv2DBackpropInput", (op, grad) => [grad]);
        try
        {
            var ex = Assert.ThrowsExactly<ArgumentException>(() => tf.gradients(y, [x, w]));
            StringAssert.Contains(ex.Message, "returned 1 gradients for 3 inputs");
        }
        finally
        {
            TFGradients.Register("Conv2DBackpropInput", original);
        }
    }

    [TestMethod]
    public void AtrousConv2DNamesItsResultAndKnowsItsShape()
    {
        using var graph = tf.Graph().as_default();
        TFTensor y = tf.nn.atrous_conv2d(tf.constant(new float[1 * 9 * 9 * 2], [1, 9, 9, 2]), tf.constant(new float[3 * 3 * 2 * 5], [3, 3, 2, 5]), 2, "VALID");
        CollectionAssert.AreEqual(new long[] { 1, 5, 5, 5 }, y.shape);
        Assert.AreEqual("convolution/BatchToSpaceND:0", y.name);
        TFOperation conv = y.op.inputs[0].op, s2b = conv.inputs[0].op;
        Assert.AreEqual("Conv2D", conv.type);
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1 }, (long[])conv.get_attr("dilations"), "TensorFlow's space-to-batch form: no dilations on the node");
        Assert.AreEqual("SpaceToBatchND", s2b.type);
        var ex = Assert.Throws<ArgumentException>(() => tf.nn.atrous_conv2d(tf.constant(new float[75], [1, 5, 5, 3]), tf.constant(new float[9 * 8], [3, 3, 4, 2]), 2, "SAME"));
        StringAssert.Contains(ex.Message, "with 3 channels and filters.shape=(3, 3, 4, 2) with 4 output filters");
    }

    [TestMethod]
    public void GradientsThroughPlaceholdersEqualTheDotNetFaceAndFiniteDifferences()
    {
        TFGraph g = tf.Graph();
        TFTensor value, filters;
        TFTensor?[] grads;
        using (g.as_default())
        {
            value = tf.placeholder(TFDataType.Float64, [-1, 6, 5, 2], "value");
            filters = tf.placeholder(TFDataType.Float64, [3, 2, 3, 2], "filters");
            TFTensor y = tf.nn.atrous_conv2d_transpose(value, filters, tf.stack([tf.shape(value)[0], 6, 5, 3]), 3, "SAME");
            grads = tf.gradients(y, [value, filters]);
        }

        double[] x = TestData.Normals(2 * 6 * 5 * 2, 21), w = TestData.Normals(3 * 2 * 3 * 2, 22);
        using var session = tf.Session(g);
        TFValue[] r = session.run([grads[0]!, grads[1]!], new Dictionary<TFTensor, TFValue> { [value] = TFValue.Create(x, 2, 6, 5, 2), [filters] = TFValue.Create(w, 3, 2, 3, 2) });
        (var gv, var gf) = Convolution.AtrousConv2DTransposeGradients(TestData.Span(x, [2, 6, 5, 2]), TestData.Span(w, [3, 2, 3, 2]), TestData.Span(Enumerable.Repeat(1.0, 2 * 6 * 5 * 3).ToArray(), [2, 6, 5, 3]), 3, Padding.Same);
        Assert.IsLessThanOrEqualTo(Tolerances.Float64, Tolerances.RelativeError(r[0].ToArray<double>(), TestData.Flat(gv)), "d/dvalue");
        Assert.IsLessThanOrEqualTo(Tolerances.Float64, Tolerances.RelativeError(r[1].ToArray<double>(), TestData.Flat(gf)), "d/dfilters");

        // sum(y) is linear in w: central differences are exact up to rounding.
        double Loss(double[] wv) => Convolution.AtrousConv2DTranspose(TestData.Span(x, [2, 6, 5, 2]), TestData.Span(wv, [3, 2, 3, 2]), [2, 6, 5, 3], 3, Padding.Same).Sum();
        double[] gw = r[1].ToArray<double>();
        for (int k = 0; k < w.Length; k += 3)
        {
            double[] plus = (double[])w.Clone(), minus = (double[])w.Clone();
            plus[k] += 1e-3;
            minus[k] -= 1e-3;
            Assert.AreEqual((Loss(plus) - Loss(minus)) / 2e-3, gw[k], 1e-8, $"d/dw[{k}]");
        }
    }
}
