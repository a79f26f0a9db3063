namespace AtrousConv.Tests;

/// <summary>
/// Every fast kernel against the reference over a sweep of sizes 0..n, rates 1..7, kernels 1..5, strides, batch
/// and channel counts. Inputs are small integers, so every float32 sum is exact and all kernels must agree with
/// the reference bit for bit whatever their summation order.
/// </summary>
[TestClass]
public sealed class KernelSweepTests
{
    public static IEnumerable<object[]> AtrousCases()
    {
        var random = new Random(7);
        int id = 0;
        foreach (int rate in new[] { 1, 2, 3, 4, 5, 6, 7 })
        {
            foreach (int k in new[] { 1, 2, 3, 4, 5 })
            {
                foreach (Padding padding in new[] { Padding.Same, Padding.Valid })
                {
                    int h = random.Next(0, 9), w = random.Next(0, 15);
                    int kw = random.Next(1, 6);
                    int batch = random.Next(1, 3), cin = random.Next(0, 5) == 0 ? random.Next(1, 40) : random.Next(1, 6);
                    int cout = random.Next(0, 4) == 0 ? random.Next(17, 70) : random.Next(1, 6);
                    yield return [$"atrous#{id++} r{rate} k{k}x{kw} {padding} {batch}x{h}x{w}x{cin}->{cout}", new long[] { batch, h, w, cin }, new long[] { k, kw, cout, cin }, rate, padding];
                }
            }
        }
    }

    /// <summary>Rates so large that the kernel copies border pixels per tap instead of keeping padded rows.</summary>
    public static IEnumerable<object[]> HugeRateCases()
    {
        foreach ((int rate, int k, Padding padding, int h, int w) in new[] { (90, 4, Padding.Same, 5, 30), (130, 3, Padding.Same, 3, 70), (100, 2, Padding.Valid, 2, 3), (300, 3, Padding.Same, 2, 40) })
        {
            yield return [$"huge rate {rate} k{k} {padding} {h}x{w}", new long[] { 1, h, w, 5 }, new long[] { k, k, 20, 5 }, rate, padding];
        }
    }

    public static IEnumerable<object[]> HugeRateRows() => Variants.Cross(HugeRateCases());

    public static IEnumerable<object[]> AtrousRows() => Variants.Cross(AtrousCases());

    public static IEnumerable<object[]> StridedRows() => Variants.Cross(StridedCases());

    /// <summary>
    /// Rows long enough that the tile placement shortens their interior and puts its full tiles back
    /// (<see cref="AtrousConv.Kernels.TilePlan"/>), with short tiles at the borders, for both directions (the value gradient is the
    /// strided forward convolution); result channels the tiles compute, not the pixels-in-lanes kernel.
    /// </summary>
    public static IEnumerable<object[]> WideRowCases()
    {
        var random = new Random(13);
        for (int id = 0; id < 24; id++)
        {
            int sw = random.Next(1, 4), dw = random.Next(1, 6), kw = random.Next(1, 5), kh = random.Next(1, 3);
            Padding padding = random.Next(2) == 0 ? Padding.Same : Padding.Valid;
            int h = random.Next(1, 4), w = random.Next(30, 131), cin = random.Next(1, 9), cout = new[] { 16, 32, 40 }[random.Next(3)];
            long[] value = [1, h, w, cin], filters = [kh, kw, cout, cin];
            long[] output = Conv2DTransposeGeometry.InferOutputShape(value, filters, 1, sw, 1, dw, padding);
            yield return [$"wide#{id} s1x{sw} d1x{dw} k{kh}x{kw} {padding} 1x{h}x{w}x{cin}->{output[2]}x{cout}", value, filters, output, new[] { 1, sw }, new[] { 1, dw }, padding];
        }
    }

    public static IEnumerable<object[]> WideRows() => Variants.Cross(WideRowCases());

