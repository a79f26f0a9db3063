namespace AtrousConv.Tests;

/// <summary>
/// Gradients without TensorFlow: finite differences in float64, every fast kernel against the reference (value and
/// filter gradients, forward atrous_conv2d), and the forward op as the adjoint of the transposed one.
/// </summary>
[TestClass]
public sealed class GradientTests
{
    public static IEnumerable<object[]> SmallCases()
    {
        // value shape, filter shape, output shape, strides, dilations, padding
        yield return ["atrous r2 SAME", new long[] { 2, 5, 6, 2 }, new long[] { 3, 3, 3, 2 }, new long[] { 2, 5, 6, 3 }, new[] { 1, 1 }, new[] { 2, 2 }, Padding.Same];
        yield return ["atrous r3 VALID", new long[] { 1, 4, 3, 3 }, new long[] { 2, 3, 2, 3 }, new long[] { 1, 7, 9, 2 }, new[] { 1, 1 }, new[] { 3, 3 }, Padding.Valid];
        yield return ["stride 2 dilation 2 SAME", new long[] { 1, 3, 4, 2 }, new long[] { 3, 2, 2, 2 }, new long[] { 1, 6, 7, 2 }, new[] { 2, 2 }, new[] { 2, 1 }, Padding.Same];
        yield return ["stride 3x2 VALID", new long[] { 2, 3, 3, 1 }, new long[] { 2, 3, 3, 1 }, new long[] { 2, 8, 9, 3 }, new[] { 3, 2 }, new[] { 1, 2 }, Padding.Valid];
    }

    [TestMethod]
    [DynamicData(nameof(SmallCases))]
    public void GradientsMatchFiniteDifferences(string name, long[] valueShape, long[] filterShape, long[] outputShape, int[] strides, int[] dilations, Padding padding)
    {
        double[] x = TestData.Normals(TestData.Count(valueShape), 31), w = TestData.Normals(TestData.Count(filterShape), 32);
        double[] g = TestData.Normals(TestData.Count(outputShape), 33);
        (var gv, var gf) = Convolution.Conv2DTransposeGradients(TestData.Span(x, valueShape), TestData.Span(w, filterShape), TestData.Span(g, outputShape), strides, padding, dilations);
        double[] gradValue = TestData.Flat(gv), gradFilters = TestData.Flat(gf);

        // loss = <conv2d_transpose(x, w), g> is bilinear, so central differences are exact up to rounding.
        double Loss(double[] xs, double[] ws) => Dot(TestData.Flat(Convolution.Conv2DTranspose(TestData.Span(xs, valueShape), TestData.Span(ws, filterShape), outputShape, strides, padding, dilations)), g);
        const double h = 1e-3;
        for (int k = 0; k < x.Length; k += 3)
        {
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[k] += h;
            minus[k] -= h;
            Assert.AreEqual((Loss(plus, w) - Loss(minus, w)) / (2 * h), gradValue[k], 1e-8, $"{name}: d/dvalue[{k}]");
        }

        for (int k = 0; k < w.Length; k += 2)
        {
            double[] plus = (double[])w.Clone(), minus = (double[])w.Clone();
            plus[k] += h;
            minus[k] -= h;
            Assert.AreEqual((Loss(x, plus) - Loss(x, minus)) / (2 * h), gradFilters[k], 1e-8, $"{name}: d/dfilters[{k}]");
        }
    }

    public static IEnumerable<object[]> SweepCases()
    {
        var random = new Random(41);
        for (int id = 0; id < 40; id++)
        {
            int sh = random.Next(1, 3), sw = random.Next(1, 3), dh = random.Next(1, 5), dw = random.Next(1, 5);
            int kh = random.Next(1, 4), kw = random.Next(1, 4);
            Padding padding = random.Next(2) == 0 ? Padding.Same : Padding.Valid;
            int h = random.Next(0, 8), w = random.Next(0, 16), batch = random.Next(1, 3);
            int cin = random.Next(0, 3) == 0 ? random.Next(30, 70) : random.Next(1, 6), cout = random.Next(0, 3) == 0 ? random.Next(12, 40) : random.Next(1, 6);
            long[] value = [batch, h, w, cin], filters = [kh, kw, cout, cin];
            long[] output = Conv2DTransposeGeometry.InferOutputShape(value, filters, sh, sw, dh, dw, padding);
            yield return [$"grad#{id} s{sh}x{sw} d{dh}x{dw} k{kh}x{kw} {padding} {batch}x{h}x{w}x{cin}->{cout}", value, filters, output, new[] { sh, sw }, new[] { dh, dw }, padding];
        }
    }

