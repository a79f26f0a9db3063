using System.Globalization;

namespace AtrousConv.Bench;

/// <summary>
/// The one correctness gate every engine passes before it is timed: a fast wrong answer must never reach a table.
/// </summary>
internal static class ResultCheck
{
    /// <summary>float32's bound, relative to the largest reference magnitude, so one bound serves normal and subnormal data.</summary>
    public const double RelativeTolerance = 2e-6;

    /// <summary>Throws unless max |actual − expected| ≤ 2e-6 · max |expected| (NaN always fails).</summary>
    public static void Require(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected) =>
        Require(what, actual, expected, RelativeTolerance);

    /// <summary>Throws unless max |actual − expected| ≤ <paramref name="relativeTolerance"/> · max |expected| (NaN always fails).</summary>
    public static void Require<T>(string what, ReadOnlySpan<T> actual, ReadOnlySpan<T> expected, double relativeTolerance)
        where T : unmanaged
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{what}: {actual.Length} outputs, expected {expected.Length}.");
        }

        double maxExpected = 0, maxDiff = 0;
        int worst = -1;
        for (int k = 0; k < actual.Length; k++)
        {
            double e = ElementTypes.ToDouble(expected[k]);
            maxExpected = Math.Max(maxExpected, Math.Abs(e));
            double diff = Math.Abs(ElementTypes.ToDouble(actual[k]) - e);
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

        if (maxDiff > relativeTolerance * maxExpected)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: max |diff| {maxDiff:G9} at flat index {worst} (got {ElementTypes.ToDouble(actual[worst]):G9}, expected {ElementTypes.ToDouble(expected[worst]):G9}) " +
                $"exceeds {relativeTolerance} x max|expected| = {relativeTolerance * maxExpected:G9}."));
        }
    }
}
