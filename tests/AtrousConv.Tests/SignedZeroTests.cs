using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// Products that underflow to ±0 (elements near 1e-30 in float32, 1e-200 in float64) make sums of exactly ±0 whose
/// sign depends on the products added after the last nonzero one; a kernel that multiplied padding zeros would add
/// +0 where the definition adds nothing and turn −0 into +0 (found in review, 2026-12-04: 145 of 300 random layers
/// differed from Scalar on Vector512). Such calls run the direct sum (<see cref="Underflow"/>), so every variant gives
/// Scalar's bits, signed zeros included, in both directions (the value gradient is the forward convolution).
/// </summary>
[TestClass]
public sealed class SignedZeroTests
{
    /// <summary>(name, value shape, filter shape, rate, padding, sign pattern): pixel-lane layers (few result channels,
    /// flattened or not) and channel-tile layers, with taps past the map.</summary>
    public static IEnumerable<object[]> Cases()
    {
        var random = new Random(17);
        for (int id = 0; id < 24; id++)
        {
            int rate = random.Next(1, 5), kh = random.Next(1, 4), kw = random.Next(1, 5), h = random.Next(1, 12), w = random.Next(1, 20);
            int cin = random.Next(1, 40), cout = id % 3 == 0 ? random.Next(8, 70) : random.Next(1, 8), batch = random.Next(1, 3);
            Padding padding = random.Next(2) == 0 ? Padding.Same : Padding.Valid;
            yield return [$"tiny#{id} {batch}x{h}x{w}x{cin}->{cout} k{kh}x{kw} r{rate} {padding}", new long[] { batch, h, w, cin }, new long[] { kh, kw, cout, cin }, rate, padding, id % 3];
        }

        yield return ["F, every value −1e-30, every weight 1e-30", new long[] { 1, 33, 17, 3 }, new long[] { 2, 4, 5, 3 }, 3, Padding.Same, 0];
    }

    public static IEnumerable<object[]> Rows() => Variants.Cross(Cases());

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public void UnderflowingProductsGiveScalarsSignedZeros(string name, long[] valueShape, long[] filterShape, int rate, Padding padding, int pattern, KernelVariant variant)
    {
        var random = new Random(name.Length + pattern);
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        float[] x = Tiny(TestData.Count(valueShape), -1), w = Tiny(TestData.Count(filterShape), 1), g = Tiny(TestData.Count(outputShape), -1);
        (int[] y, int[] gv) expected = Run(KernelVariant.Scalar);
        Assert.IsTrue(expected.y.Any(b => (b & int.MaxValue) == 0), $"{name}: some result is ±0");
        (int[] y, int[] gv) actual = Run(variant);
        CollectionAssert.AreEqual(expected.y, actual.y, $"{name}: atrous_conv2d_transpose on {variant} against Scalar");
        CollectionAssert.AreEqual(expected.gv, actual.gv, $"{name}: value gradient on {variant} against Scalar");

        // Pattern 0: one sign per tensor; 1: random signs; 2: random signs and magnitudes below 1e-30.
        float[] Tiny(long count, int sign) => [.. Enumerable.Range(0, (int)count).Select(_ => pattern switch
        {
            0 => sign * 1e-30f,
            1 => (random.Next(2) == 0 ? -1 : 1) * 1e-30f,
            _ => (random.Next(2) == 0 ? -1 : 1) * (float)random.NextDouble() * 1e-30f,
        })];

        (int[], int[]) Run(KernelVariant kernel)
        {
            var options = new ConvolutionOptions { Kernel = kernel };
            float[] y = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, rate, padding, options));
            float[] gv = TestData.Flat(Convolution.AtrousConv2DTransposeGradients(TestData.Span(x, valueShape), TestData.Span(w, filterShape), TestData.Span(g, outputShape), rate, padding, options).GradValue);
            return (Array.ConvertAll(y, BitConverter.SingleToInt32Bits), Array.ConvertAll(gv, BitConverter.SingleToInt32Bits));
        }
    }

    public static IEnumerable<object[]> Operands() =>
    [
        ["float32 1e-30 · 1e-30 underflows", new float[] { 0, 1, 1e-30f }, new float[] { 2, -1e-30f }, false, true],
        ["float32 1e-20 · 1e-20 does not", new float[] { 0, 1, 1e-20f }, new float[] { 2, -1e-20f }, false, false],
        ["zeros and NaN are not elements that can underflow", new float[] { 0, float.NaN, 1e-3f }, new float[] { 0, -0f, 1e-3f, float.NaN }, false, false],
        ["a tiny element past the vectors' end (the scalar tail)", Enumerable.Repeat(1f, 37).Append(1e-30f).ToArray(), new float[] { 1e-30f }, false, true],
        ["a tiny element inside the vectors", Enumerable.Repeat(1f, 40).Select((v, i) => i == 3 ? 1e-30f : v).ToArray(), new float[] { 1e-30f }, false, true],
        ["a subnormal weight 1e-40 times 1e-6 underflows", Enumerable.Repeat(1e-6f, 20).ToArray(), new float[] { 1, -1e-40f }, false, true],
        ["not where the weights' subnormals are flushed", Enumerable.Repeat(1e-6f, 20).ToArray(), new float[] { 1, -1e-40f }, true, false],
    ];

    [TestMethod]
    [DynamicData(nameof(Operands))]
    public unsafe void UnderflowIsPossibleOnlyWhereTheSmallestMagnitudesMultiplyBelowTheSmallestSubnormal(string name, float[] a, float[] b, bool flushedB, bool expected)
    {
        fixed (float* pa = a, pb = b)
        {
            Assert.AreEqual(expected, Underflow.Possible(pa, a.Length, pb, b.Length, flushedB), name);
        }

        if (flushedB || b.Any(v => v != 0 && Math.Abs(v) < 1.2e-38f))
        {
            return; // float64 has no flushed weights: the scaled copies below would not mean the same
        }

        double[] da = Array.ConvertAll(a, v => v * 1e-139), db = Array.ConvertAll(b, v => v * 1e-139);
        fixed (double* pa = da, pb = db)
        {
            // Scaled by 1e-139 each: 1e-169 · 1e-169 underflows in float64 (below 4.9e-324), 1e-159 · 1e-159 does not.
            Assert.AreEqual(expected, Underflow.Possible(pa, da.Length, pb, db.Length, flushedB: false), $"{name}, float64 scaled by 1e-139");
        }
    }
}
