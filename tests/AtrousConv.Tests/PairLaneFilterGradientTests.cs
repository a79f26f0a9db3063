using System.Runtime.Intrinsics;
using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The filter gradient with (output, input) channel pairs in the lanes (docs/kernel-design.md "Few channels on both
/// sides"): which layers take it, and that its sums are the tile kernels' bits on rounding data (normal inputs, so the
/// summation order shows), at one and two threads, on every variant, for groups of 1,024 pixels that end inside a row
/// and images that end inside a group; NaN or ±Inf data, which must not meet its padding zeros, leaves it to the tiles.
/// </summary>
[TestClass]
public sealed class PairLaneFilterGradientTests
{
    /// <summary>(name, value shape, filter shape, strides, whether the 512-bit float32 kernel takes it).</summary>
    public static IEnumerable<object[]> Choices() =>
    [
        ["F: 5 × 3 pairs, 15 of 16 lanes", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 1, true],
        ["one input channel, eight outputs", new long[] { 2, 9, 9, 1 }, new long[] { 3, 3, 8, 1 }, 1, true],
        ["3 → 20: four vectors of pairs", new long[] { 1, 9, 9, 3 }, new long[] { 3, 3, 20, 3 }, 1, true],
        ["8 → 32: sixteen vectors, each its own stream", new long[] { 1, 9, 9, 8 }, new long[] { 3, 3, 32, 8 }, 1, false],
        ["16 × 16: one output channel per vector, as many vectors as the tile's rows", new long[] { 1, 9, 9, 16 }, new long[] { 3, 3, 16, 16 }, 1, false],
        ["more input channels than lanes", new long[] { 1, 9, 9, 64 }, new long[] { 3, 3, 3, 64 }, 1, false],
        ["strided", new long[] { 1, 9, 9, 3 }, new long[] { 3, 3, 5, 3 }, 2, false],
    ];

    [TestMethod]
    [DynamicData(nameof(Choices))]
    public void FewChannelsOnBothSidesTakeThePairLanes(string name, long[] valueShape, long[] filterShape, int stride, bool expected)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferOutputShape(valueShape, filterShape, stride, stride, 2, 2, Padding.Same);
        var g = Conv2DTransposeGeometry.Create(valueShape, filterShape, outputShape, stride, stride, 2, 2, Padding.Same);
        Assert.AreEqual(expected, PairLaneFilterGradient<float, SingleMulAdd, Vector512<float>, Width512<float, SingleMulAdd>>.Suits(g), name);
    }

    /// <summary>(name, value shape, filter shape, height and width dilations, padding): layers the 512-bit kernel
    /// takes, with taps that reach past every edge, sums of more than 1,024 pixels, and two threads.</summary>
    public static IEnumerable<object[]> Layers() =>
    [
        ["F", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 3, 3, Padding.Same],
        ["16 images of 17 × 17: groups end inside rows and images", new long[] { 16, 17, 17, 3 }, new long[] { 3, 3, 5, 3 }, 2, 2, Padding.Same],
        ["VALID, dilations 1 and 4", new long[] { 3, 11, 7, 2 }, new long[] { 3, 3, 6, 2 }, 1, 4, Padding.Valid],
        ["SAME, dilations 5 and 2, taps past the map", new long[] { 2, 6, 13, 5 }, new long[] { 3, 4, 3, 5 }, 5, 2, Padding.Same],
        ["one input channel, two vectors of pairs at 128 bits", new long[] { 2, 30, 40, 1 }, new long[] { 3, 3, 7, 1 }, 2, 2, Padding.Same],
        ["two threads: 2.6 M multiply-adds", new long[] { 8, 48, 48, 4 }, new long[] { 3, 3, 4, 4 }, 2, 2, Padding.Same],
    ];

    public static IEnumerable<object[]> LayersByVariant() => Variants.Cross(Layers());

    [TestMethod]
    [DynamicData(nameof(LayersByVariant))]
    public void PairLanesGiveTheTilesBits(string name, long[] valueShape, long[] filterShape, int dilationHeight, int dilationWidth, Padding padding, KernelVariant variant)
    {
        long[] outputShape = ReferenceRuns.DilatedOutputShape(valueShape, filterShape, dilationHeight, dilationWidth, padding);
        var g = Conv2DTransposeGeometry.Create(valueShape, filterShape, outputShape, 1, 1, dilationHeight, dilationWidth, padding);
        Assert.IsTrue(PairLaneFilterGradient<float, SingleMulAdd, Vector512<float>, Width512<float, SingleMulAdd>>.Suits(g), $"{name}: the 512-bit kernel takes it");

        float[] x = Normals(TestData.Count(valueShape), 201), dy = Normals(TestData.Count(outputShape), 202);
        int[] tiles = Bits(Run(x, dy, KernelVariant.Scalar, 1));
        CollectionAssert.AreEqual(tiles, Bits(Run(x, dy, variant, 1)), $"{name}: {variant} at one thread against the scalar tile");
        CollectionAssert.AreEqual(tiles, Bits(Run(x, dy, variant, 2)), $"{name}: {variant} at two threads against the scalar tile");

        var exact = Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(Array.ConvertAll(x, v => (double)v), valueShape), TestData.Span(Array.ConvertAll(dy, v => (double)v), outputShape), filterShape, [1, 1], padding,
            [dilationHeight, dilationWidth], new ConvolutionOptions { Kernel = KernelVariant.Reference });
        double err = Tolerances.RelativeError(Array.ConvertAll(Run(x, dy, variant, 1), v => (double)v), TestData.Flat(exact));
        Assert.IsTrue(err <= Tolerances.Float32, $"{name}: {variant} err/scale {err:E2}");

        float[] Run(float[] value, float[] gradOutput, KernelVariant kernel, int threads) => TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(value, valueShape), TestData.Span(gradOutput, outputShape), filterShape, [1, 1], padding, [dilationHeight, dilationWidth],
            new ConvolutionOptions { Kernel = kernel, MaxDegreeOfParallelism = threads }));
    }

    public static IEnumerable<object[]> Doubles() => Variants.Cross([["F in float64", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 3]]);

    [TestMethod]
    [DynamicData(nameof(Doubles))]
    public void Float64PairLanesGiveTheTilesBits(string name, long[] valueShape, long[] filterShape, int rate, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, Padding.Same);
        var g = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, outputShape, rate, Padding.Same);
        Assert.IsTrue(PairLaneFilterGradient<double, DoubleMulAdd, Vector512<double>, Width512<double, DoubleMulAdd>>.Suits(g), $"{name}: the 512-bit kernel takes it");
        double[] x = TestData.Normals(TestData.Count(valueShape), 211), dy = TestData.Normals(TestData.Count(outputShape), 212);
        CollectionAssert.AreEqual(Run(KernelVariant.Scalar), Run(variant), $"{name}: {variant} against the scalar tile");

        long[] Run(KernelVariant kernel) => Array.ConvertAll(
            TestData.Flat(Convolution.Conv2DTransposeFilterGradient(TestData.Span(x, valueShape), TestData.Span(dy, outputShape), filterShape, [1, 1], Padding.Same, [rate, rate], new ConvolutionOptions { Kernel = kernel })),
            BitConverter.DoubleToInt64Bits);
    }

    public static IEnumerable<object[]> NonFinite() => Variants.Cross(
    [
        // Value pixel (0, 13): tap column 3 pairs it with gradient column 18, in the row's zeros.
        ["+Inf in the value", 0, 40, float.PositiveInfinity],
        // Gradient pixel (1, 2): the value row 0's zeros past its width pair with it (22-pixel pitch, column shift 5).
        ["NaN in the upstream gradient", 1, 95, float.NaN],
    ]);

    /// <summary>0 · ∞ is NaN: a non-finite element in a padded row would spoil sums the definition never adds it to,
    /// so such calls run on the tiles, which multiply in-range pixels only: F's sums stay the scalar tile's, finite ones
    /// included.</summary>
    [TestMethod]
    [DynamicData(nameof(NonFinite))]
    public void NonFiniteDataGivesTheTilesResult(string name, int tensor, int index, float special, KernelVariant variant)
    {
        long[] valueShape = [1, 33, 17, 3], filterShape = [2, 4, 5, 3];
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, 3, Padding.Same);
        float[] x = Normals(TestData.Count(valueShape), 221), dy = Normals(TestData.Count(outputShape), 222);
        (tensor == 0 ? x : dy)[index] = special;
        float[] actual = Run(variant);
        CollectionAssert.AreEqual(Canonical(Run(KernelVariant.Scalar)), Canonical(actual), $"{name}: {variant} against the scalar tile (any NaN as one)");
        Assert.IsTrue(actual.Any(float.IsFinite) && actual.Any(v => !float.IsFinite(v)), $"{name}: some sums meet it and some do not");

        float[] Run(KernelVariant kernel) => TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(x, valueShape), TestData.Span(dy, outputShape), filterShape, [1, 1], Padding.Same, [3, 3], new ConvolutionOptions { Kernel = kernel }));

        // Which NaN an operation returns is the hardware's (or the software fallback's) choice; where the NaNs are is the kernels'.
        static int[] Canonical(float[] values) => Array.ConvertAll(values, v => float.IsNaN(v) ? int.MinValue : BitConverter.SingleToInt32Bits(v));
    }

    public static IEnumerable<object[]> Underflows() => Variants.Cross(
    [
        ["[1,5,5,3] ⊛ [3,3,5,3] r2: every product −0", new long[] { 1, 5, 5, 3 }, new long[] { 3, 3, 5, 3 }, 2],
        ["F: every product −0", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 3],
    ]);

    /// <summary>Products that underflow to −0 (1e-30 · −1e-30 in float32, 1e-200 · −1e-200 in float64) make a chain −0,
    /// and a padding product 0 · x (x &gt; 0) would turn it +0, which the tiles never add (found in review: 45 of 135
    /// sums +0 where the tiles give −0). Such calls have exact zero sums, which the kernel leaves to the tiles: the sums
    /// are the scalar tile's, −0 included.</summary>
    [TestMethod]
    [DynamicData(nameof(Underflows))]
    public void UnderflowingSumsKeepTheTilesSignOfZero(string name, long[] valueShape, long[] filterShape, int rate, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, Padding.Same);
        float[] x = Enumerable.Repeat(1e-30f, (int)TestData.Count(valueShape)).ToArray(), dy = Enumerable.Repeat(-1e-30f, (int)TestData.Count(outputShape)).ToArray();
        int[] expected = Bits(Single(KernelVariant.Scalar));
        Assert.IsTrue(expected.Any(b => b == int.MinValue), $"{name}: the tiles give −0 sums");
        CollectionAssert.AreEqual(expected, Bits(Single(variant)), $"{name}: float32 on {variant} against the scalar tile");

        double[] xd = Enumerable.Repeat(1e-200, x.Length).ToArray(), dyd = Enumerable.Repeat(-1e-200, dy.Length).ToArray();
        CollectionAssert.AreEqual(Double(KernelVariant.Scalar), Double(variant), $"{name}: float64 on {variant} against the scalar tile");

        float[] Single(KernelVariant kernel) => TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(x, valueShape), TestData.Span(dy, outputShape), filterShape, [1, 1], Padding.Same, [rate, rate], new ConvolutionOptions { Kernel = kernel }));

        long[] Double(KernelVariant kernel) => Array.ConvertAll(TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(xd, valueShape), TestData.Span(dyd, outputShape), filterShape, [1, 1], Padding.Same, [rate, rate], new ConvolutionOptions { Kernel = kernel })), BitConverter.DoubleToInt64Bits);
    }

    /// <summary>Each layer of <see cref="Layers"/> with each float32 width whose kernel takes it.</summary>
    public static IEnumerable<object[]> LayersByTakingWidth() =>
        from layer in Layers()
        from width in new[] { 128, 256, 512 }
        let g = Geometry((long[])layer[1], (long[])layer[2], (int)layer[3], (int)layer[4], (Padding)layer[5])
        where Direct.Suits(width, g)
        select (object[])[.. layer, width];

    /// <summary>The kernel itself, called directly, so a test cannot pass by the call falling back to the tiles: it
    /// runs (returns true) and gives the scalar tile's bits.</summary>
    [TestMethod]
    [DynamicData(nameof(LayersByTakingWidth))]
    public void ThePairLanesRunAndGiveTheTilesBits(string name, long[] valueShape, long[] filterShape, int dilationHeight, int dilationWidth, Padding padding, int width)
    {
        var g = Geometry(valueShape, filterShape, dilationHeight, dilationWidth, padding);
        long[] outputShape = [g.Batch, g.OutputHeight, g.OutputWidth, g.OutputChannels];
        float[] x = Normals(TestData.Count(valueShape), 231), dy = Normals(TestData.Count(outputShape), 232);
        float[] expected = TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(x, valueShape), TestData.Span(dy, outputShape), filterShape, [1, 1], padding, [dilationHeight, dilationWidth], new ConvolutionOptions { Kernel = KernelVariant.Scalar }));
        (bool ran, float[] actual) = Direct.Run(width, g, x, dy, threads: 1);
        Assert.IsTrue(ran, $"{name}: the {width}-bit kernel ran");
        CollectionAssert.AreEqual(Bits(expected), Bits(actual), $"{name}: {width}-bit pair lanes against the scalar tile");
    }

    /// <summary>A channel of zeros (a dead ReLU) gives sums of exactly +0, which the padding cannot change: the kernel
    /// keeps them (no tile run), with the tiles' bits. Data small enough to underflow makes the same sums suspect: then
    /// the kernel declines.</summary>
    [TestMethod]
    public void DeadChannelsKeepThePairLanesAndUnderflowsDoNot()
    {
        long[] valueShape = [1, 33, 17, 3], filterShape = [2, 4, 5, 3];
        var g = Geometry(valueShape, filterShape, 3, 3, Padding.Same);
        long[] outputShape = [g.Batch, g.OutputHeight, g.OutputWidth, g.OutputChannels];
        float[] x = Normals(TestData.Count(valueShape), 241), dy = Normals(TestData.Count(outputShape), 242);
        for (int p = 0; p < x.Length; p += 3)
        {
            x[p + 1] = 0; // input channel 1 dead
        }

        float[] expected = TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(x, valueShape), TestData.Span(dy, outputShape), filterShape, [1, 1], Padding.Same, [3, 3], new ConvolutionOptions { Kernel = KernelVariant.Scalar }));
        Assert.IsTrue(expected.Any(v => BitConverter.SingleToInt32Bits(v) == 0), "the dead channel sums to +0");
        (bool ran, float[] actual) = Direct.Run(512, g, x, dy, threads: 1);
        Assert.IsTrue(ran, "a dead channel keeps the pair lanes");
        CollectionAssert.AreEqual(Bits(expected), Bits(actual), "dead channel: pair lanes against the scalar tile");

        x[0] = 1e-30f; // one tiny value: its products with the gradient (at least ~1e-4 here) do not underflow
        Assert.IsTrue(Direct.Run(512, g, x, dy, threads: 1).Ran, "a tiny value alone keeps the pair lanes");
        dy[0] = 1e-30f; // and a tiny gradient element: 1e-30 · 1e-30 can underflow
        Assert.IsFalse(Direct.Run(512, g, x, dy, threads: 1).Ran, "+0 sums with underflowing data are left to the tiles");
    }

    private static Conv2DTransposeGeometry Geometry(long[] valueShape, long[] filterShape, int dilationHeight, int dilationWidth, Padding padding) =>
        Conv2DTransposeGeometry.Create(valueShape, filterShape, ReferenceRuns.DilatedOutputShape(valueShape, filterShape, dilationHeight, dilationWidth, padding), 1, 1, dilationHeight, dilationWidth, padding);

    /// <summary>The float32 kernel of one width, called directly on pinned copies.</summary>
    private static unsafe class Direct
    {
        public static bool Suits(int width, Conv2DTransposeGeometry g) => width switch
        {
            128 => PairLaneFilterGradient<float, SingleMulAdd, Vector128<float>, Width128<float, SingleMulAdd>>.Suits(g),
            256 => PairLaneFilterGradient<float, SingleMulAdd, Vector256<float>, Width256<float, SingleMulAdd>>.Suits(g),
            _ => PairLaneFilterGradient<float, SingleMulAdd, Vector512<float>, Width512<float, SingleMulAdd>>.Suits(g),
        };

        public static (bool Ran, float[] Result) Run(int width, Conv2DTransposeGeometry g, float[] value, float[] gradOutput, int threads)
        {
            float[] result = new float[g.FilterElementCount];
            fixed (float* v = value, dy = gradOutput, df = result)
            {
                bool ran = width switch
                {
                    128 => PairLaneFilterGradient<float, SingleMulAdd, Vector128<float>, Width128<float, SingleMulAdd>>.TryRun(g, v, dy, df, threads),
                    256 => PairLaneFilterGradient<float, SingleMulAdd, Vector256<float>, Width256<float, SingleMulAdd>>.TryRun(g, v, dy, df, threads),
                    _ => PairLaneFilterGradient<float, SingleMulAdd, Vector512<float>, Width512<float, SingleMulAdd>>.TryRun(g, v, dy, df, threads),
                };
                return (ran, result);
            }
        }
    }

    private static float[] Normals(long count, int seed) => Array.ConvertAll(TestData.Normals(count, seed), v => (float)v);

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
