namespace AtrousConv.Tests;

/// <summary>
/// Identities that need no TensorFlow: adjointness with the forward atrous convolution, equality with
/// conv2d_transpose on an explicitly dilated filter (TensorFlow's own atrous test), and rate 1 = plain
/// conv2d_transpose.
/// </summary>
[TestClass]
public sealed class EquivalenceTests
{
    public static IEnumerable<object[]> Cases()
    {
        // value shape, filter shape, rate, padding — odd and even widths, kernels 1..3, rates 1..4 (TF's grid and more).
        foreach (int rate in new[] { 1, 2, 3, 4 })
        {
            foreach (int k in new[] { 1, 2, 3 })
            {
                foreach (Padding padding in new[] { Padding.Same, Padding.Valid })
                {
                    foreach (int width in new[] { 9, 10 })
                    {
                        yield return [new long[] { 2, 9, width, 2 }, new long[] { k, 4 - k, 3, 2 }, rate, padding];
                    }
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void TransposeIsTheAdjointOfTheForwardConvolution(long[] valueShape, long[] filterShape, int rate, Padding padding)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        var geometry = Conv2DTransposeGeometry.ForAtrous(valueShape, filterShape, outputShape, rate, padding);
        double[] x = TestData.Normals(TestData.Count(valueShape), 1);
        double[] w = TestData.Normals(TestData.Count(filterShape), 2);
        double[] v = TestData.Normals(TestData.Count(outputShape), 3);

        double[] transposed = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, rate, padding));
        double[] forward = Definitions.ForwardConv(v, outputShape, w, filterShape, valueShape, 1, 1, rate, rate, geometry.PadTop, geometry.PadLeft);

        // <T(x), v> == <x, F(v)>: the transpose is the gradient of the forward convolution.
        double left = Dot(transposed, v), right = Dot(x, forward);
        Assert.AreEqual(right, left, Tolerances.Adjoint * Math.Max(1, Math.Abs(right)), $"<T x, v> = {left}, <x, F v> = {right}");
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void EqualsConv2DTransposeOnTheDilatedFilter(long[] valueShape, long[] filterShape, int rate, Padding padding)
    {
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, rate, padding);
        double[] x = TestData.Normals(TestData.Count(valueShape), 4);
        double[] w = TestData.Normals(TestData.Count(filterShape), 5);
        double[] dilated = Definitions.DilateFilters(w, filterShape, rate, out long[] dilatedShape);

        double[] atrous = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, rate, padding));
        double[] plain = TestData.Flat(Convolution.Conv2DTranspose(TestData.Span(x, valueShape), TestData.Span(dilated, dilatedShape), outputShape, [1, 1], padding));
        double[] viaDilations = TestData.Flat(Convolution.Conv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, [1, 1], padding, [rate, rate]));

        Assert.IsTrue(Tolerances.RelativeError(atrous, plain) <= Tolerances.Float64, "atrous vs conv2d_transpose on the dilated filter");
        CollectionAssert.AreEqual(atrous, viaDilations, "atrous_conv2d_transpose is conv2d_transpose with dilations [rate, rate]");
    }

    [TestMethod]
    public void RateOneIsPlainConv2DTranspose()
    {
        long[] valueShape = [2, 6, 4, 3], filterShape = [3, 3, 2, 3];
        float[] x = TestData.SmallIntegers(TestData.Count(valueShape), 8), w = TestData.SmallIntegers(TestData.Count(filterShape), 9);
        foreach (Padding padding in new[] { Padding.Same, Padding.Valid })
        {
            long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filterShape, 1, padding);
            float[] atrous = TestData.Flat(Convolution.AtrousConv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, 1, padding));
            float[] plain = TestData.Flat(Convolution.Conv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), outputShape, [1, 1], padding));
            CollectionAssert.AreEqual(plain, atrous, padding.ToString());
        }
    }

    [TestMethod]
    public void AllOnesSameStrideOneMatchesTensorFlowsCounts()
    {
        // TensorFlow's conv2d_transpose_test.testConv2DTransposeSingleStride: x [1,6,4,3] of ones, f [3,3,2,3] of ones,
        // SAME: each output counts the in-range taps times 3 input channels (4·3 at corners, 6·3 on edges, 9·3 inside).
        long[] valueShape = [1, 6, 4, 3], filterShape = [3, 3, 2, 3];
        float[] x = Enumerable.Repeat(1f, 72).ToArray(), w = Enumerable.Repeat(1f, 54).ToArray();
        float[] y = TestData.Flat(Convolution.Conv2DTranspose(TestData.Span(x, valueShape), TestData.Span(w, filterShape), new long[] { 1, 6, 4, 2 }, [1, 1], Padding.Same));
        for (int h = 0; h < 6; h++)
        {
            for (int wi = 0; wi < 4; wi++)
            {
                int rows = (h == 0 || h == 5) ? 2 : 3, cols = (wi == 0 || wi == 3) ? 2 : 3;
                for (int c = 0; c < 2; c++)
                {
                    Assert.AreEqual(rows * cols * 3f, y[(((h * 4) + wi) * 2) + c], $"({h}, {wi}, {c})");
                }
            }
        }
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
