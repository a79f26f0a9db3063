using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The pixels-in-lanes kernel's flattened-image mode (docs/kernel-design.md "Per-call cost"): which layers take it,
/// and its results, bitwise the reference's on every variant, in both directions (the value gradient is the forward
/// direction), for images whose taps reach past every edge, results of one to eight channels (two tile blocks), batches
/// whose work items span images, and two threads that each read part of one image.
/// </summary>
[TestClass]
public sealed class PixelLaneFlatTests
{
    /// <summary>(name, value shape, filter shape, rate, padding) and whether the 256-bit kernel flattens the
    /// transposed op: short rows against a tile's lanes, not rows that fill whole vectors or that few row taps reach.</summary>
    public static IEnumerable<object[]> Plans() =>
    [
        ["F: 17-pixel rows, 5 channels", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 3, Padding.Same, true],
        ["9 x 9 maps, VALID", new long[] { 8, 9, 9, 8 }, new long[] { 3, 3, 3, 8 }, 2, Padding.Valid, true],
        ["64-pixel rows: whole vectors", new long[] { 1, 64, 64, 32 }, new long[] { 3, 3, 3, 32 }, 2, Padding.Same, false],
        ["32-pixel rows of one channel: 2 sums per row tile, 8 when flattened", new long[] { 4, 32, 32, 16 }, new long[] { 3, 3, 1, 16 }, 2, Padding.Same, true],
        ["VALID rate 3 on 5 rows: the row mode's rows meet one or two row taps", new long[] { 3, 5, 17, 5 }, new long[] { 3, 2, 2, 5 }, 3, Padding.Valid, false],
    ];

    [TestMethod]
    [DynamicData(nameof(Plans))]
    public void ShortRowsAreFlattened(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, bool expected)
    {
        var job = Plan(valueShape, filterShape, rate, padding);
        Assert.IsNotNull(job, name);
        Assert.AreEqual(expected, job.Flattened, name);
    }

    /// <summary>(name, value shape, filter shape, result shape, dilations): layers where no tap of one axis reaches the
    /// image, so every sum is zero. The flattened mode would still tile every lane of a pitch as wide as the taps'
    /// shift (found in review: 20,000 one-pixel maps at a width dilation of 2^18 ran 297–379 ms a call flattened, 0.67 ms
    /// not, one thread on a Zen 4);
    /// the row mode writes the zeros.</summary>
    public static IEnumerable<object[]> Unreached() =>
    [
        ["rate 2 on a one-pixel-wide map", new long[] { 1, 4, 1, 3 }, new long[] { 2, 2, 1, 3 }, new long[] { 1, 4, 1, 1 }, 2L, 2L],
        ["width dilation 2^18 on 20,000 one-pixel maps", new long[] { 20000, 1, 1, 1 }, new long[] { 1, 2, 1, 1 }, new long[] { 20000, 1, 1, 1 }, 1L, 1L << 18],
    ];

    [TestMethod]
    [DynamicData(nameof(Unreached))]
    public void LayersThatNoTapReachesAreNotFlattened(string name, long[] valueShape, long[] filterShape, long[] outputShape, long dilationHeight, long dilationWidth)
    {
        var g = Conv2DTransposeGeometry.Create(valueShape, filterShape, outputShape, 1, 1, dilationHeight, dilationWidth, Padding.Same);
        var job = PixelLaneConvolution<float, float, SameType<float>, Vector256<float>, Width256<float, SingleMulAdd>>.Plan(g, ConvDirection.Transpose);
        Assert.IsNotNull(job, name);
        Assert.IsFalse(job.Flattened, name);
    }

    /// <summary>Flattened layers: widths under, at and past a vector, rates that reach past every edge, 1–8 result
    /// channels, 1, 3, 8 and 13 input channels, and batches.</summary>
    public static IEnumerable<object[]> Layers()
    {
        foreach (int width in new[] { 1, 3, 7, 9, 17 })
        {
            foreach (var padding in new[] { Padding.Same, Padding.Valid })
            {
                foreach (int rate in new[] { 1, 2 })
                {
                    if (width == 1 && rate > 1 && padding == Padding.Same)
                    {
                        continue; // no column tap reaches a one-pixel SAME row at rate 2: Unreached
                    }

                    int cout = width == 17 ? 5 : 1 + (width % 8), cin = width == 17 ? 3 : 1 + (width % 13);
                    int batch = 1 + (width % 3);
                    yield return [$"{batch}x9x{width}x{cin}->{cout} 3x2 r{rate} {padding}", new long[] { batch, 9, width, cin }, new long[] { 3, 2, cout, cin }, rate, padding];
                }
            }
        }

        yield return ["F", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 3, Padding.Same];
        yield return ["8 channels in, 7 out: two tile blocks", new long[] { 2, 6, 11, 8 }, new long[] { 3, 3, 7, 8 }, 2, Padding.Same];
        yield return ["rate past the map", new long[] { 1, 4, 5, 3 }, new long[] { 3, 3, 2, 3 }, 6, Padding.Same];

        // Past 2^21 multiply-adds two threads share the call (ParallelRanges): chunks of one image, and chunks that span images.
        yield return ["two threads in one image", new long[] { 1, 40, 41, 64 }, new long[] { 3, 3, 5, 64 }, 2, Padding.Same];
        yield return ["two threads over 16 images", new long[] { 16, 20, 21, 8 }, new long[] { 3, 3, 5, 8 }, 2, Padding.Same];
    }

    public static IEnumerable<object[]> LayersByVariant() => Variants.Cross(Layers());

