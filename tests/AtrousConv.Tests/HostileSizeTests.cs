using System.Numerics.Tensors;

namespace AtrousConv.Tests;

/// <summary>
/// Issue 11's hostile sizes on the contract and faces (rows 1, 2, 3, 5, 7, 14, 15): every size is checked 64-bit
/// from the validated geometry, an empty operand means no work and no allocation whatever the other dimensions say,
/// and everything is validated before anything is written. Each row, at every kernel variant and thread count.
/// Not parallel with other tests: the memory bound reads the process-wide allocation counter.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class HostileSizeTests
{
    /// <summary>At most this many bytes beyond operands and results per call (issue 11's memory bound).</summary>
    private const long AllocationBound = 64L << 20;

    // Row 1: 40·h ≡ −4096 (mod 2^64) zeroed memory before the caller's array, 2^60 + 1 wrote through a wild pointer;
    // row 7: 2^24 allocated 640 MB, 2^27 overflowed.
    public static IEnumerable<object[]> EmptyImageHeights() =>
        PropertySettings.AtEveryRun(new[] { 461168601842738688L, (1L << 60) + 1, 1L << 24, 1L << 27, long.MaxValue }.Select(h => new object[] { h }));

    [TestMethod]
    [Timeout(20_000, CooperativeCancellation = false)]
    [DynamicData(nameof(EmptyImageHeights))]
    public void FilterGradientOfAnEmptyImageIsZeroWithoutWork(long h, KernelVariant variant, int threads)
    {
        long[] shape = [1, h, 0, 1];
        Tensor<float> result = Bounded(() => Convolution.Conv2DTransposeFilterGradient(
            Empty(shape), Empty(shape), [1, 1, 1, 1], [1, 1], Padding.Same, options: Options(variant, threads)));
        CollectionAssert.AreEqual(new[] { 0f }, TestData.Flat(result), $"h={h} {variant} x{threads}");
    }

    // Row 2: 2^31−1 squared taps of nothing ran for minutes; row 3: 20000² overflowed, 8000² and 3000² allocated GBs / 206 MB.
    public static IEnumerable<object[]> EmptyHugeFilters() =>
        PropertySettings.AtEveryRun(new[] { 2147483647L, 100000, 20000, 8000, 3000 }.Select(k => new object[] { k }));

    [TestMethod]
    [Timeout(20_000, CooperativeCancellation = false)]
    [DynamicData(nameof(EmptyHugeFilters))]
    public void EmptyHugeFiltersGiveZerosAtOnce(long k, KernelVariant variant, int threads)
    {
        long[] valueShape = [1, 1, 1, 0], filtersShape = [k, k, 1, 0];
        float[] destination = [42f];
        Bounded(() =>
        {
            Convolution.Conv2DTranspose(Empty(valueShape), Empty(filtersShape), new TensorSpan<float>(destination, [1, 1, 1, 1]), [1, 1], Padding.Same, options: Options(variant, threads));
            return 0;
        });
        Assert.AreEqual(0f, destination[0], $"k={k} {variant} x{threads}: the destination must be zeroed");
        Tensor<float> allocated = Bounded(() => Convolution.Conv2DTranspose(Empty(valueShape), Empty(filtersShape), new long[] { 1, 1, 1, 1 }, [1, 1], Padding.Same, options: Options(variant, threads)));
        CollectionAssert.AreEqual(new[] { 0f }, TestData.Flat(allocated));

        // The same through the other entry points that take filters of that shape.
        Tensor<float> forward = Bounded(() => Convolution.Conv2D(TestData.Span(new float[] { 3 }, [1, 1, 1, 1]), Empty([k, k, 1, 0]), [1, 1], Padding.Same, options: Options(variant, threads)));
        Assert.AreEqual(0, forward.FlattenedLength);
        (Tensor<float> gv, Tensor<float> gf) = Bounded(() => Convolution.Conv2DTransposeGradients(
            Empty(valueShape), Empty(filtersShape), TestData.Span(new float[1], [1, 1, 1, 1]), [1, 1], Padding.Same, options: Options(variant, threads)));
        Assert.AreEqual(0, gv.FlattenedLength);
        Assert.AreEqual(0, gf.FlattenedLength);
    }

    [TestMethod]
    public void GradientsValidateBothDestinationsBeforeWritingEither()
    {
        // Row 5's class: a gradFilters destination no result can be written into (a broadcast span) was found only
        // after gradValue had been written. Now both are checked first and gradValue keeps its contents.
        float[] gradValue = Enumerable.Repeat(42f, 16).ToArray(), gradFilters = [42f];
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTransposeGradients(
            TestData.Span(TestData.SmallIntegers(16, 1), [1, 4, 4, 1]), TestData.Span(TestData.SmallIntegers(9, 2), [3, 3, 1, 1]),
            TestData.Span(TestData.SmallIntegers(16, 3), [1, 4, 4, 1]),
            new TensorSpan<float>(gradValue, [1, 4, 4, 1]), new TensorSpan<float>(gradFilters, [3, 3, 1, 1], [0, 0, 0, 0]), [1, 1], Padding.Same));
        Assert.AreEqual("gradFilters", ex.ParamName);
        StringAssert.Contains(ex.Message, "share memory");
        Assert.IsTrue(gradValue.All(x => x == 42f), "gradValue was written before the call failed");
        Assert.AreEqual(42f, gradFilters[0]);
    }

    [TestMethod]
    public void BroadcastDestinationIsRejectedBeforeComputing()
    {
        // Row 15: a destination with stride 0 failed after computing, with the BCL's "Destination is too short".
        float[] destination = [42f];
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTranspose(
            TestData.Span(new float[] { 1, 2, 3, 4 }, [1, 2, 2, 1]), TestData.Span(new float[] { 1 }, [1, 1, 1, 1]),
            new TensorSpan<float>(destination, [1, 2, 2, 1], [0, 0, 0, 0]), [1, 1], Padding.Same));
        Assert.AreEqual("destination", ex.ParamName);
        StringAssert.Contains(ex.Message, "strides [0, 0, 0, 0]");
        Assert.AreEqual(42f, destination[0]);
    }

    [TestMethod]
    public void InferAtrousConv2DOutputShapeRejectsNegativeDimensions()
    {
        // Row 15: negative dimensions were accepted and a negative output shape returned.
        Assert.AreEqual("value", Assert.ThrowsExactly<ArgumentException>(() =>
            Conv2DTransposeGeometry.InferAtrousConv2DOutputShape([1, -5, 5, 1], [3, 3, 1, 1], 1, Padding.Same)).ParamName);
        Assert.AreEqual("filters", Assert.ThrowsExactly<ArgumentException>(() =>
            Conv2DTransposeGeometry.InferAtrousConv2DOutputShape([1, 5, 5, 1], [3, 3, 1, -2], 1, Padding.Valid)).ParamName);
    }

    [TestMethod]
    public void OversizedBroadcastOperandsNameThemselves()
    {
        // Row 14: an input too large to flatten (a broadcast span of 2^32 elements) was always blamed on `value`.
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTranspose(
            TestData.Span(new float[] { 1 }, [1, 1, 1, 1]), Broadcast([65536, 65536, 1, 1]), new long[] { 1, 1, 1, 1 }, [1, 1], Padding.Same));
        Assert.AreEqual("filters", ex.ParamName);
        ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTranspose(
            Broadcast([1, 65536, 65536, 1]), TestData.Span(new float[] { 1 }, [1, 1, 1, 1]), new long[] { 1, 65536, 65536, 1 }, [1, 1], Padding.Same));
        Assert.AreEqual("value", ex.ParamName);
    }

    [TestMethod]
    public void Conv2DDilationsOfZeroBlameDilations()
    {
        // Row 14: Conv2D with dilations [0, 0] blamed `strides`.
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Convolution.Conv2D(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), [1, 1], Padding.Same, [0, 0]));
        Assert.AreEqual("dilations", ex.ParamName);
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Convolution.Conv2D(
            TestData.Span(new float[16], [1, 4, 4, 1]), TestData.Span(new float[9], [3, 3, 1, 1]), [0, 1], Padding.Same, [1, 1]));
        Assert.AreEqual("strides", ex.ParamName);
    }

    [TestMethod]
    public void HugeStrideBlamesTheStride()
    {
        // Row 14: a stride of long.MaxValue was reported as an overflowing dilated filter size.
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Conv2DTransposeGeometry.Create(
            [1, 2, 2, 1], [1, 1, 1, 1], [1, 2, 2, 1], long.MaxValue, 1, 1, 1, Padding.Same));
        Assert.AreEqual("strides", ex.ParamName);
        StringAssert.Contains(ex.Message, "9223372036854775807");
    }

    [TestMethod]
    public void EmptyShapesWhoseProductOverflowsAreValid()
    {
        // An empty operand's element count is 0 whatever its other dimensions (as TensorFlow counts): the product
        // 2^40 · 2^40 must not be computed first and overflow.
        var g = Conv2DTransposeGeometry.Create([1, 1, 1, 0], [1L << 40, 1L << 40, 1, 0], [1, 1, 1, 1], 1, 1, 1, 1, Padding.Same);
        Assert.AreEqual(0, g.FilterElementCount);
        Assert.AreEqual(0, g.ValueElementCount);
        Assert.AreEqual(1, g.OutputElementCount);
    }

    [TestMethod]
    public void EmptyResultThatTensorsCannotDescribeIsRejected()
    {
        // Found by the fuzz harness (fuzz/AtrousConv.Fuzz/regressions): a valid call whose result has no elements,
        // but whose lengths [0, 2^32 − 1, 2^32 − 1, 1] give strides beyond 64 bits, so Tensor.Create overflowed
        // (an OverflowException out of the public API). Now an ArgumentException before any work.
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTranspose(
            TestData.Span(Array.Empty<float>(), [0, 1, 1, 1]), TestData.Span(new float[9], [3, 3, 1, 1]),
            new long[] { 0, 4294967295, 4294967295, 1 }, [1, 1], Padding.Valid, [int.MaxValue, int.MaxValue]));
        Assert.AreEqual("output_shape", ex.ParamName);
        StringAssert.Contains(ex.Message, "cannot describe");
    }

    private static ConvolutionOptions Options(KernelVariant variant, int threads) => new() { Kernel = variant, MaxDegreeOfParallelism = threads };

    private static ReadOnlyTensorSpan<float> Broadcast(nint[] lengths) => new(new float[] { 1 }, lengths, new nint[lengths.Length]);

    private static ReadOnlyTensorSpan<float> Empty(long[] shape) => new(Array.Empty<float>(), Array.ConvertAll(shape, d => (nint)d), new nint[shape.Length]);

    /// <summary>Runs <paramref name="call"/> and fails when the process allocated more than <see cref="AllocationBound"/> during it.</summary>
    private static T Bounded<T>(Func<T> call)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        T result = call();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.IsLessThanOrEqualTo(AllocationBound, allocated, $"the call allocated {allocated / (1 << 20)} MB");
        return result;
    }
}
