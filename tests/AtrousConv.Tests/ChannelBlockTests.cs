using System.Runtime.Intrinsics;
using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The split of result channels between a kernel's lead tile (4 rows × 3 vectors on 16-register widths) and its main
/// tile (<see cref="ChannelBlocks"/>): the choice, the layout the packer and the row loop share, and the convolutions
/// on channel counts that take lead blocks, on every variant.
/// </summary>
[TestClass]
public sealed class ChannelBlockTests
{
    /// <summary>(outputs, lead width, lead block cost, tail width, tail block cost) and the expected lead and tail blocks.</summary>
    public static IEnumerable<object[]> Splits() =>
    [
        [256, 24, 1.5, 16, 1.02, 10L, 1L], // E on AVX2: 10 × 24 + 16, cheaper than 16 × 16 (16.32) and 11 × 24 (16.5)
        [32, 24, 1.5, 16, 1.0, 0L, 2L], // 24 + 16 (2.5) or 48 (3.0) cost more than 2 × 16
        [48, 24, 1.4, 16, 1.0, 2L, 0L], // 2 × 24 (2.8) beats 3 × 16 (3.0) and 24 + 2 × 16 (3.4)
        [16, 24, 1.0, 16, 1.0, 0L, 1L], // a tie keeps the main tile
        [100, 0, 0.0, 16, 1.0, 0L, 7L], // no lead tile
        [37, 12, 1.45, 8, 1.0, 2L, 2L], // x64 Vector128: 2 × 12 + 2 × 8 (4.9) beats 5 × 8 (5.0) and 3 × 12 + 8 (5.35)
    ];

    [TestMethod]
    [DynamicData(nameof(Splits))]
    public void CheapestSplitIsTheLeastCost(int outputs, int leadWidth, double leadCost, int width, double tailCost, long leadBlocks, long tailBlocks)
    {
        ChannelBlocks blocks = ChannelBlocks.Cheapest(outputs, leadWidth, leadCost, width, tailCost);
        Assert.AreEqual((leadBlocks, tailBlocks), (blocks.LeadBlocks, blocks.TailBlocks), $"{outputs} channels: {blocks}");
        Assert.IsTrue(blocks.PaddedOutputs >= outputs, $"{blocks} covers {blocks.PaddedOutputs} of {outputs} channels");
    }

    [TestMethod]
    public void BlocksCoverTheChannelsBackToBack()
    {
        var blocks = new ChannelBlocks(LeadWidth: 24, LeadBlocks: 3, Width: 16, TailBlocks: 2);
        long next = 0;
        for (long b = 0; b < blocks.Count; b++)
        {
            Assert.AreEqual(next, blocks.Start(b), $"block {b}");
            Assert.AreEqual(b < 3, blocks.IsLead(b), $"block {b}");
            Assert.AreEqual(b < 3 ? 24 : 16, blocks.WidthOf(b), $"block {b}");
            next += blocks.WidthOf(b);
        }

        Assert.AreEqual(next, blocks.PaddedOutputs);
        Assert.AreEqual(3 * 24 + 2 * 16, blocks.PaddedOutputs);
    }

    [TestMethod]
    public unsafe void PackerLaysOutEveryBlocksPanelInOrder()
    {
        // [tap][r][o] weights 1..n; blocks 2 × 5 + 2 × 3 over 14 channels (the last block two short).
        const int taps = 2, reduction = 3, outputs = 14;
        var blocks = new ChannelBlocks(LeadWidth: 5, LeadBlocks: 2, Width: 3, TailBlocks: 2);
        float[] filters = Enumerable.Range(1, taps * reduction * outputs).Select(v => (float)v).ToArray();
        float[] packed = new float[FilterPacker.PackedLength(taps, reduction, blocks)];
        fixed (float* f = filters, p = packed)
        {
            Assert.IsTrue(FilterPacker.Pack<float, float, SameType<float>>(f, taps, reduction, outputs, rStride: outputs, oStride: 1, blocks, p));
        }

        for (int tap = 0; tap < taps; tap++)
        {
            for (long b = 0; b < blocks.Count; b++)
            {
                int width = blocks.WidthOf(b);
                for (int r = 0; r < reduction; r++)
                {
                    for (int l = 0; l < width; l++)
                    {
                        long o = blocks.Start(b) + l;
                        float expected = o < outputs ? filters[(tap * reduction * outputs) + (r * outputs) + o] : 0f;
                        long at = (tap * reduction * blocks.PaddedOutputs) + (reduction * blocks.Start(b)) + (r * width) + l;
                        Assert.AreEqual(expected, packed[at], $"tap {tap} block {b} r {r} column {l}");
                    }
                }
            }
        }
    }

