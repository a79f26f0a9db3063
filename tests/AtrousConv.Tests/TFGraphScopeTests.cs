using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>Graph scoping as TensorFlow's, bounded memory outside a scope, deep chains without recursion, and the face's argument names.</summary>
[TestClass]
public sealed class TFGraphScopeTests
{
    [TestMethod]
    public void ATensorFromAnotherGraphIsRejectedWithTensorFlowsMessage()
    {
        TFGraph a = tf.Graph(), b = tf.Graph();
        TFTensor x, w;
        using (a.as_default())
        {
            x = tf.constant(new float[25], [1, 5, 5, 1], name: "x");
        }

        using (b.as_default())
        {
            w = tf.constant(new float[9], [3, 3, 1, 1], name: "w");
        }

        var ex = Assert.ThrowsExactly<ArgumentException>(() => tf.nn.atrous_conv2d_transpose(x, w, new[] { 1, 5, 5, 1 }, 2, "SAME"));
        Assert.AreEqual("Tensor(\"w:0\", shape=(3, 3, 1, 1), dtype=float) must be from the same graph as Tensor(\"x:0\", shape=(1, 5, 5, 1), dtype=float). (Parameter 'filters')", ex.Message);
        Assert.IsEmpty(a.get_operations().Where(o => o.type != "Const"), "nothing was added");
    }

    [TestMethod]
    [DoNotParallelize] // It replaces the process-wide default graph.
    public void ResetDefaultGraphStartsAnEmptyGlobalGraph()
    {
        TFTensor before = tf.constant(new float[1], [1], name: "kept");
        tf.reset_default_graph();
        Assert.IsEmpty(tf.get_default_graph().get_operations());
        Assert.AreEqual("kept:0", tf.constant(new float[1], [1], name: "kept").name, "names start over in the new graph");
        Assert.AreNotSame(before.graph, tf.get_default_graph());
        using (tf.Graph().as_default())
        {
            Assert.ThrowsExactly<InvalidOperationException>(tf.reset_default_graph);
        }
    }

    [TestMethod]
    [DoNotParallelize] // GC.GetTotalMemory is process-wide: other tests' allocations must not run meanwhile.
    public void BuildingOutsideAScopeKeepsNoValues()
    {
        // The graph holds nodes (as TensorFlow's does), never computed values: 3,000 ops built and each read once
        // outside any scope keep their nodes (under 10 KiB an op); kept results alone would be 3,000 × 32 KiB = 94 MiB
        // (before, 3,000 ops kept 218 MiB).
        tf.reset_default_graph();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        BuildAndRead(3000);
        long kept = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Console.WriteLine($"3,000 ops outside a scope keep {kept / 1024.0 / 1024.0:F1} MiB");
        Assert.IsLessThan(48L << 20, kept, $"3,000 ops keep {kept} bytes");
        tf.reset_default_graph();
        long released = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Assert.IsLessThan(1L << 20, released, "reset_default_graph frees them");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void BuildAndRead(int count)
    {
        TFTensor value = tf.constant(new float[1 * 32 * 32 * 8], [1, 32, 32, 8]);
        TFTensor filters = tf.constant(new float[3 * 3 * 8 * 8], [3, 3, 8, 8]);
        for (int i = 0; i < count; i++)
        {
            TFTensor y = tf.nn.atrous_conv2d_transpose(value, filters, new[] { 1, 32, 32, 8 }, 2, "SAME");
            Assert.AreEqual(8192, y.ToArray<float>().Length);
        }
    }

    [TestMethod]
    public void TwentyThousandChainedOpsRunAndDifferentiateWithoutRecursion()
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [1, 1, 1, 1], "x");
            TFTensor w = tf.constant(new[] { 1.0001f }, [1, 1, 1, 1]);
            TFTensor y = x;
            for (int i = 0; i < 20_000; i++)
            {
                y = tf.nn.conv2d_transpose(y, w, new[] { 1, 1, 1, 1 }, [1, 1]);
            }

            using var session = tf.Session(g);
            float result = session.run(y, new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(new[] { 1f }, 1, 1, 1, 1) }).ToArray<float>()[0];
            float expected = 1f;
            for (int i = 0; i < 20_000; i++)
            {
                expected *= 1.0001f;
            }

            Assert.AreEqual(expected, result, "the product of 20,000 factors, in order");
            TFTensor dx = tf.gradients(y, [x])[0]!;
            float grad = session.run(dx, new Dictionary<TFTensor, TFValue> { [x] = TFValue.Create(new[] { 1f }, 1, 1, 1, 1) }).ToArray<float>()[0];
            Assert.AreEqual(expected, grad, expected * 1e-5f, "d y / d x is the same product");
        }
    }

    public static IEnumerable<object[]> OverflowingShapes =>
    [
        [new long[] { long.MaxValue, 2 }],
        [new long[] { 1L << 32, 1L << 32, 0 }],
        [new long[] { 1L << 32, 1L << 32, 1 }],
        [new long[] { 1L << 31, 1L << 31, 2, 0 }],
    ];

    [TestMethod]
    [DynamicData(nameof(OverflowingShapes))]
    public void ConstantShapesWhoseCountOverflowsAreRejectedNamingShape(long[] shape)
    {
        using var scope = tf.Graph().as_default();
        var ex = Assert.ThrowsExactly<ArgumentException>(() => tf.constant(Array.Empty<float>(), shape));
        Assert.AreEqual("shape", ex.ParamName);
    }

    [TestMethod]
    [DataRow(new[] { 1, 6, 5, 2 }, 2, "SAME", "output_shape")]
    [DataRow(new[] { 1, 5, 5, 2 }, 2, "same", "padding")]
    [DataRow(new[] { 1, 5, 5, 2 }, 0, "SAME", "rate")]
    [DataRow(new[] { 1, 5, 5, 3 }, 1, "SAME", "output_shape")]
    public void ARejectedCallAddsNoNode(int[] outputShape, int rate, string padding, string param)
    {
        TFGraph g = tf.Graph();
        using (g.as_default())
        {
            TFTensor x = tf.placeholder(TFDataType.Float32, [1, 5, 5, 3], "x");
            TFTensor w = tf.constant(new float[3 * 3 * 2 * 3], [3, 3, 2, 3]);
            var ex = Assert.Throws<ArgumentException>(() => tf.nn.atrous_conv2d_transpose(x, w, outputShape, rate, padding));
            Assert.AreEqual(param, ex.ParamName);
        }

        CollectionAssert.AreEqual(new[] { "Placeholder", "Const" }, g.get_operations().Select(o => o.type).ToArray(), "nothing added by the rejected call");
    }

    [TestMethod]
    public void GradientsOfANullXNameXs()
    {
        using var scope = tf.Graph().as_default();
        TFTensor x = tf.constant(new float[4], [1, 2, 2, 1]);
        TFTensor y = tf.nn.conv2d_transpose(x, tf.constant(new float[1], [1, 1, 1, 1]), new[] { 1, 2, 2, 1 }, [1, 1]);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => tf.gradients(y, [null!]));
        Assert.AreEqual("xs", ex.ParamName);
    }
}
