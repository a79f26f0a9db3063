using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// Placeholders and <c>tf.Session</c>: feeds checked with TensorFlow's messages, several fetches, reruns with new
/// values, a dynamic batch through <c>tf.stack([tf.shape(x)[0], …])</c>, the fused path of a built graph, and
/// SpaceToBatchND / BatchToSpaceND on their own against the definition.
/// </summary>
[TestClass]
public sealed class SessionTests
{
    [TestMethod]
    public void APlaceholderGraphRunsManyTimesWithNewValues()
    {
        TFGraph g = tf.Graph();
        TFTensor value, filters, y;
        using (g.as_default())
        {
            value = tf.placeholder(TFDataType.Float64, [2, 5, 6, 3], "value");
            filters = tf.placeholder(TFDataType.Float64, [3, 3, 4, 3], "filters");
            y = tf.nn.atrous_conv2d_transpose(value, filters, new[] { 2, 5, 6, 4 }, 2, "SAME");
        }

        using var session = tf.Session(g);
        for (int seed = 0; seed < 3; seed++)
        {
            double[] x = TestData.Normals(2 * 5 * 6 * 3, seed), w = TestData.Normals(3 * 3 * 4 * 3, seed + 10);
            TFValue result = session.run(y, new Dictionary<TFTensor, TFValue> { [value] = TFValue.Create(x, 2, 5, 6, 3), [filters] = TFValue.Create(w, 3, 3, 4, 3) });
            double[] expected = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, [2, 5, 6, 3]), TestData.Span(w, [3, 3, 4, 3]), [2, 5, 6, 4], 2, Padding.Same));
            CollectionAssert.AreEqual(expected, result.ToArray<double>(), $"run {seed}: bitwise the .NET face's result");
        }

        Assert.AreEqual(3, session.Plan([y], [value, filters]).Steps.Single(s => s.IsFusedChain).FusedRuns, "planned once, fused every run");
    }

    public static IEnumerable<object[]> KernelOptions =>
    [
        [KernelVariant.Reference, 1],
        [KernelVariant.Auto, 1],
        [KernelVariant.Auto, 2],
    ];

    [TestMethod]
    [DynamicData(nameof(KernelOptions))]
    public void SessionOptionsReachTheKernels(KernelVariant kernel, int threads)
    {
        var options = new ConvolutionOptions { Kernel = kernel, MaxDegreeOfParallelism = threads };
        TFGraph g = tf.Graph();
        double[] x = TestData.Normals(2 * 7 * 6 * 3, 31), w = TestData.Normals(3 * 3 * 4 * 3, 32);
        TFTensor y;
        using (g.as_default())
        {
            y = tf.nn.atrous_conv2d_transpose(tf.constant(x, [2, 7, 6, 3]), tf.constant(w, [3, 3, 4, 3]), new[] { 2, 7, 6, 4 }, 3, "SAME");
        }

        using var session = tf.Session(g, options);
        double[] expected = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, [2, 7, 6, 3]), TestData.Span(w, [3, 3, 4, 3]), [2, 7, 6, 4], 3, Padding.Same, options));
        CollectionAssert.AreEqual(expected, session.run(y).ToArray<double>(), $"{kernel}, {threads} thread(s): bitwise the .NET face with the same options");
    }

    [TestMethod]
    public void SeveralFetchesInOneRun()
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [1, 4, 4, 2], "x");
            TFTensor w = tf.constant(TestData.SmallIntegers(3 * 3 * 2 * 2, 1), [3, 3, 2, 2]);
            TFTensor a = tf.nn.atrous_conv2d_transpose(x, w, new[] { 1, 4, 4, 2 }, 2, "SAME");
            TFTensor b = tf.nn.conv2d_transpose(a, w, new[] { 1, 8, 8, 2 }, [2, 2]);
            using var session = tf.Session(g);
            float[] xs = TestData.SmallIntegers(32, 2);
            TFValue[] both = session.run([a, b, a], new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(xs, 1, 4, 4, 2) });
            CollectionAssert.AreEqual(new long[] { 1, 8, 8, 2 }, both[1].shape);
            CollectionAssert.AreEqual(both[0].ToArray<float>(), both[2].ToArray<float>());
            TFValue bAlone = session.run(b, new Dictionary<TFTensor, TFValue> { [a] = both[0] });
            CollectionAssert.AreEqual(both[1].ToArray<float>(), bAlone.ToArray<float>(), "feeding an intermediate tensor skips what computes it");
        }
    }

    [TestMethod]
    public void FeedsAreCheckedWithTensorFlowsMessages()
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [-1, 8, 8, 2], "value");
            TFTensor w = tf.constant(new float[3 * 3 * 2 * 2], [3, 3, 2, 2]);
            TFTensor y = tf.nn.atrous_conv2d_transpose(x, w, tf.stack([tf.shape(x)[0], 8, 8, 2]), 4, "SAME");
            using var session = tf.Session(g);

            var missing = Assert.ThrowsExactly<ArgumentException>(() => session.run(y));
            StringAssert.StartsWith(missing.Message, "You must feed a value for placeholder tensor 'value' with dtype float and shape [?,8,8,2]");
            Assert.AreEqual("feed_dict", missing.ParamName);

            var shape = Assert.ThrowsExactly<ArgumentException>(() => session.run(y, new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(new float[2 * 8 * 7 * 2], 2, 8, 7, 2) }));
            StringAssert.StartsWith(shape.Message, "Cannot feed value of shape (2, 8, 7, 2) for Tensor value:0, which has shape (None, 8, 8, 2)");

            var dtype = Assert.ThrowsExactly<ArgumentException>(() => session.run(y, new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(new double[128], 1, 8, 8, 2) }));
            StringAssert.Contains(dtype.Message, "dtype double for Tensor value:0, which has dtype float");

            TFGraph otherGraph = tf.Graph();
            TFTensor other;
            using (otherGraph.as_default())
            {
                other = tf.constant(new float[1], [1]);
            }

            var foreign = Assert.ThrowsExactly<ArgumentException>(() => session.run(other));
            Assert.AreEqual("fetches", foreign.ParamName);
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(4)]
    public void DynamicBatchBuiltWithTheFaceRunsAtTwoBatchSizes(int batch)
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [-1, 5, 5, 3], "value");
            float[] w = TestData.SmallIntegers(3 * 3 * 2 * 3, 3);
            TFTensor y = tf.nn.atrous_conv2d_transpose(x, tf.constant(w, [3, 3, 2, 3]), tf.stack([tf.shape(x)[0], 5, 5, 2]), 2, "SAME");
            CollectionAssert.AreEqual(new long[] { -1, 5, 5, 2 }, y.shape, "[?, 5, 5, 2], as TensorFlow infers");
            using var session = tf.Session(g);
            foreach (int b in new[] { batch, batch + 2 })
            {
                float[] xs = TestData.SmallIntegers(b * 5 * 5 * 3, b);
                TFValue r = session.run(y, new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(xs, b, 5, 5, 3) });
                float[] expected = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(xs, [b, 5, 5, 3]), TestData.Span(w, [3, 3, 2, 3]), [b, 5, 5, 2], 2, Padding.Same));
                CollectionAssert.AreEqual(expected, r.ToArray<float>(), $"batch {b}");
            }

            Assert.AreEqual(2, session.Plan([y], [x]).Steps.Single(s => s.IsFusedChain).FusedRuns);
        }
    }

    [TestMethod]
    [DataRow(TFDataType.Int32)]
    [DataRow(TFDataType.Int64)]
    public void SpaceToBatchAndBackRunOnTheirOwn(TFDataType indexType)
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            float[] data = [.. Enumerable.Range(0, 2 * 5 * 3 * 2).Select(i => (float)i)];
            TFTensor x = tf.constant(data, [2, 5, 3, 2]);
            TFTensor block = Ints(indexType, [2], 2, 3), pads = Ints(indexType, [2, 2], 1, 0, 2, 1), crops = Ints(indexType, [2, 2], 1, 0, 2, 1);
            TFTensor s2b = Op("SpaceToBatchND", x, block, pads, indexType, "Tpaddings");
            CollectionAssert.AreEqual(new long[] { 12, 3, 2, 2 }, s2b.shape);
            TFTensor back = Op("BatchToSpaceND", s2b, block, crops, indexType, "Tcrops");
            using var session = tf.Session(g);
            TFValue[] r = session.run([s2b, back]);

            float[] expected = ReferenceSpaceToBatch(data, [2, 5, 3, 2], [2, 3], [1, 0, 2, 1]);
            CollectionAssert.AreEqual(expected, r[0].ToArray<float>(), "SpaceToBatchND by its definition");
            CollectionAssert.AreEqual(data, r[1].ToArray<float>(), "BatchToSpaceND with the same crops undoes it");
            Assert.IsFalse(session.Plan([s2b, back], []).Steps.Any(s => s.IsFusedChain), "no convolution between: nothing to fuse");
        }
    }

    [TestMethod]
    public void AChainWhoseNumbersAreNotTensorFlowsLoweringRunsUnfused()
    {
        // SpaceToBatchND → Conv2DBackpropInput → BatchToSpaceND with crops TensorFlow's lowering never makes
        // (one row fewer cropped at the bottom): correct through the three kernels, not the fused one.
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            double[] xs = TestData.Normals(1 * 4 * 4 * 1, 5), ws = TestData.Normals(3 * 3 * 1 * 1, 6);
            TFTensor x = tf.constant(xs, [1, 4, 4, 1]), w = tf.constant(ws, [3, 3, 1, 1]);
            TFTensor block = Ints(TFDataType.Int64, [2], 2, 2);
            TFTensor s2b = Op("SpaceToBatchND", x, block, Ints(TFDataType.Int32, [2, 2], 0, 0, 0, 0), TFDataType.Int64, "Tpaddings");
            TFTensor sizes = Ints(TFDataType.Int32, [4], 4, 4, 4, 1);
            TFTensor conv = Node("Conv2DBackpropInput", [sizes, w, s2b], new()
            {
                ["T"] = TFDataType.Float64, ["data_format"] = "NHWC", ["dilations"] = new long[] { 1, 1, 1, 1 }, ["explicit_paddings"] = Array.Empty<long>(),
                ["padding"] = "VALID", ["strides"] = new long[] { 1, 1, 1, 1 }, ["use_cudnn_on_gpu"] = true,
            });
            TFTensor y = Op("BatchToSpaceND", conv, block, Ints(TFDataType.Int32, [2, 2], 2, 1, 2, 2), TFDataType.Int64, "Tcrops");
            using var session = tf.Session(g);
            double[] viaChain = session.run(y).ToArray<double>();
            TFPlanStep step = session.Plan([y], []).Steps.Single(s => s.IsFusedChain);
            Assert.AreEqual(0, step.FusedRuns);
            Assert.AreEqual(1, step.UnfusedRuns);

            using var direct = tf.Session(g);
            TFValue[] parts = direct.run([conv, y]);
            CollectionAssert.AreEqual(new long[] { 1, 5, 4, 1 }, parts[1].shape);
            CollectionAssert.AreEqual(parts[1].ToArray<double>(), viaChain);
        }
    }

    private static TFTensor Ints(TFDataType dtype, long[] shape, params long[] values)
    {
        TFTensor t = dtype == TFDataType.Int64 ? tf.constant(values, shape) : tf.constant(Array.ConvertAll(values, v => (int)v), shape);
        return t;
    }

    private static TFTensor Op(string type, TFTensor input, TFTensor block, TFTensor pads, TFDataType indexType, string padsAttr) =>
        Node(type, [input, block, pads], new() { ["T"] = input.dtype, ["Tblock_shape"] = indexType, [padsAttr] = pads.dtype });

    private static TFTensor Node(string type, TFTensor[] inputs, Dictionary<string, object> attrs)
    {
        TFGraph g = inputs[0].graph;
        return g.AddOperation(g.UniqueName(type), TFOpDefs.Get(type), inputs, attrs).output;
    }

    /// <summary>SpaceToBatchND's definition, written independently: pad, then for each block offset (i0, i1) take every r-th pixel.</summary>
    private static float[] ReferenceSpaceToBatch(float[] x, long[] s, long[] block, long[] pads)
    {
        long n = s[0], hp = s[1] + pads[0] + pads[1], wp = s[2] + pads[2] + pads[3], c = s[3];
        var result = new List<float>();
        for (long i0 = 0; i0 < block[0]; i0++)
        {
            for (long i1 = 0; i1 < block[1]; i1++)
            {
                for (long b = 0; b < n; b++)
                {
                    for (long y = i0; y < hp; y += block[0])
                    {
                        for (long xx = i1; xx < wp; xx += block[1])
                        {
                            for (long ch = 0; ch < c; ch++)
                            {
                                long sy = y - pads[0], sx = xx - pads[2];
                                result.Add(sy < 0 || sy >= s[1] || sx < 0 || sx >= s[2] ? 0 : x[(((b * s[1]) + sy) * s[2] + sx) * c + ch]);
                            }
                        }
                    }
                }
            }
        }

        return [.. result];
    }
}
