using System.Numerics.Tensors;
using AtrousConv.Contract;

namespace AtrousConv.Tests;

/// <summary>A kernel path's results against the reference kernel's, for the tests that must reach one path.</summary>
internal static class ReferenceRuns
{
    /// <summary>
    /// The transposed op and its value gradient (the forward direction) on small integers, where every float32 sum is
    /// exact (so an element that missed a product, took a wrong one or was written twice differs), run on
    /// <paramref name="variant"/> at one and two threads: bitwise the reference's.
    /// </summary>
    public static void AssertTransposeAndValueGradient(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        AssertBitwise(name, valueShape, filterShape, outputShape, [1, 1], [rate, rate], padding, variant, (value, filters, options) =>
            Convolution.AtrousConv2DTranspose(value, filters, outputShape, rate, padding, options));
    }

    /// <summary>The same for <c>conv2d_transpose</c> at unit strides with height and width dilations of their own.</summary>
    public static void AssertDilatedTransposeAndValueGradient(string name, long[] valueShape, long[] filterShape, int dilationHeight, int dilationWidth, Padding padding, KernelVariant variant)
    {
        long[] outputShape = DilatedOutputShape(valueShape, filterShape, dilationHeight, dilationWidth, padding);
        AssertConv2DTransposeAndValueGradient(name, valueShape, filterShape, outputShape, [1, 1], [dilationHeight, dilationWidth], padding, variant);
    }

    /// <summary>The same for <c>conv2d_transpose</c> with any strides and dilations into <paramref name="outputShape"/>.</summary>
    public static void AssertConv2DTransposeAndValueGradient(string name, long[] valueShape, long[] filterShape, long[] outputShape, int[] strides, int[] dilations, Padding padding, KernelVariant variant) =>
        AssertBitwise(name, valueShape, filterShape, outputShape, strides, dilations, padding, variant, (value, filters, options) =>
            Convolution.Conv2DTranspose(value, filters, outputShape, strides, padding, dilations, options));

    /// <summary>The result shape of a unit-stride transposed convolution: the value's under SAME, wider by the dilated
    /// filter under VALID.</summary>
    public static long[] DilatedOutputShape(long[] valueShape, long[] filterShape, int dilationHeight, int dilationWidth, Padding padding) =>
        padding == Padding.Same
            ? [valueShape[0], valueShape[1], valueShape[2], filterShape[2]]
            : [valueShape[0], valueShape[1] + ((filterShape[0] - 1) * dilationHeight), valueShape[2] + ((filterShape[1] - 1) * dilationWidth), filterShape[2]];

    private static void AssertBitwise(
        string name, long[] valueShape, long[] filterShape, long[] outputShape, int[] strides, int[] dilations, Padding padding, KernelVariant variant,
        Func<ReadOnlyTensorSpan<float>, ReadOnlyTensorSpan<float>, ConvolutionOptions, Tensor<float>> transpose)
    {
        float[] value = TestData.SmallIntegers(TestData.Count(valueShape), 1), filters = TestData.SmallIntegers(TestData.Count(filterShape), 2);
        float[] upstream = TestData.SmallIntegers(TestData.Count(outputShape), 3);
        (float[] Result, float[] Gradient) Run(KernelVariant kernel, int threads)
        {
            var options = new ConvolutionOptions { Kernel = kernel, MaxDegreeOfParallelism = threads };
            var result = transpose(TestData.Span(value, valueShape), TestData.Span(filters, filterShape), options);
            var gradients = Convolution.Conv2DTransposeGradients(TestData.Span(value, valueShape), TestData.Span(filters, filterShape), TestData.Span(upstream, outputShape), strides, padding, dilations, options);
            return (TestData.Flat(result), TestData.Flat(gradients.GradValue));
        }

        var expected = Run(KernelVariant.Reference, 1);
        foreach (int threads in new[] { 1, 2 })
        {
            var actual = Run(variant, threads);
            CollectionAssert.AreEqual(expected.Result, actual.Result, $"{name}: {variant}, {threads} threads");
            CollectionAssert.AreEqual(expected.Gradient, actual.Gradient, $"{name}: {variant}'s value gradient, {threads} threads");
        }
    }
}