    public static IEnumerable<object[]> SweepRows() => Variants.Cross(SweepCases());

    [TestMethod]
    [DynamicData(nameof(SweepRows))]
    public void GradientKernelsEqualReference(string name, long[] valueShape, long[] filterShape, long[] outputShape, int[] strides, int[] dilations, Padding padding, KernelVariant variant)
    {
        // Small integers: every sum is exact, so every kernel must give the reference's bits.
        float[] x = TestData.SmallIntegers(TestData.Count(valueShape), 51), w = TestData.SmallIntegers(TestData.Count(filterShape), 52);
        float[] g = TestData.SmallIntegers(TestData.Count(outputShape), 53);
        (float[] expectedValue, float[] expectedFilters) = Run(KernelVariant.Reference);
        (float[] gv, float[] gf) = Run(variant);
        CollectionAssert.AreEqual(expectedValue, gv, $"{name}: value gradient on {variant}");
        CollectionAssert.AreEqual(expectedFilters, gf, $"{name}: filter gradient on {variant}");

        (float[], float[]) Run(KernelVariant variant)
        {
            (var gv, var gf) = Convolution.Conv2DTransposeGradients(
                TestData.Span(x, valueShape), TestData.Span(w, filterShape), TestData.Span(g, outputShape), strides, padding, dilations, new ConvolutionOptions { Kernel = variant });
            return (TestData.Flat(gv), TestData.Flat(gf));
        }
    }

    public static IEnumerable<object[]> ForwardCases()
    {
        var random = new Random(61);
        for (int id = 0; id < 30; id++)
        {
            int rate = random.Next(1, 6), kh = random.Next(1, 4), kw = random.Next(1, 4);
            Padding padding = random.Next(2) == 0 ? Padding.Same : Padding.Valid;
            int h = ((kh - 1) * rate) + random.Next(0, 8), w = ((kw - 1) * rate) + random.Next(0, 16);
            int cin = random.Next(1, 40), cout = random.Next(1, 40), batch = random.Next(1, 3);
            yield return [$"ac#{id} r{rate} k{kh}x{kw} {padding} {batch}x{h}x{w}x{cin}->{cout}", new long[] { batch, h, w, cin }, new long[] { kh, kw, cin, cout }, rate, padding];
        }
    }

    public static IEnumerable<object[]> ForwardRows() => Variants.Cross(ForwardCases());

    [TestMethod]
    [DynamicData(nameof(ForwardRows))]
    public void AtrousConv2DAndItsGradientsEqualReference(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        float[] x = TestData.SmallIntegers(TestData.Count(valueShape), 71), w = TestData.SmallIntegers(TestData.Count(filterShape), 72);
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousConv2DOutputShape(valueShape, filterShape, rate, padding);
        float[] g = TestData.SmallIntegers(TestData.Count(outputShape), 73);
        (float[] y, float[] gv, float[] gf) expected = Run(KernelVariant.Reference);
        (float[] y, float[] gv, float[] gf) actual = Run(variant);
        CollectionAssert.AreEqual(expected.y, actual.y, $"{name}: atrous_conv2d on {variant}");
        CollectionAssert.AreEqual(expected.gv, actual.gv, $"{name}: value gradient on {variant}");
        CollectionAssert.AreEqual(expected.gf, actual.gf, $"{name}: filter gradient on {variant}");

        (float[], float[], float[]) Run(KernelVariant variant)
        {
            var options = new ConvolutionOptions { Kernel = variant };
            float[] y = TestData.Flat(Convolution.AtrousConv2D(TestData.Span(x, valueShape), TestData.Span(w, filterShape), rate, padding, options));
            (var gv, var gf) = Convolution.AtrousConv2DGradients(TestData.Span(x, valueShape), TestData.Span(w, filterShape), TestData.Span(g, outputShape), rate, padding, options);
            return (y, TestData.Flat(gv), TestData.Flat(gf));
        }
    }

