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
        float[] value = TestData.SmallIntegers(TestData.Count(valueShape), 1), filters = TestData.SmallIntegers(TestData.Count(filterShape), 2);
        float[] upstream = TestData.SmallIntegers(TestData.Count(outputShape), 3);
        (float[] Result, float[] Gradient) Run(KernelVariant kernel, int threads)
        {
            var options = new ConvolutionOptions { Kernel = kernel, MaxDegreeOfParallelism = threads };
            var result = Convolution.AtrousConv2DTranspose(TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, rate, padding, options);
            var gradients = Convolution.Conv2DTransposeGradients(TestData.Span(value, valueShape), TestData.Span(filters, filterShape), TestData.Span(upstream, outputShape), [1, 1], padding, [rate, rate], options);
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
