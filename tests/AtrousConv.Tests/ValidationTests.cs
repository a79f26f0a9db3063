using System.Numerics.Tensors;

namespace AtrousConv.Tests;

/// <summary>
/// Bad input: an exception of the ArgumentException family that names the parameter, shows the bad values and
/// says what was expected, thrown before anything is written; hostile sizes never overflow, hang or allocate.
/// </summary>
[TestClass]
public sealed class ValidationTests
{
    public static IEnumerable<object[]> BadAtrousCalls()
    {
        // description, value shape, filter shape, output shape, rate, padding, parameter, fragments the message must contain
        yield return ["channels", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 4 }, new long[] { 1, 5, 5, 2 }, 2, Padding.Same, "filters", new[] { "channel count 3", "input channel count 4", "Expected filters[3] = 3" }];
        yield return ["rate 0", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, 5, 5, 2 }, 0, Padding.Same, "rate", new[] { "`rate` cannot be less than one. Received: rate=0" }];
        yield return ["rate int.MinValue", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, 5, 5, 2 }, int.MinValue, Padding.Same, "rate", new[] { "rate=-2147483648" }];
        yield return ["output_shape of 3", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, 5, 5 }, 2, Padding.Same, "output_shape", new[] { "must have shape (4,). Received: output_shape=(3,)" }];
        yield return ["output channels", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, 5, 5, 4 }, 2, Padding.Same, "output_shape", new[] { "channel count 4", "Expected output_shape[3] = filters[2] = 2" }];
        yield return ["SAME height", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, 6, 5, 2 }, 2, Padding.Same, "output_shape", new[] { "output height 6", "would be right is [1, 5, 5, 2]" }];
        yield return ["VALID with SAME size", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, 5, 5, 2 }, 2, Padding.Valid, "output_shape", new[] { "would be right is [1, 9, 9, 2]" }];
        yield return ["batch", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 2, 5, 5, 2 }, 2, Padding.Same, "output_shape", new[] { "batch 2", "Expected output_shape[0] = 1" }];
        yield return ["zero out_channels", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 0, 3 }, new long[] { 1, 5, 5, 0 }, 2, Padding.Same, "filters", new[] { "out_channels 0", "expected >= 1" }];
        yield return ["zero filter height", new long[] { 1, 5, 5, 3 }, new long[] { 0, 3, 2, 3 }, new long[] { 1, 5, 5, 2 }, 2, Padding.Same, "filters", new[] { "zero spatial size" }];
        yield return ["negative output entry", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 2, 3 }, new long[] { 1, -5, 5, 2 }, 2, Padding.Same, "output_shape", new[] { "negative entry -5" }];
        yield return ["VALID output below the kernel", new long[] { 1, 1, 1, 1 }, new long[] { 3, 3, 1, 1 }, new long[] { 1, 1, 1, 1 }, 2, Padding.Valid, "output_shape", new[] { "would be right is [1, 5, 5, 1]" }];
        yield return ["rate whose rate²·batch overflows", new long[] { 10, 1, 1, 1 }, new long[] { 1, 1, 1, 1 }, new long[] { 1, 1, 1, 1 }, 1356819205, Padding.Same, "rate", new[] { "rate*rate*batch", "2147483647" }];
        yield return ["rate int.MaxValue", new long[] { 1, 1, 1, 1 }, new long[] { 1, 1, 1, 1 }, new long[] { 1, 1, 1, 1 }, int.MaxValue, Padding.Valid, "rate", new[] { "4611686014132420609" }];
    }

    [TestMethod]
    [DynamicData(nameof(BadAtrousCalls))]
    public void BadAtrousCallIsRejectedBeforeAnyWrite(string description, long[] valueShape, long[] filterShape, long[] outputShape, int rate, Padding padding, string parameter, string[] fragments)
    {
        float[] value = new float[TestData.Count(valueShape)], filters = new float[Math.Max(0, TestData.Count(filterShape))];
        var ex = Assert.Throws<ArgumentException>(() => Throws(() => Convolution.AtrousConv2DTranspose(
            TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, rate, padding)), description);
        Assert.AreEqual(parameter, ex.ParamName, description);
        foreach (string fragment in fragments)
        {
            StringAssert.Contains(ex.Message, fragment, description);
        }

        // The destination overload: same verdict, destination untouched (only where the output shape is a valid tensor shape).
        if (outputShape.Length == 4 && outputShape.All(d => d >= 0))
        {
            float[] destination = Enumerable.Repeat(42f, (int)TestData.Count(outputShape)).ToArray();
            Assert.Throws<ArgumentException>(() => Convolution.AtrousConv2DTranspose(
                TestData.Span(value, valueShape), TestData.Span(filters, filterShape),
                new TensorSpan<float>(destination, Array.ConvertAll(outputShape, d => (nint)d)), rate, padding), description);
            Assert.IsTrue(destination.All(v => v == 42f), $"{description}: destination was written");
        }
    }

    [TestMethod]
    public void DestinationOfTheWrongShapeIsRejected()
    {
        float[] destination = new float[1 * 4 * 5 * 2];
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.AtrousConv2DTranspose(
            TestData.Span(new float[75], [1, 5, 5, 3]), TestData.Span(new float[54], [3, 3, 2, 3]),
            new TensorSpan<float>(destination, [1, 4, 5, 2]), 2, Padding.Same));
        Assert.AreEqual("output_shape", ex.ParamName);
        StringAssert.Contains(ex.Message, "[1, 5, 5, 2]");
    }

    [TestMethod]
    public void UnsupportedElementTypeIsRejected()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.AtrousConv2DTranspose(
            TestData.Span(new long[75], [1, 5, 5, 3]), TestData.Span(new long[54], [3, 3, 2, 3]), 2, Padding.Same));
        Assert.AreEqual("value", ex.ParamName);
        StringAssert.Contains(ex.Message, "Int64");
        StringAssert.Contains(ex.Message, "Expected Half, BFloat16, float, double or int");
    }

    [TestMethod]
    public void HugeDilationWithStridesComputesTheCentreTapOnly()
    {
        // SAME with a dilation of 2^31-1 on a 1x1 input: only the centre tap lands; nothing may overflow or allocate.
        float[] filters = Enumerable.Range(1, 9).Select(i => (float)i).ToArray();
        float[] y = TestData.Flat(Convolution.Conv2DTranspose(
            TestData.Span(new float[] { 2 }, [1, 1, 1, 1]), TestData.Span(filters, [3, 3, 1, 1]), new long[] { 1, 1, 1, 1 }, [1, 1], Padding.Same, [int.MaxValue, int.MaxValue]));
        CollectionAssert.AreEqual(new[] { 10f }, y);
    }

    [TestMethod]
    public void OutputBeyondAnArrayIsRejectedWithoutAllocating()
    {
        // VALID with dilation 2^31-1 needs an output of 2^32 - 1 rows: valid by the definition, but more than an array
        // holds. The size is checked, not allocated; the message says so.
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTranspose(
            TestData.Span(new float[] { 1 }, [1, 1, 1, 1]), TestData.Span(new float[3], [3, 1, 1, 1]),
            new long[] { 1, 4294967295, 1, 1 }, [1, 1], Padding.Valid, [int.MaxValue, 1]));
        Assert.AreEqual("output_shape", ex.ParamName);
        StringAssert.Contains(ex.Message, "4294967295 elements");
    }

    [TestMethod]
    public void SizesThatOverflow64BitsAreRejected()
    {
        long big = 1L << 62;
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Conv2DTransposeGeometry.Create(
            [1, 2, 2, 1], [1, 1, 1, 1], [1, big + 1, big + 1, 1], big, big, 1, 1, Padding.Same));
        StringAssert.Contains(ex.Message, "overflow");
    }

    [TestMethod]
    public void BadStridesDilationsAndOptionsNameTheirParameter()
    {
        Assert.AreEqual("strides", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Throws(() => Convolution.Conv2DTranspose(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), new long[] { 1, 8, 8, 1 }, [0, 2], Padding.Same))).ParamName);
        Assert.AreEqual("dilations", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Throws(() => Convolution.Conv2DTranspose(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), new long[] { 1, 8, 8, 1 }, [2, 2], Padding.Same, [0, 1]))).ParamName);
        Assert.AreEqual("strides", Assert.ThrowsExactly<ArgumentException>(() => Throws(() => Convolution.Conv2DTranspose(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), new long[] { 1, 8, 8, 1 }, [2, 2, 2], Padding.Same))).ParamName);
        Assert.AreEqual("options", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Throws(() => Convolution.AtrousConv2DTranspose(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), 2, Padding.Same, new ConvolutionOptions { MaxDegreeOfParallelism = 0 }))).ParamName);
        Assert.AreEqual("padding", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Throws(() => Convolution.AtrousConv2DTranspose(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), new long[] { 1, 4, 4, 1 }, 2, (Padding)7))).ParamName);
    }

    [TestMethod]
    public void GradientBuffersThatShareMemoryAreRejected()
    {
        float[] shared = new float[(1 * 4 * 4 * 1) + (3 * 3 * 1 * 1)];
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.AtrousConv2DTransposeGradients(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), TestData.Span(new float[16], [1, 4, 4, 1]),
            new TensorSpan<float>(shared.AsSpan(0, 16), [1, 4, 4, 1]), new TensorSpan<float>(shared.AsSpan(10, 9), [3, 3, 1, 1]), 2, Padding.Same));
        Assert.AreEqual("gradFilters", ex.ParamName);
    }

    // Lets a lambda return a value where Assert.Throws wants an Action (the result is discarded).
    private static void Throws<T>(Func<T> call) => _ = call();
}
