namespace AtrousConv.Tests;

/// <summary>The worked examples of docs/tf-semantics.md (edge cases 1–7), each checked on every kernel this machine runs.</summary>
[TestClass]
public sealed class SpecExampleTests
{
    public static IEnumerable<object[]> Examples()
    {
        // name, value shape, filter shape, output shape, rate, padding, expected (value and filters are 1..n).
        yield return ["1: SAME rate 2", new long[] { 1, 2, 2, 1 }, new long[] { 2, 2, 1, 1 }, new long[] { 1, 2, 2, 1 }, 2, Padding.Same, new float[] { 4, 6, 6, 4 }];
        yield return ["2: VALID rate 2", new long[] { 1, 2, 2, 1 }, new long[] { 2, 2, 1, 1 }, new long[] { 1, 4, 4, 1 }, 2, Padding.Valid,
            new float[] { 1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16 }];
        yield return ["4: even kernel, odd rate", new long[] { 1, 4, 4, 1 }, new long[] { 2, 2, 1, 1 }, new long[] { 1, 4, 4, 1 }, 3, Padding.Same,
            new float[] { 6, 7, 18, 12, 10, 11, 30, 20, 20, 24, 58, 36, 18, 21, 44, 24 }];
        yield return ["5: SAME non-multiple sizes", new long[] { 1, 3, 5, 1 }, new long[] { 2, 2, 1, 1 }, new long[] { 1, 3, 5, 1 }, 2, Padding.Same,
            new float[] { 7, 20, 23, 26, 18, 18, 48, 58, 68, 44, 21, 48, 55, 62, 36 }];
        yield return ["6: rate 1", new long[] { 1, 2, 2, 1 }, new long[] { 2, 2, 1, 1 }, new long[] { 1, 2, 2, 1 }, 1, Padding.Same, new float[] { 1, 4, 6, 20 }];
    }

    public static IEnumerable<object[]> Kernels() => Variants.All.Select(v => new object[] { v });

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void WorkedExampleMatches(string name, long[] valueShape, long[] filterShape, long[] outputShape, int rate, Padding padding, float[] expected)
    {
        float[] value = Enumerable.Range(1, (int)TestData.Count(valueShape)).Select(i => (float)i).ToArray();
        float[] filters = Enumerable.Range(1, (int)TestData.Count(filterShape)).Select(i => (float)i).ToArray();
        foreach (KernelVariant variant in Variants.All)
        {
            var result = Convolution.AtrousConv2DTranspose(
                TestData.Span(value, valueShape), TestData.Span(filters, filterShape), outputShape, rate, padding, new ConvolutionOptions { Kernel = variant });
            CollectionAssert.AreEqual(expected, TestData.Flat(result), $"{name} on {variant}");
        }
    }

    [TestMethod]
    public void CentreOneHotPlacesTapsWithoutFlip()
    {
        float[] value = new float[25];
        value[12] = 1;
        float[] filters = Enumerable.Range(1, 9).Select(i => (float)i).ToArray();
        var result = TestData.Flat(Convolution.AtrousConv2DTranspose(
            TestData.Span(value, [1, 5, 5, 1]), TestData.Span(filters, [3, 3, 1, 1]), 2, Padding.Same));
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 5; x++)
            {
                float expected = (y % 2 == 0 && x % 2 == 0) ? filters[((y / 2) * 3) + (x / 2)] : 0;
                Assert.AreEqual(expected, result[(y * 5) + x], $"({y}, {x})");
            }
        }
    }

    [TestMethod]
    public void PipelineShapesOfExample7()
    {
        var geometry = Conv2DTransposeGeometry.ForAtrous([2, 9, 10, 2], [3, 3, 2, 2], [2, 9, 10, 2], 2, Padding.Same);
        var lowering = AtrousLowering.For(geometry)!;
        CollectionAssert.AreEqual(new long[] { 0, 1, 0, 0 }, lowering.SpaceToBatchPaddings);
        CollectionAssert.AreEqual(new long[] { 8, 5, 5, 2 }, lowering.SpaceToBatchShape);
        CollectionAssert.AreEqual(new long[] { 8, 7, 7, 2 }, lowering.InputSizes);
        CollectionAssert.AreEqual(new long[] { 2, 3, 2, 2 }, lowering.Crops);

        var valid = AtrousLowering.For(Conv2DTransposeGeometry.ForAtrous([2, 9, 10, 2], [3, 3, 2, 2], [2, 13, 14, 2], 2, Padding.Valid))!;
        CollectionAssert.AreEqual(new long[] { 0, 1, 0, 0 }, valid.SpaceToBatchPaddings);
        CollectionAssert.AreEqual(new long[] { 8, 7, 7, 2 }, valid.InputSizes);
        CollectionAssert.AreEqual(new long[] { 0, 1, 0, 0 }, valid.Crops);
    }
}
