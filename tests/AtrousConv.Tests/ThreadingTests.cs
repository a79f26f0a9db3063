namespace AtrousConv.Tests;

/// <summary>
/// The worker pool under back-to-back calls: many parallel calls in a row (the pattern of a training loop, where
/// workers are woken while still spinning from the previous call), interleaved with inline calls and calls from
/// several threads at once, must all give the single-thread bits and never fail.
/// </summary>
[TestClass]
public sealed class ThreadingTests
{
    private static readonly long[] ValueShape = [1, 24, 24, 16];
    private static readonly long[] FilterShape = [3, 3, 40, 16];

    [TestMethod]
    public void BackToBackParallelCallsMatchOneThread()
    {
        float[] x = TestData.SmallIntegers(TestData.Count(ValueShape), 91), w = TestData.SmallIntegers(TestData.Count(FilterShape), 92);
        float[] expected = Run(x, w, threads: 1);
        for (int call = 0; call < 200; call++)
        {
            // Alternate parallel and inline calls, with and without pauses, so workers are woken both while still
            // spinning from the previous call and after they went to sleep.
            CollectionAssert.AreEqual(expected, Run(x, w, threads: call % 3 == 2 ? 1 : 2), $"call {call}");
            if (call % 4 == 1)
            {
                Thread.Sleep(1);
            }
        }
    }

    [TestMethod]
    public void ConcurrentCallersShareThePoolSafely()
    {
        float[] x = TestData.SmallIntegers(TestData.Count(ValueShape), 93), w = TestData.SmallIntegers(TestData.Count(FilterShape), 94);
        float[] expected = Run(x, w, threads: 1);
        Parallel.For(0, 4, _ =>
        {
            for (int call = 0; call < 20; call++)
            {
                CollectionAssert.AreEqual(expected, Run(x, w, threads: 2));
            }
        });
    }

    private static float[] Run(float[] x, float[] w, int threads) =>
        TestData.Flat(Convolution.AtrousConv2DTranspose(
            TestData.Span(x, ValueShape), TestData.Span(w, FilterShape), 2, Padding.Same, new ConvolutionOptions { MaxDegreeOfParallelism = threads }));
}