    [TestMethod]
    [DynamicData(nameof(ForwardCases))]
    public void AtrousConv2DIsTheAdjointOfTheTranspose(string name, long[] valueShape, long[] filterShape, int rate, Padding padding)
    {
        // atrous_conv2d's filters [kh, kw, in, out] read as the transposed op's [kh, kw, out', in'] map out → in.
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousConv2DOutputShape(valueShape, filterShape, rate, padding);
        double[] x = TestData.Normals(TestData.Count(valueShape), 81), w = TestData.Normals(TestData.Count(filterShape), 82);
        double[] v = TestData.Normals(TestData.Count(outputShape), 83);
        double[] forward = TestData.Flat(Convolution.AtrousConv2D(TestData.Span(x, valueShape), TestData.Span(w, filterShape), rate, padding));
        double[] transposed = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(v, outputShape), TestData.Span(w, filterShape), valueShape, rate, padding));
        double left = Dot(forward, v), right = Dot(x, transposed);
        Assert.AreEqual(right, left, Tolerances.Adjoint * Math.Max(1, Math.Abs(right)), name);
    }

    public static IEnumerable<object[]> LongSumCases() => Variants.Cross(
    [
        // 65,536 pixels per centre tap, as shape D: few channels, read in place on every width.
        ["65,536-pixel sums: [1,256,256,2] ⊛ [5,5,3,2] r3 SAME, normal", new long[] { 1, 256, 256, 2 }, new long[] { 5, 5, 3, 2 }, 3, false],
        ["65,536-pixel sums: [1,256,256,2] ⊛ [5,5,3,2] r3 SAME, positive", new long[] { 1, 256, 256, 2 }, new long[] { 5, 5, 3, 2 }, 3, true],
        // 51,200 pixels over two images; 20 input channels: packed panels on Scalar, Vector128 and Vector256, in place on Vector512.
        ["51,200-pixel sums: [2,160,160,20] ⊛ [2,2,9,20] r2 SAME, normal", new long[] { 2, 160, 160, 20 }, new long[] { 2, 2, 9, 20 }, 2, false],
        ["51,200-pixel sums: [2,160,160,20] ⊛ [2,2,9,20] r2 SAME, positive", new long[] { 2, 160, 160, 20 }, new long[] { 2, 2, 9, 20 }, 2, true],
    ]);

    /// <summary>
    /// Sums over tens of thousands of pixels: one float32 chain would lose digits; the kernel's fixed-order groups keep
    /// every variant within the float32 rule of the float64 reference on the same float32 inputs, and give the same bits
    /// at 1 and 2 threads. Positive data (ReLU-like activations and gradients, no cancellation) is the hard case: the
    /// running sums grow with the pixel count.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(LongSumCases))]
    public void FilterGradientOverManyPixelsKeepsFloat32Accuracy(string name, long[] valueShape, long[] filterShape, int rate, bool positive, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, Padding.Same);
        float[] x = Inputs(TestData.Count(valueShape), 101), g = Inputs(TestData.Count(outputShape), 102);
        var exact = Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(Array.ConvertAll(x, v => (double)v), valueShape), TestData.Span(Array.ConvertAll(g, v => (double)v), outputShape), filterShape, [1, 1], Padding.Same,
            [rate, rate], new ConvolutionOptions { Kernel = KernelVariant.Reference });
        float[] one = Run(1), two = Run(2);
        CollectionAssert.AreEqual(Array.ConvertAll(one, BitConverter.SingleToInt32Bits), Array.ConvertAll(two, BitConverter.SingleToInt32Bits), $"{name}: {variant} at 1 vs 2 threads");
        double err = Tolerances.RelativeError(Array.ConvertAll(one, v => (double)v), TestData.Flat(exact));
        Assert.IsTrue(err <= Tolerances.Float32, $"{name}: {variant} err/scale {err:E2}");

        float[] Inputs(long count, int seed) => Array.ConvertAll(TestData.Normals(count, seed), v => (float)(positive ? Math.Abs(v) : v));

        float[] Run(int threads) => TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(x, valueShape), TestData.Span(g, outputShape), filterShape, [1, 1], Padding.Same, [rate, rate],
            new ConvolutionOptions { Kernel = variant, MaxDegreeOfParallelism = threads }));
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }
}
