using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// Issue 11's kernel-side rows: huge filters and images must compute within bounded memory, non-finite values must
/// propagate as TensorFlow's definition says (taps outside the image add nothing) identically in every variant, the
/// filter gradient must give the same bits in every variant, and workers never outnumber the processors. Serial: the
/// memory checks read the process's allocation counter.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class KernelHostileTests
{
    /// <summary>"No call allocates more than 64 MB beyond its operands and results" (issue 11).</summary>
    private const long AllocationBudgetBytes = 64L << 20;

    public static IEnumerable<object[]> ThreadCounts() => [[1], [2], [int.MaxValue]];

    public static IEnumerable<object[]> FastVariants() => Variants.Fast.Select(v => new object[] { v });

    /// <summary>Row 4: a million-tap float64 filter over a 2-pixel image: the tiled path's lists and packed filters
    /// would take gigabytes, so the direct sum computes it, equal to the reference, in bounded memory.</summary>
    [TestMethod]
    [DynamicData(nameof(ThreadCounts))]
    public void HugeFilterComputesInBoundedMemory(int threads)
    {
        long[] valueShape = [1, 2, 1, 40], filterShape = [1000, 1000, 1, 40], outputShape = [1, 2, 1, 1];
        double[] x = TestData.Normals(TestData.Count(valueShape), 1), w = TestData.Normals(TestData.Count(filterShape), 2);
        double[] expected = Run(KernelVariant.Reference, threads);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        double[] actual = Run(KernelVariant.Auto, threads);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.IsTrue(allocated <= AllocationBudgetBytes, $"allocated {allocated:N0} bytes");
        Assert.IsTrue(Tolerances.RelativeError(actual, expected) <= Tolerances.Float64, $"{string.Join(", ", actual)} vs {string.Join(", ", expected)}");

        double[] Run(KernelVariant variant, int t)
        {
            var result = new double[TestData.Count(outputShape)];
            Convolution.AtrousConv2DTranspose(
                TestData.Span(x, valueShape), TestData.Span(w, filterShape), new System.Numerics.Tensors.TensorSpan<double>(result, [1, 2, 1, 1]), 1, Padding.Same,
                new ConvolutionOptions { Kernel = variant, MaxDegreeOfParallelism = t });
            return result;
        }
    }

    /// <summary>Row 6: the filter gradient over a 32-Mpixel, one-channel image allocates no copy of it; with ones
    /// the exact sum 2^25 is reached only if the float32 sum is grouped (one chain stalls at 2^24).</summary>
    [TestMethod]
    [DynamicData(nameof(ThreadCounts))]
    public void FilterGradientOfAHugeImageIsBoundedAndExact(int threads)
    {
        long[] shape = [1, 4096, 8192, 1];
        float[] ones = new float[TestData.Count(shape)];
        Array.Fill(ones, 1f);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var gf = Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(ones, shape), TestData.Span(ones, shape), [1, 1, 1, 1], [1, 1], Padding.Same, default, new ConvolutionOptions { MaxDegreeOfParallelism = threads });
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.IsTrue(allocated <= AllocationBudgetBytes, $"allocated {allocated:N0} bytes");
        Assert.AreEqual(33554432f, TestData.Flat(gf)[0]);
    }

    /// <summary>Row 7 (workspace side): an empty value of 2^24 or 2^27 rows needs no per-row lists.</summary>
    [TestMethod]
    [DataRow(1L << 24)]
    [DataRow(1L << 27)]
    public void FilterGradientOfAnEmptyTallImageAllocatesNothingLarge(long rows)
    {
        long[] shape = [1, rows, 0, 1];
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var gf = Convolution.Conv2DTransposeFilterGradient(TestData.Span(Array.Empty<float>(), shape), TestData.Span(Array.Empty<float>(), shape), [1, 1, 1, 1], [1, 1], Padding.Same);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.IsTrue(allocated <= AllocationBudgetBytes, $"allocated {allocated:N0} bytes");
        Assert.AreEqual(0f, TestData.Flat(gf)[0]);
    }

    public static IEnumerable<object[]> NonFiniteCases()
    {
        foreach (Padding padding in new[] { Padding.Same, Padding.Valid })
        {
            foreach ((string name, float special, bool inFilters) in new[] { ("+Inf filter", float.PositiveInfinity, true), ("NaN filter", float.NaN, true), ("-Inf value", float.NegativeInfinity, false), ("NaN value", float.NaN, false) })
            {
                foreach (KernelVariant variant in Variants.Fast)
                {
                    yield return [$"{name} {padding}", special, inFilters, padding, variant];
                }
            }
        }
    }

    /// <summary>
    /// Row 9: a non-finite filter tap reaches exactly the result pixels whose tap lands inside the image (Inf·0 never
    /// happens: TensorFlow adds nothing for taps outside), and a non-finite value pixel reaches every result pixel a
    /// tap links it to. Every variant, at 1 and 2 threads, equals the reference (NaN where the reference has NaN)
    /// and gives Scalar's bits.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(NonFiniteCases))]
    public void NonFiniteValuesPropagateAsTheDefinitionSays(string name, float special, bool inFilters, Padding padding, KernelVariant variant)
    {
        long[] valueShape = [1, 6, 6, 2], filterShape = [3, 3, 3, 2];
        float[] x = TestData.SmallIntegers(TestData.Count(valueShape), 5), w = TestData.SmallIntegers(TestData.Count(filterShape), 6);
        (inFilters ? w : x)[0] = special;
        float[] expected = Run(KernelVariant.Reference, 1), scalar = Run(KernelVariant.Scalar, 1);
        CollectionAssert.AreEqual(expected, scalar, $"{name}: Scalar vs the reference");
        foreach (int threads in new[] { 1, 2 })
        {
            float[] actual = Run(variant, threads);
            CollectionAssert.AreEqual(expected, actual, $"{name}: {variant} at {threads} threads vs the reference");
            CollectionAssert.AreEqual(Bits(scalar), Bits(actual), $"{name}: {variant} at {threads} threads vs Scalar's bits");
        }

        float[] Run(KernelVariant v, int threads) => TestData.Flat(Convolution.AtrousConv2DTranspose(
            TestData.Span(x, valueShape), TestData.Span(w, filterShape), 2, padding, new ConvolutionOptions { Kernel = v, MaxDegreeOfParallelism = threads }));
    }

    public static IEnumerable<object[]> FilterGradientCases() => Variants.Cross(
    [
        ["row 10: [2,38,31,13] ⊛ [4,4,29,13] r2 SAME", new long[] { 2, 38, 31, 13 }, new long[] { 4, 4, 29, 13 }, 2, Padding.Same],
        ["few channels: [1,40,70,3] ⊛ [3,3,5,3] r3 SAME", new long[] { 1, 40, 70, 3 }, new long[] { 3, 3, 5, 3 }, 3, Padding.Same],
        ["one channel: [3,33,50,1] ⊛ [2,4,1,1] r2 VALID", new long[] { 3, 33, 50, 1 }, new long[] { 2, 4, 1, 1 }, 2, Padding.Valid],
        ["wide: [1,9,300,40] ⊛ [3,3,33,40] r1 SAME", new long[] { 1, 9, 300, 40 }, new long[] { 3, 3, 33, 40 }, 1, Padding.Same],

        // More blocks than one batch's accumulators hold on every variant (9 taps × 256/Mr × 256/Nr tiles), so the
        // value is streamed once per batch and a batch ends inside a tap.
        ["more blocks than a batch: [1,6,7,256] ⊛ [3,3,256,256] r2 SAME", new long[] { 1, 6, 7, 256 }, new long[] { 3, 3, 256, 256 }, 2, Padding.Same],

        // Short row blocks whose groups of 1,024 pixels are added into their running sums (2,500 in-range pixels a
        // tap): 13 channels are 6 + 4 + 4 rows (the last moved back one) with 6-row tiles, 8 + 8 (moved back three)
        // with 12-row ones; 16 are 6 + 6 + 4, and 8 + 8.
        ["short row blocks: [1,50,50,20] ⊛ [3,3,13,20] r2 SAME", new long[] { 1, 50, 50, 20 }, new long[] { 3, 3, 13, 20 }, 2, Padding.Same],
        ["short row blocks: [1,50,50,20] ⊛ [3,3,16,20] r2 SAME", new long[] { 1, 50, 50, 20 }, new long[] { 3, 3, 16, 20 }, 2, Padding.Same],
    ]);

    /// <summary>Row 10: on normal (inexact) data the filter gradient of every variant and thread count has Scalar's
    /// bits, and is within the float32 rule of the float64 reference.</summary>
    [TestMethod]
    [DynamicData(nameof(FilterGradientCases))]
    public void FilterGradientBitsDoNotDependOnTheVariant(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, KernelVariant variant)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        float[] x = Array.ConvertAll(TestData.Normals(TestData.Count(valueShape), 11), v => (float)v);
        float[] g = Array.ConvertAll(TestData.Normals(TestData.Count(outputShape), 12), v => (float)v);
        float[] scalar = Run(KernelVariant.Scalar, 1);
        foreach (int threads in new[] { 1, 2 })
        {
            CollectionAssert.AreEqual(Bits(scalar), Bits(Run(variant, threads)), $"{name}: {variant} at {threads} threads vs Scalar");
        }

        var exact = Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(Array.ConvertAll(x, v => (double)v), valueShape), TestData.Span(Array.ConvertAll(g, v => (double)v), outputShape), filterShape, [1, 1], padding, [rate, rate],
            new ConvolutionOptions { Kernel = KernelVariant.Reference });
        double err = Tolerances.RelativeError(Array.ConvertAll(scalar, v => (double)v), TestData.Flat(exact));
        Assert.IsTrue(err <= Tolerances.Float32, $"{name}: err/scale {err:E2}");

        float[] Run(KernelVariant v, int threads) => TestData.Flat(Convolution.Conv2DTransposeFilterGradient(
            TestData.Span(x, valueShape), TestData.Span(g, outputShape), filterShape, [1, 1], padding, [rate, rate], new ConvolutionOptions { Kernel = v, MaxDegreeOfParallelism = threads }));
    }

    /// <summary>
    /// Subnormal float32 weights count as zeros of their sign, as in TensorFlow, which computes with denormals flushed:
    /// the packed filter's vectorised subnormal scan must find them wherever they sit, and every tiled variant must give
    /// the bits of the same filter with them replaced by ±0.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(FastVariants))]
    public void SubnormalWeightsCountAsZeros(KernelVariant variant)
    {
        long[] valueShape = [1, 9, 11, 8], filterShape = [3, 3, 6, 8];
        // Values near 1e30 make a subnormal weight's products (about 1e-10) visible; result channels 3–5 have only
        // subnormal or zero weights, so an unflushed weight changes their bits, channels 0–2 keep normal weights.
        float[] x = Array.ConvertAll(TestData.SmallIntegers(TestData.Count(valueShape), 31), v => v * 1e30f);
        float[] w = TestData.SmallIntegers(TestData.Count(filterShape), 32);
        float[] flushed = (float[])w.Clone();
        for (int i = 0; i < w.Length; i++)
        {
            long o = i / filterShape[3] % filterShape[2];
            if (o >= 3)
            {
                bool negative = i % 2 == 0;
                w[i] = i % 3 == 0 ? 0f : negative ? -1e-40f : 3e-39f;
                flushed[i] = negative && i % 3 != 0 ? -0f : 0f;
            }
        }

        Assert.IsTrue(w.Count(float.IsSubnormal) > 100, "the test's weights must be subnormal");
        var options = new ConvolutionOptions { Kernel = variant, MaxDegreeOfParallelism = 1 };
        float[] actual = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), 2, Padding.Same, options));
        float[] expected = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(flushed, filterShape), 2, Padding.Same, options));
        CollectionAssert.AreEqual(expected, actual, $"{variant}");
    }

    /// <summary>Row 11: a thousand or int.MaxValue degrees of parallelism start no more workers than processors.</summary>
    [TestMethod]
    [DataRow(1000)]
    [DataRow(int.MaxValue)]
    public void WorkersNeverOutnumberTheProcessors(int degree)
    {
        long[] valueShape = [1, 2048, 64, 32], filterShape = [3, 3, 32, 32];
        float[] x = TestData.SmallIntegers(TestData.Count(valueShape), 21), w = TestData.SmallIntegers(TestData.Count(filterShape), 22);
        float[] one = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), 2, Padding.Same, new ConvolutionOptions { MaxDegreeOfParallelism = 1 }));
        float[] many = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), 2, Padding.Same, new ConvolutionOptions { MaxDegreeOfParallelism = degree }));
        CollectionAssert.AreEqual(one, many);
        Assert.IsTrue(KernelSelector.Threads(new ConvolutionOptions { MaxDegreeOfParallelism = degree }) <= Environment.ProcessorCount);
        Assert.IsTrue(WorkerPool.WorkerCount <= Environment.ProcessorCount - 1, $"{WorkerPool.WorkerCount} workers on {Environment.ProcessorCount} processors");
    }

    /// <summary>The registry lists every variant, unaccelerated ones too, and forcing any of them computes.</summary>
    [TestMethod]
    public void RegistryListsEveryVariant()
    {
        KernelVariant[] expected = [.. Enum.GetValues<KernelVariant>().Where(v => v != KernelVariant.Auto)];
        CollectionAssert.AreEquivalent(expected, KernelRegistry.All.Select(e => e.Variant).ToArray());
        CollectionAssert.AreEquivalent(expected, KernelSelector.Available().ToArray());
        Assert.IsTrue(KernelRegistry.All.First(e => e.Variant == KernelRegistry.Fastest).IsAccelerated);
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
}
