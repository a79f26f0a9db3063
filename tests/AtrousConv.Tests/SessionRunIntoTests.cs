using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// <c>session.run(fetch, feed_dict, output)</c>: the fetch computed into the caller's value. The kernel that computes
/// it writes there (fused chain, each convolution op, through Identity ops) with no result allocated; other fetches
/// are copied; a wrong dtype or shape is refused before anything is written; an output that is also an input still
/// gets the result the inputs give.
/// </summary>
[TestClass]
public sealed class SessionRunIntoTests
{
    private const float Sentinel = -12345f;

    /// <summary>Each graph: a name, how to build it (returns placeholder and fetch), the fed shape.</summary>
    public static IEnumerable<object[]> Graphs =>
    [
        ["atrous_conv2d_transpose (fused chain) through Identity", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [-1, 9, 8, 3], "value");
            return (x, tf.identity(tf.identity(tf.nn.atrous_conv2d_transpose(x, Filters(3, 3, 4, 3), new[] { 2, 9, 8, 4 }, 2, "SAME"))));
        })],
        ["conv2d_transpose with strides and dilations", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 9, 8, 3], "value");
            return (x, tf.nn.conv2d_transpose(x, Filters(3, 3, 4, 3), new[] { 2, 18, 16, 4 }, [2, 2], "SAME", dilations: [2, 2]));
        })],
        ["atrous_conv2d (fused chain)", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 9, 8, 3], "value");
            return (x, tf.nn.atrous_conv2d(x, Filters(3, 3, 3, 4), 3, "VALID"));
        })],
        ["a value gradient (Conv2D)", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 9, 8, 3], "value");
            TFTensor y = tf.nn.conv2d_transpose(x, Filters(3, 3, 4, 3), new[] { 2, 9, 8, 4 }, [1, 1], "SAME");
            return (x, tf.gradients(y, [x])[0]!);
        })],
        ["a filter gradient (Conv2DBackpropFilter)", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 9, 8, 3], "value");
            TFTensor w = Filters(3, 3, 4, 3);
            TFTensor y = tf.nn.conv2d_transpose(x, w, new[] { 2, 9, 8, 4 }, [1, 1], "SAME");
            return (x, tf.gradients(y, [w])[0]!);
        })],
        ["tf.shape (no kernel writes into it: copied)", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 9, 8, 3], "value");
            return (x, tf.identity(tf.shape(x)));
        })],
        ["the fed tensor itself (copied)", new Func<(TFTensor, TFTensor)>(() =>
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [2, 9, 8, 3], "value");
            return (x, tf.identity(x));
        })],
    ];

    [TestMethod]
    [DynamicData(nameof(Graphs))]
    public void RunIntoGivesRunsResultInTheCallersArray(string name, Func<(TFTensor, TFTensor)> build)
    {
        (TFGraph g, TFTensor x, TFTensor y) = Build(build);

        using var session = tf.Session(g);
        var feed = new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(TestData.SmallIntegers(2 * 9 * 8 * 3, 5), 2, 9, 8, 3) };
        TFValue expected = session.run(y, feed);
        TFValue output = Sentinels(expected);
        Array array = output.data;
        session.run(y, feed, output);
        Assert.AreSame(array, output.data, $"{name}: the caller's array");
        CollectionAssert.AreEqual(expected.data, output.data, $"{name}: bitwise run's result");
    }

    [TestMethod]
    public void RunIntoTheFusedChainAllocatesNoResult()
    {
        (TFGraph g, TFTensor x, TFTensor y) = Build(() =>
        {
            TFTensor value = tf.placeholder(TFDataType.Float32, [1, 64, 64, 8], "value");
            return (value, tf.identity(tf.nn.atrous_conv2d_transpose(value, Filters(3, 3, 8, 8), new[] { 1, 64, 64, 8 }, 2, "SAME")));
        });

        using var session = tf.Session(g, new ConvolutionOptions { MaxDegreeOfParallelism = 1 });
        var feed = new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(TestData.SmallIntegers(64 * 64 * 8, 7), 1, 64, 64, 8) };
        TFValue output = TFValue.Create(new float[64 * 64 * 8], 1, 64, 64, 8);
        session.run(y, feed, output); // plans and warms up
        long before = GC.GetAllocatedBytesForCurrentThread();
        session.run(y, feed, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The run's bookkeeping (slot array, input arrays, plan key) is a few hundred bytes; the result is 128 KiB.
        Assert.IsLessThan(8 * 1024, allocated, $"one run into the caller's value allocated {allocated} bytes");
        Assert.AreEqual(2, session.Plan([y], [x]).Steps.Single(s => s.IsFusedChain).FusedRuns, "the fused kernel wrote it");
        CollectionAssert.AreEqual(session.run(y, feed).ToArray<float>(), output.ToArray<float>());
    }

    public static IEnumerable<object[]> WrongOutputs =>
    [
        ["float64 for a float32 result", TFValue.Create(new double[2 * 9 * 8 * 4], 2, 9, 8, 4), "dtype double"],
        ["a static shape the fetch cannot have", TFValue.Create(new float[2 * 9 * 8 * 5], 2, 9, 8, 5), "shape [2,9,8,5]"],
        ["the batch of another run (dynamic batch: found at run time)", TFValue.Create(new float[3 * 9 * 8 * 4], 3, 9, 8, 4), "shape [3,9,8,4]"],
    ];

    [TestMethod]
    [DynamicData(nameof(WrongOutputs))]
    public void AWrongOutputIsRefusedBeforeAnythingIsWritten(string name, TFValue output, string shown)
    {
        (TFGraph g, TFTensor x, TFTensor y) = Build(() =>
        {
            TFTensor value = tf.placeholder(TFDataType.Float32, [-1, 9, 8, 3], "value");
            return (value, tf.nn.atrous_conv2d_transpose(value, Filters(3, 3, 4, 3), tf.stack([tf.shape(value)[0], 9, 8, 4]), 2, "SAME"));
        });

        using var session = tf.Session(g);
        if (output.data is float[] sentinels)
        {
            Array.Fill(sentinels, Sentinel);
        }

        var feed = new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(TestData.SmallIntegers(2 * 9 * 8 * 3, 5), 2, 9, 8, 3) };
        var e = Assert.ThrowsExactly<ArgumentException>(() => session.run(y, feed, output), name);
        Assert.AreEqual("output", e.ParamName, name);
        StringAssert.Contains(e.Message, shown, name);
        if (output.data is float[] written)
        {
            Assert.IsTrue(written.All(v => v == Sentinel), $"{name}: nothing written");
        }
    }

    [TestMethod]
    public void AnOutputThatIsAlsoTheFedInputGetsTheResultOfTheInputsGiven()
    {
        (TFGraph g, TFTensor x, TFTensor y) = Build(() =>
        {
            TFTensor value = tf.placeholder(TFDataType.Float32, [1, 9, 8, 4], "value");
            return (value, tf.nn.atrous_conv2d_transpose(value, Filters(3, 3, 4, 4), new[] { 1, 9, 8, 4 }, 2, "SAME"));
        });

        using var session = tf.Session(g);
        float[] data = TestData.SmallIntegers(9 * 8 * 4, 9);
        TFValue fed = TFValue.Create(data, 1, 9, 8, 4);
        float[] expected = session.run(y, new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create((float[])data.Clone(), 1, 9, 8, 4) }).ToArray<float>();
        session.run(y, new Dictionary<TFTensor, TFValue> { [x] = fed }, fed);
        CollectionAssert.AreEqual(expected, data, "computed from the fed values, then written over them");
    }

    /// <summary>A new graph built by <paramref name="build"/> (which returns its placeholder and its fetch).</summary>
    private static (TFGraph Graph, TFTensor Input, TFTensor Fetch) Build(Func<(TFTensor, TFTensor)> build)
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            (TFTensor x, TFTensor y) = build();
            return (g, x, y);
        }
    }

    private static TFTensor Filters(int kh, int kw, int cout, int cin) => tf.constant(TestData.SmallIntegers(kh * kw * cout * cin, kh + cout), [kh, kw, cout, cin]);

    private static TFValue Sentinels(TFValue like) => like.data switch
    {
        float[] f => TFValue.Create(Enumerable.Repeat(Sentinel, f.Length).ToArray(), like.shape),
        int[] i => TFValue.Create(Enumerable.Repeat(-1, i.Length).ToArray(), like.shape),
        _ => throw new AssertFailedException($"no sentinel for {like.dtype}"),
    };
}