    [TestMethod]
    [DynamicData(nameof(WideRows))]
    public void WideRowsEqualReference(string name, long[] valueShape, long[] filterShape, long[] outputShape, int[] strides, int[] dilations, Padding padding, KernelVariant variant)
    {
        StridedDilatedKernelsEqualReference(name, valueShape, filterShape, outputShape, strides, dilations, padding, variant);
        float[] x = TestData.SmallIntegers(TestData.Count(valueShape), seed: 5), w = TestData.SmallIntegers(TestData.Count(filterShape), seed: 6);
        float[] g = TestData.SmallIntegers(TestData.Count(outputShape), seed: 7);
        CollectionAssert.AreEqual(Gradient(KernelVariant.Reference), Gradient(variant), $"{name}: {variant}'s value gradient differs from the reference");

        float[] Gradient(KernelVariant variant) => TestData.Flat(Convolution.Conv2DTransposeGradients(
            TestData.Span(x, valueShape), TestData.Span(w, filterShape), TestData.Span(g, outputShape), strides, padding, dilations, new ConvolutionOptions { Kernel = variant }).GradValue);
    }

    [TestMethod]
    [DynamicData(nameof(HugeRateRows))]
    public void HugeRatesEqualReference(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant) =>
        AtrousKernelsEqualReference(name, valueShape, filterShape, rate, padding, variant);

    public static IEnumerable<object[]> StridedCases()
    {
        var random = new Random(11);
        for (int id = 0; id < 60; id++)
        {
            int sh = random.Next(1, 4), sw = random.Next(1, 4), dh = random.Next(1, 4), dw = random.Next(1, 4);
            int kh = random.Next(1, 5), kw = random.Next(1, 5);
            Padding padding = random.Next(2) == 0 ? Padding.Same : Padding.Valid;
            int h = random.Next(0, 7), w = random.Next(0, 9), batch = random.Next(1, 3), cin = random.Next(1, 9), cout = random.Next(1, 40);
            long[] value = [batch, h, w, cin], filters = [kh, kw, cout, cin];
            long[] output = Conv2DTransposeGeometry.InferOutputShape(value, filters, sh, sw, dh, dw, padding);

            // Also the other accepted output sizes when the stride allows several.
            long ke = ((kh - 1) * dh) + 1;
            (long lo, long hi) = Conv2DTransposeGeometry.AcceptedRange(h, ke, sh, padding);
            output[1] = lo + random.NextInt64(0, Math.Max(1, hi - lo + 1));
            yield return [$"strided#{id} s{sh}x{sw} d{dh}x{dw} k{kh}x{kw} {padding} {batch}x{h}x{w}x{cin}->{output[1]}x{output[2]}x{cout}", value, filters, output, new[] { sh, sw }, new[] { dh, dw }, padding];
        }
    }

    [TestMethod]
    [DynamicData(nameof(AtrousRows))]
    public void AtrousKernelsEqualReference(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        float[] value = TestData.SmallIntegers(TestData.Count(valueShape), seed: name.Length);
        float[] filters = TestData.SmallIntegers(TestData.Count(filterShape), seed: rate);
        CollectionAssert.AreEqual(Run(KernelVariant.Reference), Run(variant), $"{name}: {variant} differs from the reference");

        float[] Run(KernelVariant variant) => TestData.Flat(Convolution.AtrousConv2DTranspose(
            TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, rate, padding, new ConvolutionOptions { Kernel = variant }));
    }

    [TestMethod]
    [DynamicData(nameof(StridedRows))]
    public void StridedDilatedKernelsEqualReference(string name, long[] valueShape, long[] filterShape, long[] outputShape, int[] strides, int[] dilations, Padding padding, KernelVariant variant)
    {
        float[] value = TestData.SmallIntegers(TestData.Count(valueShape), seed: name.Length);
        float[] filters = TestData.SmallIntegers(TestData.Count(filterShape), seed: 3);
        CollectionAssert.AreEqual(Run(KernelVariant.Reference), Run(variant), $"{name}: {variant} differs from the reference");

        float[] Run(KernelVariant variant) => TestData.Flat(Convolution.Conv2DTranspose(
            TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, strides, padding, dilations, new ConvolutionOptions { Kernel = variant }));
    }
}
