using System.Runtime.Intrinsics;
using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// Consecutive result rows that visit each channel block together (docs/kernel-design.md "Blocking"): how many the
/// planner takes, and convolutions whose rows are cut into visits (of several channel blocks, cut again where threads
/// split the rows, in both directions and with strides), on every variant.
/// </summary>
[TestClass]
public sealed class RowVisitTests
{
    /// <summary>(name, value shape, filter shape, rate) and the rows per visit of the Vector512 plan: 8 unless the
    /// input rows the visit reads (its row slots) would outgrow the padded rows' 1 MB budget or 256 slots.</summary>
    public static IEnumerable<object[]> Budgets() =>
    [
        ["E, 61 KB rows", new long[] { 4, 56, 56, 256 }, new long[] { 3, 3, 256, 256 }, 2, 8L],
        ["100 KB rows: 5 + 5 slots fit, 6 + 5 do not", new long[] { 1, 4, 96, 256 }, new long[] { 3, 3, 256, 256 }, 2, 5L],
        ["225 KB rows: 1 + 3 slots fit, 2 + 3 do not", new long[] { 1, 4, 108, 512 }, new long[] { 3, 3, 64, 512 }, 1, 1L],
        ["a 251-row dilated filter: 5 + 251 slots, the most that are kept", new long[] { 1, 3, 8, 4 }, new long[] { 2, 1, 8, 4 }, 250, 5L],
    ];

    [TestMethod]
    [DynamicData(nameof(Budgets))]
    public void VisitsTakeAsManyRowsAsTheBudgetAllows(string name, long[] valueShape, long[] filterShape, int rate, long expected)
    {
        var g = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, Padding.Same), rate, Padding.Same);
        var job = DirectConvolution<float, float, SameType<float>, TileWide<float, Vector512<float>, Width512<float, SingleMulAdd>>>.Plan(g, ConvDirection.Transpose);
        Assert.IsNotNull(job, name);
        Assert.AreEqual(expected, job.RowsPerVisit, name);
    }

    [TestMethod]
    public void ForwardVisitsCountTheStride()
    {
        // The value gradient of a stride-2 op is a forward convolution whose result rows step 2 input rows apart: with
        // 3 × 3 taps R rows read 2R + 1 input rows, RowSlots(R) = 2R + 2 (R + 3 if the stride were left out). Its input
        // rows are 73 padded pixels of the upstream gradient's channels: 256 channels (74,752 bytes) fit 14 slots in
        // 1 MB, so 6 rows (not 8); 512 (149,504 bytes) fit 7, so 2 rows (not 4); 32 fit all 8.
        foreach (var (channels, expected) in new[] { (32L, 8L), (256L, 6L), (512L, 2L) })
        {
            long[] valueShape = [1, 8, 36, 16], filterShape = [3, 3, channels, 16], outputShape = [1, 16, 72, channels];
            var g = Conv2DTransposeGeometry.Create(valueShape, filterShape, outputShape, 2, 2, 1, 1, Padding.Same);
            var job = DirectConvolution<float, float, SameType<float>, TileWide<float, Vector512<float>, Width512<float, SingleMulAdd>>>.Plan(g, ConvDirection.Adjoint);
            Assert.IsNotNull(job, $"{channels} channels");
            Assert.AreEqual(expected, job.RowsPerVisit, $"{channels} channels");
        }
    }

    /// <summary>Convolutions of several channel blocks on every width (64 result channels: tiled, not pixels in lanes)
    /// whose rows are not a multiple of a visit, large enough that two threads split them. The planner keeps at least 8
    /// work items per processor, so the rows grow with the processor count: with fewer, each item would hold one block
    /// and no visit would cross blocks (<see cref="CasesHoldSeveralBlocksPerItem"/>).</summary>
    public static IEnumerable<object[]> Cases() => Variants.Cross(Shapes());

    private static IEnumerable<object[]> Shapes()
    {
        int rows = 8 * Environment.ProcessorCount;
        yield return [$"{rows + 1} rows, rate 2", new long[] { 1, rows + 1, 20, 32 }, new long[] { 3, 3, 64, 32 }, new[] { 1, 1 }, new[] { 2, 2 }];
        yield return [$"2 images of {(rows / 2) + 3} rows, rate 3", new long[] { 2, (rows / 2) + 3, 17, 24 }, new long[] { 3, 3, 64, 24 }, new[] { 1, 1 }, new[] { 3, 3 }];
        yield return ["stride 2 (the value gradient's rows step by 2)", new long[] { 1, rows, 15, 64 }, new long[] { 3, 3, 64, 64 }, new[] { 2, 2 }, new[] { 1, 1 }];
    }

    [TestMethod]
    public void CasesHoldSeveralBlocksPerItem()
    {
        foreach (object[] c in Shapes())
        {
            long[] valueShape = (long[])c[1], filterShape = (long[])c[2];
            int[] strides = (int[])c[3], dilations = (int[])c[4];
            long[] outputShape = [valueShape[0], valueShape[1] * strides[0], valueShape[2] * strides[1], filterShape[2]];
            var g = Conv2DTransposeGeometry.Create(valueShape, filterShape, outputShape, strides[0], strides[1], dilations[0], dilations[1], Padding.Same);
            var job = DirectConvolution<float, float, SameType<float>, TileWide<float, Vector512<float>, Width512<float, SingleMulAdd>>>.Plan(g, ConvDirection.Transpose);
            Assert.IsNotNull(job, (string)c[0]);
            Assert.AreEqual(2L, job.BlocksPerItem, $"{c[0]}: Vector512's two 32-channel blocks in one item");
            Assert.IsTrue(job.RowsPerVisit > 1, $"{c[0]}: {job.RowsPerVisit} rows per visit");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void VisitsGiveTheReferencesResult(string name, long[] valueShape, long[] filterShape, int[] strides, int[] dilations, KernelVariant variant)
    {
        long[] outputShape = [valueShape[0], valueShape[1] * strides[0], valueShape[2] * strides[1], filterShape[2]];
        ReferenceRuns.AssertConv2DTransposeAndValueGradient(name, valueShape, filterShape, outputShape, strides, dilations, Padding.Same, variant);
    }
}