    [TestMethod]
    public void PlannerGivesLeadBlocksWhereTheyPay()
    {
        // Shape E on AVX2: 256 channels as 10 lead blocks of 24 and one tail block of 16 (56-pixel rows are 14 lead
        // tiles, against 8 full and 2 short main tiles).
        Assert.AreEqual((10L, 1L), Split(Geometry(1, 6, 56, 8, 256, 3, 2)), "E-like, 256 channels");

        // 32 channels: a lead block would pad 24 + 8 to 24 + 16, so two main blocks stay.
        Assert.AreEqual((0L, 2L), Split(Geometry(1, 6, 56, 8, 32, 3, 2)), "32 channels");

        // The 32-register widths have no lead tile.
        var g = Geometry(1, 6, 56, 8, 256, 3, 2);
        var wide512 = DirectConvolution<float, float, SameType<float>, TileWide<float, Vector512<float>, Width512<float, SingleMulAdd>>>.Plan(g, ConvDirection.Transpose);
        Assert.IsNotNull(wide512);
        Assert.AreEqual(0L, wide512.Blocks.LeadBlocks, "Vector512");
    }

    /// <summary>Convolutions whose tiled Vector256 and x64 Vector128 plans both take lead blocks, with result channels
    /// the pixels-in-lanes kernel does not take (those of a random sweep over channel counts, row lengths, rates and
    /// filters that qualify), for the transposed op and its value gradient (the forward convolution, whose result
    /// channels are the input channels: large in half the candidates).</summary>
    public static IEnumerable<object[]> LeadCases()
    {
        var random = new Random(17);
        int id = 0;
        for (int candidate = 0; candidate < 600 && id < 40; candidate++)
        {
            int cout = random.Next(20, 110), w = random.Next(1, 60), rate = random.Next(1, 4), k = random.Next(1, 4);
            int h = random.Next(1, 4), cin = random.Next(2) == 0 ? random.Next(1, 7) : random.Next(24, 80);
            Padding padding = random.Next(3) == 0 ? Padding.Valid : Padding.Same;
            long[] valueShape = [1, h, w, cin], filterShape = [k, k, cout, cin];
            long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
            if (TakesLeadBlocks(valueShape, filterShape, outputShape, rate, padding, ConvDirection.Transpose))
            {
                yield return [$"lead#{id++} r{rate} k{k} {padding} 1x{h}x{w}x{cin}->{outputShape[2]}x{cout}", valueShape, filterShape, rate, padding];
            }
        }
    }

    public static IEnumerable<object[]> LeadRows() => Variants.Cross(LeadCases());

    [TestMethod]
    public void LeadCasesCoverEveryRowRemainderAndTheValueGradient()
    {
        // The lead tile has no short tile: a row whose length 4 does not divide ends in a tile moved back.
        var cases = LeadCases().ToList();
        long[] Output(object[] c) => Conv2DTransposeGeometry.InferAtrousOutputShape((long[])c[1], (long[])c[2], (int)c[3], (Padding)c[4]);
        Assert.IsTrue(cases.Count >= 20, $"{cases.Count} lead cases");
        CollectionAssert.AreEquivalent(new long[] { 0, 1, 2, 3 }, cases.Select(c => Output(c)[2] % 4).Distinct().ToArray(), "row lengths mod 4");
        int gradients = cases.Count(c => TakesLeadBlocks((long[])c[1], (long[])c[2], Output(c), (int)c[3], (Padding)c[4], ConvDirection.Adjoint));
        Assert.IsTrue(gradients >= 5, $"{gradients} lead cases whose value gradient takes lead blocks");
    }

