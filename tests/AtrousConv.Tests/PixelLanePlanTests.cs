using System.Runtime.Intrinsics;
using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The pixels-in-lanes kernel's plan (docs/kernel-design.md "Few result channels"): which layers it takes by the size of
/// its planar rows, and its zero margins, as wide as the widest tile a row can hold, on rows of every length around a
/// vector's, on every variant.
/// </summary>
[TestClass]
public sealed class PixelLanePlanTests
{
    /// <summary>(name, value shape, filter shape, rate) and whether the Vector512 pixels-in-lanes kernel takes the
    /// transposed op: its rows within 512 KB, or within 2 MB where the tiled kernel would use at most a quarter of its
    /// lanes (one channel: results of up to 4 take the 128-bit one-vector tile).</summary>
    public static IEnumerable<object[]> Budgets() =>
    [
        ["one channel from 512, 2 MB of rows: 1 of 16 tiled lanes", new long[] { 1, 32, 32, 512 }, new long[] { 3, 3, 1, 512 }, 4, true],
        ["2 channels from 512, 2 MB of rows: 2 of the 128-bit tile's 4", new long[] { 1, 32, 32, 512 }, new long[] { 3, 3, 2, 512 }, 4, false],
        ["5 channels from 512, 2 MB of rows: 5 of 16", new long[] { 1, 32, 32, 512 }, new long[] { 3, 3, 5, 512 }, 4, false],
        ["21 classes from 256, 983 KB of rows: 21 of 32", new long[] { 1, 64, 64, 256 }, new long[] { 3, 3, 21, 256 }, 2, false],
        ["21 classes from 64, 246 KB of rows", new long[] { 1, 64, 64, 64 }, new long[] { 3, 3, 21, 64 }, 2, true],
        ["one channel from 512, rows past 2 MB", new long[] { 1, 32, 256, 512 }, new long[] { 3, 3, 1, 512 }, 4, false],
    ];

    [TestMethod]
    [DynamicData(nameof(Budgets))]
    public void LanesTakeTheLayersTheirRowsFit(string name, long[] valueShape, long[] filterShape, int rate, bool expected)
    {
        var g = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, Padding.Same), rate, Padding.Same);
        var job = PixelLaneConvolution<float, float, SameType<float>, Vector512<float>, Width512<float, SingleMulAdd>>.Plan(g, ConvDirection.Transpose);
        Assert.AreEqual(expected, job is not null, name);
    }

    /// <summary>One or two result channels (a depth map, a mask) and 3 in the value gradient, on rows from one pixel
    /// to past two 16-lane vectors, with dilated taps that shift a tile's reads across the row's ends; input channels
    /// under and over 8 for the planar copy's transposed blocks.</summary>
    public static IEnumerable<object[]> Rows()
    {
        foreach (int width in new[] { 1, 5, 8, 9, 16, 17, 31, 33, 40 })
        {
            foreach (var padding in new[] { Padding.Same, Padding.Valid })
            {
                int cout = 1 + (width % 2);
                yield return [$"1x3x{width}x3->{cout} r3 {padding}", new long[] { 1, 3, width, 3 }, new long[] { 3, 3, cout, 3 }, 3, padding];
            }
        }

        // Under 8 input channels the planar copy's blocks load past their pixels: rows around a block's 8 pixels, and
        // the tensor's last row, where the loads must stop short of its end.
        foreach (int width in new[] { 3, 8, 9, 11, 16, 17, 24 })
        {
            foreach (int cin in new[] { 1, 2, 5, 7 })
            {
                yield return [$"1x2x{width}x{cin}->2 r2 Same", new long[] { 1, 2, width, cin }, new long[] { 3, 3, 2, cin }, 2, Padding.Same];
            }
        }

        // Input channels that the planar copy's 8 × 8 blocks take, with a tail of channels and of pixels.
        foreach (int width in new[] { 7, 8, 9, 15 })
        {
            foreach (int cin in new[] { 8, 13, 17 })
            {
                yield return [$"1x2x{width}x{cin}->1 r2 Same", new long[] { 1, 2, width, cin }, new long[] { 3, 3, 1, cin }, 2, Padding.Same];
            }
        }
    }

    public static IEnumerable<object[]> RowsByVariant() => Variants.Cross(Rows());

    [TestMethod]
    [DynamicData(nameof(RowsByVariant))]
    public void NarrowMarginsGiveTheReferencesResult(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        // Small integers: every float32 sum is exact. Random planes beside each margin: a read past it would add them.
        float[] value = TestData.SmallIntegers(TestData.Count(valueShape), 1), filters = TestData.SmallIntegers(TestData.Count(filterShape), 2);
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        float[] upstream = TestData.SmallIntegers(TestData.Count(outputShape), 3);
        (float[] Result, float[] Gradient) Run(KernelVariant kernel)
        {
            var options = new ConvolutionOptions { Kernel = kernel };
            var result = Convolution.AtrousConv2DTranspose(TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, rate, padding, options);
            var gradients = Convolution.Conv2DTransposeGradients(TestData.Span(value, valueShape), TestData.Span(filters, filterShape), TestData.Span(upstream, outputShape), [1, 1], padding, [rate, rate], options);
            return (TestData.Flat(result), TestData.Flat(gradients.GradValue));
        }

        var expected = Run(KernelVariant.Reference);
        var actual = Run(variant);
        CollectionAssert.AreEqual(expected.Result, actual.Result, $"{name}: {variant}");
        CollectionAssert.AreEqual(expected.Gradient, actual.Gradient, $"{name}: {variant}'s value gradient");
    }
}
