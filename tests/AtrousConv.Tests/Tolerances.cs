namespace AtrousConv.Tests;

/// <summary>
/// Every tolerance the tests use, in one place, with the reason for its size. Comparisons are
/// <c>max |ours − expected| ≤ tolerance · max |expected|</c> unless a test says bit-exact.
/// </summary>
internal static class Tolerances
{
    /// <summary>
    /// float32 kernel vs the float64 reference on normal data: the kernel sums up to kh·kw·Cin products in float32
    /// with FMA (its rounding error grows with the term count). docs/fixture-format.md allows 2e-6 of scale against
    /// TensorFlow; against the exact sum we allow the same.
    /// </summary>
    public const double Float32 = 2e-6;

    /// <summary>float64 kernel vs the float64 reference (different summation order only).</summary>
    public const double Float64 = 1e-12;

    /// <summary>Adjointness in float64: two different summations of the same products.</summary>
    public const double Adjoint = 1e-12;

    /// <summary>Half: the float32 sum rounded once to 11 significant bits (unit roundoff 4.9e-4), plus float32 noise.</summary>
    public const double Float16 = 1e-3;

    /// <summary>bfloat16: rounded once to 8 significant bits (unit roundoff 3.9e-3).</summary>
    public const double BFloat16 = 8e-3;

    /// <summary>Two tile placements' estimated costs (sums of a few hundred positive terms in float64, in different
    /// orders): relative to the larger.</summary>
    public const double PlacementCost = 1e-12;

    public static double RelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        double scale = 0, err = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            scale = Math.Max(scale, Math.Abs(expected[k]));
            err = Math.Max(err, Math.Abs(actual[k] - expected[k]));
        }

        return scale == 0 ? err : err / scale;
    }
}
