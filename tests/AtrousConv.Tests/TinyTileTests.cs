using System.Runtime.Intrinsics;
using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The wide tile's tiny height (4 rows where the short one is 8: AVX-512, ARM64; docs/kernel-design.md "Tiles per
/// width"): layers whose rows the 512-bit plan ends with tiny tiles (a tap's reach ending 4 pixels into a row, with
/// enough channels that the padding products outweigh a tile's set-up), their results bitwise the reference's on
/// every variant, in both directions and at one and two threads.
/// </summary>
[TestClass]
public sealed class TinyTileTests
{
    /// <summary>(name, value shape, filter shape, rate, padding): C's row (VALID, rate 2: 36 pixels, taps reaching
    /// [2j, 32 + 2j)), a batch, a large rate on a small map, results of a channel block and a half.</summary>
    public static IEnumerable<object[]> Layers() =>
    [
        ["C's rows, 64 channels", new long[] { 1, 5, 32, 64 }, new long[] { 3, 3, 32, 64 }, 2, Padding.Valid],
        ["batch of 3, 48 results", new long[] { 3, 4, 20, 96 }, new long[] { 3, 3, 48, 96 }, 2, Padding.Valid],
        ["rate 6 on a 16-pixel map", new long[] { 1, 3, 16, 128 }, new long[] { 3, 3, 32, 128 }, 6, Padding.Same],
    ];

    public static IEnumerable<object[]> LayersByVariant() => Variants.Cross(Layers());

    [TestMethod]
    [DynamicData(nameof(LayersByVariant))]
    public void TinyTilesGiveTheReferencesResult(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        var g = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, outputShape, rate, padding);
        var job = DirectConvolution<float, float, SameType<float>, TileWide<float, Vector512<float>, Width512<float, SingleMulAdd>>>.Plan(g, ConvDirection.Transpose);
        Assert.IsNotNull(job, name);
        Assert.IsTrue(job.MainPlan.Tiles(0).ToArray().Any(t => t.Rows == Width512<float, SingleMulAdd>.TinyWideRows), $"{name}: the 512-bit plan has a tiny tile");

        ReferenceRuns.AssertTransposeAndValueGradient(name, valueShape, filterShape, rate, padding, variant);
    }
}
