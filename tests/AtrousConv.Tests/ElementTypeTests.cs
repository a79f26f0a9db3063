namespace AtrousConv.Tests;

/// <summary>Each element type on every kernel: float32 and float64 against the float64 reference, the 16-bit types as
/// a float32 sum rounded once, int32 with TensorFlow's wrap-around.</summary>
[TestClass]
public sealed class ElementTypeTests
{
    private static readonly long[] ValueShape = [2, 13, 17, 24];
    private static readonly long[] FilterShape = [3, 3, 35, 24];
    private const int Rate = 2;

    private static readonly double[] X = TestData.Normals(TestData.Count(ValueShape), 21);
    private static readonly double[] W = TestData.Normals(TestData.Count(FilterShape), 22);
    private static readonly long[] OutputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(ValueShape, FilterShape, Rate, Padding.Same);

    public static IEnumerable<object[]> Kernels() => Variants.All.Select(v => new object[] { v });

    [TestMethod]
    [DynamicData(nameof(Kernels))]
    public void Float32IsWithinToleranceOfTheExactSum(KernelVariant variant)
    {
        float[] result = Run(Array.ConvertAll(X, v => (float)v), Array.ConvertAll(W, v => (float)v), variant);
        double[] expected = Run(Array.ConvertAll(X, v => (double)(float)v), Array.ConvertAll(W, v => (double)(float)v), KernelVariant.Reference);
        double err = Tolerances.RelativeError(Array.ConvertAll(result, v => (double)v), expected);
        Assert.IsTrue(err <= Tolerances.Float32, $"{variant}: err/scale {err:E2}");
    }

    [TestMethod]
    [DynamicData(nameof(Kernels))]
    public void Float64IsWithinToleranceOfTheReference(KernelVariant variant)
    {
        double err = Tolerances.RelativeError(Run(X, W, variant), Run(X, W, KernelVariant.Reference));
        Assert.IsTrue(err <= Tolerances.Float64, $"{variant}: err/scale {err:E2}");
    }

    [TestMethod]
    [DynamicData(nameof(Kernels))]
    public void HalfIsTheFloat32SumRoundedOnce(KernelVariant variant)
    {
        Half[] x = Array.ConvertAll(X, v => (Half)v), w = Array.ConvertAll(W, v => (Half)v);
        double[] expected = Run(Array.ConvertAll(x, v => (double)v), Array.ConvertAll(w, v => (double)v), KernelVariant.Reference);
        double err = Tolerances.RelativeError(Array.ConvertAll(Run(x, w, variant), v => (double)v), expected);
        Assert.IsTrue(err <= Tolerances.Float16, $"{variant}: err/scale {err:E2}");
    }

    [TestMethod]
    [DynamicData(nameof(Kernels))]
    public void BFloat16IsTheFloat32SumRoundedOnce(KernelVariant variant)
    {
        BFloat16[] x = Array.ConvertAll(X, v => (BFloat16)(float)v), w = Array.ConvertAll(W, v => (BFloat16)(float)v);
        double[] expected = Run(Array.ConvertAll(x, v => (double)v.ToSingle()), Array.ConvertAll(w, v => (double)v.ToSingle()), KernelVariant.Reference);
        double err = Tolerances.RelativeError(Array.ConvertAll(Run(x, w, variant), v => (double)v.ToSingle()), expected);
        Assert.IsTrue(err <= Tolerances.BFloat16, $"{variant}: err/scale {err:E2}");
    }

    [TestMethod]
    [DynamicData(nameof(Kernels))]
    public void Int32WrapsAroundLikeTensorFlow(KernelVariant variant)
    {
        // Products of 46341² overflow int32; the sum must be the exact sum modulo 2^32.
        long[] valueShape = [1, 3, 3, 2], filterShape = [2, 2, 3, 2];
        int[] x = Enumerable.Range(0, 18).Select(i => 46341 * (i % 3 == 0 ? -1 : 1) + i).ToArray();
        int[] w = Enumerable.Range(0, 24).Select(i => 46341 + (i * 7)).ToArray();
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, 2, Padding.Valid);
        var geometry = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, outputShape, 2, Padding.Valid);
        long[] exact = AtrousConv.Kernels.ReferenceConvTranspose.Transpose(geometry, Array.ConvertAll(x, v => (long)v), Array.ConvertAll(w, v => (long)v));
        int[] result = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, 2, Padding.Valid, new ConvolutionOptions { Kernel = variant }));
        Assert.IsTrue(exact.Any(v => v > int.MaxValue || v < int.MinValue), "the case must overflow");
        CollectionAssert.AreEqual(Array.ConvertAll(exact, v => unchecked((int)v)), result);
    }

    [TestMethod]
    public void ResultsAreBitwiseIdenticalForAnyThreadCount()
    {
        float[] x = Array.ConvertAll(X, v => (float)v), w = Array.ConvertAll(W, v => (float)v);
        float[] one = Run(x, w, KernelVariant.Auto, threads: 1);
        foreach (int threads in new[] { 2, 3, 4, 7 })
        {
            CollectionAssert.AreEqual(one, Run(x, w, KernelVariant.Auto, threads), $"{threads} threads");
        }
    }

    public static IEnumerable<object[]> FastKernels() => Variants.Fast.Select(v => new object[] { v });

    [TestMethod]
    [DynamicData(nameof(FastKernels))]
    public void AllFastKernelsGiveTheSameBits(KernelVariant variant)
    {
        // Same summation order and fused multiply-adds in every width: not just close, identical.
        float[] x = Array.ConvertAll(X, v => (float)v), w = Array.ConvertAll(W, v => (float)v);
        CollectionAssert.AreEqual(Run(x, w, KernelVariant.Scalar), Run(x, w, variant), variant.ToString());
    }

    [TestMethod]
    [DynamicData(nameof(FastKernels))]
    public void AllFastKernelsGiveTheSameBitsForEveryRowLength(KernelVariant variant)
    {
        // Rows 1–30 pixels wide end in every remainder of every tile height (full, short and moved-back tiles).
        for (int width = 1; width <= 30; width++)
        {
            long[] valueShape = [1, 3, width, 20], filterShape = [3, 3, 37, 20];
            float[] x = Array.ConvertAll(TestData.Normals(TestData.Count(valueShape), width), v => (float)v);
            float[] w = Array.ConvertAll(TestData.Normals(TestData.Count(filterShape), 5), v => (float)v);
            CollectionAssert.AreEqual(Atrous(KernelVariant.Scalar), Atrous(variant), $"{variant}, width {width}");

            float[] Atrous(KernelVariant kernel) => TestData.Flat(Convolution.AtrousConv2DTranspose(
                TestData.Span(x, valueShape), TestData.Span(w, filterShape),
                Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, Rate, Padding.Same), Rate, Padding.Same,
                new ConvolutionOptions { Kernel = kernel }));
        }
    }

    private static T[] Run<T>(T[] x, T[] w, KernelVariant variant, int threads = -1)
        where T : unmanaged =>
        TestData.Flat(Convolution.AtrousConv2DTranspose(
            TestData.Span(x, ValueShape), TestData.Span(w, FilterShape), OutputShape, Rate, Padding.Same,
            new ConvolutionOptions { Kernel = variant, MaxDegreeOfParallelism = threads }));
}
