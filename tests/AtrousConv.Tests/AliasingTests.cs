using System.Numerics.Tensors;

namespace AtrousConv.Tests;

/// <summary>
/// Destinations that share memory with inputs (docs/aliasing-and-special-values.md): every op computes the result
/// the separate-buffer call gives when a destination is, or overlaps, an input; the two gradient destinations may
/// not overlap each other (an ArgumentException naming both, nothing written). Issue 11 row 8: a gradValue that
/// was the caller's value or gradOutput array gave a wrong gradFilters.
/// </summary>
[TestClass]
public sealed class AliasingTests
{
    // SAME, stride 1 and Cin = Cout make value, filters' spatial square and the result the same shape, so one array
    // can be several arguments at once.
    private static readonly long[] Image = [1, 5, 6, 3];
    private static readonly long[] Filter = [3, 3, 3, 3];

    private static readonly string[] Ops = ["conv2d_transpose", "atrous_conv2d_transpose", "atrous_conv2d"];

    /// <summary>Which argument the destination (gradValue for the gradients) is, or overlaps at an offset.</summary>
    public enum Overlap
    {
        Value,
        Filters,
        GradOutput,
        ValueShifted,
    }

    public static IEnumerable<object[]> GradientCases() => PropertySettings.AtEveryRun(
        from op in Ops from overlap in new[] { Overlap.Value, Overlap.GradOutput, Overlap.ValueShifted } select new object[] { op, overlap });

    public static IEnumerable<object[]> Runs() => PropertySettings.Runs();

    public static IEnumerable<object[]> ForwardCases() => PropertySettings.AtEveryRun(
        from op in Ops from overlap in new[] { Overlap.Value, Overlap.Filters, Overlap.ValueShifted } select new object[] { op, overlap });

    [TestMethod]
    [DynamicData(nameof(GradientCases))]
    public void GradValueOverAnInputGivesTheSeparateBufferResult(string op, Overlap alias, KernelVariant variant, int threads)
    {
        long n = TestData.Count(Image);
        float[] value = TestData.SmallIntegers(n, 1), filters = TestData.SmallIntegers(TestData.Count(Filter), 2), gradOutput = TestData.SmallIntegers(n, 3);
        float[] expectedGv = new float[n], expectedGf = new float[filters.Length];
        Gradients(op, value, 0, filters, gradOutput, expectedGv, 0, expectedGf, variant, threads);

        // One array holds value (or gradOutput) and is also gradValue; gradFilters is separate.
        float[] shared = new float[n + 2];
        float[] source = alias == Overlap.GradOutput ? gradOutput : value;
        source.CopyTo(shared, 0);
        int gvOffset = alias == Overlap.ValueShifted ? 2 : 0;
        float[] gf = new float[filters.Length];
        if (alias == Overlap.GradOutput)
        {
            Gradients(op, value, 0, filters, shared, shared, gvOffset, gf, variant, threads);
        }
        else
        {
            Gradients(op, shared, 0, filters, gradOutput, shared, gvOffset, gf, variant, threads);
        }

        CollectionAssert.AreEqual(expectedGv, shared.AsSpan(gvOffset, (int)n).ToArray(), $"{op} gradValue over {alias}, {variant} x{threads}");
        CollectionAssert.AreEqual(expectedGf, gf, $"{op} gradFilters with gradValue over {alias}, {variant} x{threads}");
    }

    [TestMethod]
    [DynamicData(nameof(Runs))]
    public void GradFiltersOverFiltersGivesTheSeparateBufferResult(KernelVariant variant, int threads)
    {
        long n = TestData.Count(Image);
        float[] value = TestData.SmallIntegers(n, 4), filters = TestData.SmallIntegers(TestData.Count(Filter), 5), gradOutput = TestData.SmallIntegers(n, 6);
        float[] expectedGv = new float[n], expectedGf = new float[filters.Length];
        Gradients("conv2d_transpose", value, 0, filters, gradOutput, expectedGv, 0, expectedGf, variant, threads);
        float[] gv = new float[n];
        Convolution.Conv2DTransposeGradients(
            TestData.Span(value, Image), TestData.Span(filters, Filter), TestData.Span(gradOutput, Image),
            new TensorSpan<float>(gv, Lengths(Image)), new TensorSpan<float>(filters, Lengths(Filter)), [1, 1], Padding.Same, options: Options(variant, threads));
        CollectionAssert.AreEqual(expectedGv, gv);
        CollectionAssert.AreEqual(expectedGf, filters);
    }