    [TestMethod]
    [DynamicData(nameof(LeadRows))]
    public void LeadBlocksEqualReference(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        // Small integers: every float32 sum is exact, so every variant must give the reference's bits.
        var run = new LeadRun(valueShape, filterShape, rate, padding, (count, seed) => TestData.SmallIntegers(count, name.Length + seed));
        CollectionAssert.AreEqual(run.Transposed(KernelVariant.Reference), run.Transposed(variant), $"{name}: {variant} differs from the reference");
        CollectionAssert.AreEqual(run.ValueGradient(KernelVariant.Reference), run.ValueGradient(variant), $"{name}: {variant}'s value gradient differs from the reference");
    }

    [TestMethod]
    [DynamicData(nameof(LeadRows))]
    public void LeadBlocksGiveTheScalarKernelsBits(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        // Random normals round at every step, so only the same order of operations gives the same bits; the scalar
        // kernel has no lead tile.
        var run = new LeadRun(valueShape, filterShape, rate, padding, (count, seed) => Array.ConvertAll(TestData.Normals(count, name.Length + seed), v => (float)v));
        CollectionAssert.AreEqual(run.Transposed(KernelVariant.Scalar), run.Transposed(variant), $"{name}: {variant}");
        CollectionAssert.AreEqual(run.ValueGradient(KernelVariant.Scalar), run.ValueGradient(variant), $"{name}: {variant}'s value gradient");
    }

    /// <summary>Whether the direction's result channels reach the tiled kernel (not pixels in lanes) and its plan
    /// takes lead blocks, on Vector256 and (on x64, where it has the lead tile) Vector128.</summary>
    private static bool TakesLeadBlocks(long[] valueShape, long[] filterShape, long[] outputShape, int rate, Padding padding, ConvDirection direction)
    {
        var g = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, outputShape, rate, padding);
        long results = direction == ConvDirection.Transpose ? g.OutputChannels : g.InputChannels;
        bool wide = !PixelLaneConvolution<float, float, SameType<float>, Vector256<float>, Width256<float, SingleMulAdd>>.Suits(results)
            && (DirectConvolution<float, float, SameType<float>, TileWide<float, Vector256<float>, Width256<float, SingleMulAdd>>>.Plan(g, direction)?.Blocks.LeadBlocks ?? 0) > 0;
        bool narrow = System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported
            || (!PixelLaneConvolution<float, float, SameType<float>, Vector128<float>, Width128<float, SingleMulAdd>>.Suits(results)
                && (DirectConvolution<float, float, SameType<float>, TileWide<float, Vector128<float>, Width128<float, SingleMulAdd>>>.Plan(g, direction)?.Blocks.LeadBlocks ?? 0) > 0);
        return wide && narrow;
    }

    private static Conv2DTransposeGeometry Geometry(int n, int h, int w, int cin, int cout, int k, int rate)
    {
        long[] valueShape = [n, h, w, cin], filterShape = [k, k, cout, cin];
        return Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, Padding.Same), rate, Padding.Same);
    }

    private static (long Lead, long Tail) Split(Conv2DTransposeGeometry g)
    {
        var job = DirectConvolution<float, float, SameType<float>, TileWide<float, Vector256<float>, Width256<float, SingleMulAdd>>>.Plan(g, ConvDirection.Transpose);
        Assert.IsNotNull(job);
        return (job.Blocks.LeadBlocks, job.Blocks.TailBlocks);
    }

    /// <summary>One lead case's inputs (value, filters and upstream gradient from <c>fill(count, seed)</c>, seeds 1–3)
    /// and its two convolutions.</summary>
    private sealed class LeadRun(long[] valueShape, long[] filterShape, int rate, Padding padding, Func<long, int, float[]> fill)
    {
        private readonly long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        private readonly float[] value = fill(TestData.Count(valueShape), 1), filters = fill(TestData.Count(filterShape), 2);

        public float[] Transposed(KernelVariant kernel) => TestData.Flat(Convolution.AtrousConv2DTranspose(
            TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, rate, padding, new ConvolutionOptions { Kernel = kernel }));

        public float[] ValueGradient(KernelVariant kernel) => TestData.Flat(Convolution.Conv2DTransposeGradients(
            TestData.Span(value, valueShape), TestData.Span(filters, filterShape), TestData.Span(fill(TestData.Count(outputShape), 3), outputShape),
            [1, 1], padding, [rate, rate], new ConvolutionOptions { Kernel = kernel }).GradValue);
    }
}