    [TestMethod]
    [DynamicData(nameof(LayersByVariant))]
    public void FlattenedLayersGiveTheReferencesResult(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        Assert.IsTrue(Plan(valueShape, filterShape, rate, padding)?.Flattened ?? false, $"{name}: the 256-bit kernel flattens it");

        ReferenceRuns.AssertTransposeAndValueGradient(name, valueShape, filterShape, rate, padding, variant);
    }

    /// <summary>(name, value shape, filter shape, height and width dilations, padding): flattened layers whose two axes
    /// have dilations of their own (conv2d_transpose), so the pitch and the rows of zeros come from different reaches.</summary>
    public static IEnumerable<object[]> Dilated() =>
    [
        ["height 1, width 3", new long[] { 2, 7, 9, 3 }, new long[] { 3, 3, 2, 3 }, 1, 3, Padding.Same],
        ["height 4, width 1", new long[] { 1, 9, 6, 5 }, new long[] { 3, 2, 3, 5 }, 4, 1, Padding.Same],
        ["height 2, width 5, VALID", new long[] { 1, 14, 4, 2 }, new long[] { 2, 3, 4, 2 }, 2, 5, Padding.Valid],
    ];

    public static IEnumerable<object[]> DilatedByVariant() => Variants.Cross(Dilated());

    [TestMethod]
    [DynamicData(nameof(DilatedByVariant))]
    public void FlattenedLayersWithTwoDilationsGiveTheReferencesResult(string name, long[] valueShape, long[] filterShape, int dilationHeight, int dilationWidth, Padding padding, KernelVariant variant)
    {
        long[] outputShape = ReferenceRuns.DilatedOutputShape(valueShape, filterShape, dilationHeight, dilationWidth, padding);
        var g = Conv2DTransposeGeometry.Create(valueShape, filterShape, outputShape, 1, 1, dilationHeight, dilationWidth, padding);
        Assert.IsTrue(PixelLaneConvolution<float, float, SameType<float>, Vector256<float>, Width256<float, SingleMulAdd>>.Plan(g, ConvDirection.Transpose)?.Flattened ?? false, $"{name}: the 256-bit kernel flattens it");
        ReferenceRuns.AssertDilatedTransposeAndValueGradient(name, valueShape, filterShape, dilationHeight, dilationWidth, padding, variant);
    }

    /// <summary>The job keeps its plan while the geometry instance and the direction stay the same (the span overloads
    /// get one instance per layer from the geometry memo, and the gradients' value gradient plans the forward direction
    /// of that same instance): calls that alternate layers and directions, each round on new data, give the
    /// reference's results (a plan kept across a change of layer or direction fails all four).</summary>
    [TestMethod]
    [DynamicData(nameof(AlternatingVariants))]
    public void PlansFollowTheLayerAndDirection(KernelVariant variant)
    {
        (long[] Value, long[] Filter, int Rate, Padding Padding)[] layers = [([1, 33, 17, 3], [2, 4, 5, 3], 3, Padding.Same), ([3, 5, 17, 5], [3, 2, 2, 5], 3, Padding.Valid)];
        Assert.IsTrue(Plan(layers[0].Value, layers[0].Filter, 3, Padding.Same)?.Flattened ?? false, "F is flattened");
        Assert.IsFalse(Plan(layers[1].Value, layers[1].Filter, 3, Padding.Valid)?.Flattened ?? true, "the 5-row VALID layer is not");
        for (int round = 0; round < 3; round++)
        {
            foreach (var (valueShape, filterShape, rate, padding) in layers)
            {
                long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
                float[] x = TestData.SmallIntegers(TestData.Count(valueShape), 300 + round), w = TestData.SmallIntegers(TestData.Count(filterShape), 310 + round);
                float[] g = TestData.SmallIntegers(TestData.Count(outputShape), 320 + round);
                (float[] y, float[] gv) expected = Run(KernelVariant.Reference), actual = Run(variant);
                string name = $"{string.Join("x", valueShape)}, round {round}, {variant}";
                CollectionAssert.AreEqual(expected.y, actual.y, $"{name}: atrous_conv2d_transpose");
                CollectionAssert.AreEqual(expected.gv, actual.gv, $"{name}: value gradient");

                (float[], float[]) Run(KernelVariant kernel)
                {
                    var options = new ConvolutionOptions { Kernel = kernel };
                    float[] y = new float[TestData.Count(outputShape)], gv = new float[x.Length], gf = new float[w.Length];
                    var ys = new TensorSpan<float>(y, Array.ConvertAll(outputShape, d => (nint)d));
                    Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), ys, rate, padding, options);
                    var gvs = new TensorSpan<float>(gv, Array.ConvertAll(valueShape, d => (nint)d));
                    var gfs = new TensorSpan<float>(gf, Array.ConvertAll(filterShape, d => (nint)d));
                    Convolution.AtrousConv2DTransposeGradients(TestData.Span(x, valueShape), TestData.Span(w, filterShape), TestData.Span(g, outputShape), gvs, gfs, rate, padding, options);
                    return (y, gv);
                }
            }
        }
    }

    public static IEnumerable<object[]> AlternatingVariants() => Variants.Fast.Select(v => new object[] { v });

    private static PixelLaneConvolution<float, float, SameType<float>, Vector256<float>, Width256<float, SingleMulAdd>>.Job? Plan(long[] valueShape, long[] filterShape, int rate, Padding padding)
    {
        var g = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding), rate, padding);
        return PixelLaneConvolution<float, float, SameType<float>, Vector256<float>, Width256<float, SingleMulAdd>>.Plan(g, ConvDirection.Transpose);
    }
}