    [TestMethod]
    [DynamicData(nameof(ForwardCases))]
    public void DestinationOverAnInputGivesTheSeparateBufferResult(string op, Overlap alias, KernelVariant variant, int threads)
    {
        // The destination is value itself, the start of the filters' array, or value's array two elements on.
        long n = TestData.Count(Image);
        float[] value = TestData.SmallIntegers(n, 7), filters = TestData.SmallIntegers(TestData.Count(Filter), 8);
        float[] expected = new float[n];
        Forward(op, value, 0, filters, 0, expected, 0, variant, threads);
        float[] shared = new float[Math.Max(n, filters.Length) + 2];
        if (alias == Overlap.Filters)
        {
            // filters has 81 elements, the result 90: the destination starts at the filters and runs past them.
            filters.CopyTo(shared, 0);
            Forward(op, value, 0, shared, 0, shared, 0, variant, threads);
        }
        else
        {
            value.CopyTo(shared, 0);
            Forward(op, shared, 0, filters, 0, shared, alias == Overlap.ValueShifted ? 2 : 0, variant, threads);
        }

        int offset = alias == Overlap.ValueShifted ? 2 : 0;
        CollectionAssert.AreEqual(expected, shared.AsSpan(offset, (int)n).ToArray(), $"{op} destination over {alias}, {variant} x{threads}");
    }

    [TestMethod]
    public void GradientDestinationsThatOverlapEachOtherAreRejectedBeforeAnyWrite()
    {
        long n = TestData.Count(Image);
        float[] shared = Enumerable.Repeat(42f, (int)n + 40).ToArray();
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Convolution.Conv2DTransposeGradients(
            TestData.Span(TestData.SmallIntegers(n, 9), Image), TestData.Span(TestData.SmallIntegers(81, 10), Filter), TestData.Span(TestData.SmallIntegers(n, 11), Image),
            new TensorSpan<float>(shared.AsSpan(0, (int)n), Lengths(Image)), new TensorSpan<float>(shared.AsSpan(30, 81), Lengths(Filter)), [1, 1], Padding.Same));
        Assert.AreEqual("gradFilters", ex.ParamName);
        StringAssert.Contains(ex.Message, "gradValue and gradFilters share memory");
        Assert.IsTrue(shared.All(x => x == 42f), "written before the call failed");
    }

    private static ConvolutionOptions Options(KernelVariant variant, int threads) => new() { Kernel = variant, MaxDegreeOfParallelism = threads };

    private static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => (nint)d);

    private static void Forward(string op, float[] value, int valueOffset, float[] filters, int filtersOffset, float[] destination, int destinationOffset, KernelVariant variant, int threads)
    {
        var v = new ReadOnlyTensorSpan<float>(value.AsSpan(valueOffset, (int)TestData.Count(Image)), Lengths(Image));
        var f = new ReadOnlyTensorSpan<float>(filters.AsSpan(filtersOffset, (int)TestData.Count(Filter)), Lengths(Filter));
        var d = new TensorSpan<float>(destination.AsSpan(destinationOffset, (int)TestData.Count(Image)), Lengths(Image));
        ConvolutionOptions options = Options(variant, threads);
        switch (op)
        {
            case "conv2d_transpose":
                Convolution.Conv2DTranspose(v, f, d, [1, 1], Padding.Same, options: options);
                break;
            case "atrous_conv2d_transpose":
                Convolution.AtrousConv2DTranspose(v, f, d, 2, Padding.Same, options);
                break;
            default:
                Convolution.AtrousConv2D(v, f, d, 2, Padding.Same, options);
                break;
        }
    }

    private static void Gradients(
        string op, float[] value, int valueOffset, float[] filters, float[] gradOutput, float[] gradValue, int gradValueOffset, float[] gradFilters, KernelVariant variant, int threads)
    {
        int n = (int)TestData.Count(Image);
        var v = new ReadOnlyTensorSpan<float>(value.AsSpan(valueOffset, n), Lengths(Image));
        var f = new ReadOnlyTensorSpan<float>(filters, Lengths(Filter));
        var g = new ReadOnlyTensorSpan<float>(gradOutput.AsSpan(0, n), Lengths(Image));
        var gv = new TensorSpan<float>(gradValue.AsSpan(gradValueOffset, n), Lengths(Image));
        var gf = new TensorSpan<float>(gradFilters, Lengths(Filter));
        ConvolutionOptions options = Options(variant, threads);
        switch (op)
        {
            case "conv2d_transpose":
                Convolution.Conv2DTransposeGradients(v, f, g, gv, gf, [1, 1], Padding.Same, options: options);
                break;
            case "atrous_conv2d_transpose":
                Convolution.AtrousConv2DTransposeGradients(v, f, g, gv, gf, 2, Padding.Same, options);
                break;
            default:
                Convolution.AtrousConv2DGradients(v, f, g, gv, gf, 2, Padding.Same, options);
                break;
        }
    }
}
