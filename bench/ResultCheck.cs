using System.Globalization;

namespace AtrousConv.Bench;

/// <summary>
/// The one correctness gate every engine passes before it is timed: a fast wrong answer must never reach a table.
/// </summary>
internal static class ResultCheck
{
    /// <summary>Relative to the largest reference magnitude, so one bound serves normal and subnormal data.</summary>
    public const double RelativeTolerance = 2e-6;

    /// <summary>Throws unless max |actual − expected| ≤ 2e-6 · max |expected| (NaN always fails).</summary>
    public static void Require(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{what}: {actual.Length} outputs, expected {expected.Length}.");
        }

        double maxExpected = 0, maxDiff = 0;
        int worst = -1;
        for (int k = 0; k < actual.Length; k++)
        {
            maxExpected = Math.Max(maxExpected, Math.Abs((double)expected[k]));
            double diff = Math.Abs((double)actual[k] - expected[k]);
            if (double.IsNaN(diff))
            {
                diff = double.PositiveInfinity;
            }

            if (diff > maxDiff)
            {
                maxDiff = diff;
                worst = k;
            }
        }

        if (maxDiff > RelativeTolerance * maxExpected)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: max |diff| {maxDiff:G9} at flat index {worst} (got {actual[worst]:G9}, expected {expected[worst]:G9}) " +
                $"exceeds {RelativeTolerance} x max|expected| = {RelativeTolerance * maxExpected:G9}."));
        }
    }
}
