using System.Globalization;

namespace AtrousConv.Parity.Tolerance;

/// <summary>
/// docs/fixture-format.md's pass rules for numeric arrays, in one place. <c>scale</c> = max |TF| over TF's finite entries,
/// <c>err</c> = max |ours − TF| over those entries; an array passes when <c>err ≤ limit · scale</c> and its NaN and
/// ±Inf stand exactly where TensorFlow's do.
/// </summary>
public static class ParityTolerance
{
    /// <summary>float64: only summation order differs from TensorFlow; a few ulps of the largest value.</summary>
    public const double Float64Limit = 1e-12;

    /// <summary>float32: TensorFlow's own two CPU paths (Eigen, oneDNN) differ by up to 4.8e-7 · scale; 4× headroom.</summary>
    public const double Float32Limit = 2e-6;

    /// <summary>float16: we accumulate in float32 and round once; TensorFlow rounds intermediates, up to 1.1e-3 · scale away.</summary>
    public const double Float16Limit = 4e-3;

    /// <summary>bfloat16: as float16, with 3 fewer mantissa bits; TensorFlow lands up to 9.3e-3 · scale away.</summary>
    public const double BFloat16Limit = 3e-2;

    /// <summary>The <c>values</c> tag of inputs drawn as small integers: every product and sum is exact in float32/float64.</summary>
    public const string IntegerValues = "int";

    /// <summary>The <c>values</c> tag of products that overflow float32: TensorFlow's two paths disagree between NaN and ±Inf there.</summary>
    public const string HugeValues = "huge";

    /// <summary>The allowed <c>err / scale</c> of a dtype: 0 means bit-exact equality.</summary>
    /// <param name="dtype">TensorFlow's dtype name.</param>
    /// <param name="values">The case's <c>values</c> tag.</param>
    /// <returns>The limit, or <see langword="null"/> for a dtype with no numeric rule.</returns>
    public static double? Limit(string? dtype, string? values) => dtype switch
    {
        // int32 wraps exactly as TensorFlow does; integer-valued float inputs make every sum exact.
        "int32" => 0,
        "float32" or "float64" when values == IntegerValues => 0,
        "float64" => Float64Limit,
        "float32" => Float32Limit,
        "float16" => Float16Limit,
        "bfloat16" => BFloat16Limit,
        _ => null,
    };

    /// <summary>Compares one array of ours with TensorFlow's (both widened to double, which is exact for every dtype here).</summary>
    /// <param name="dtype">TensorFlow's dtype name of the array.</param>
    /// <param name="values">The case's <c>values</c> tag.</param>
    /// <param name="expected">TensorFlow's values.</param>
    /// <param name="actual">Ours.</param>
    /// <returns>Pass or fail, with err, scale and the reason.</returns>
    public static ArrayComparison Compare(string? dtype, string? values, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        if (Limit(dtype, values) is not double limit)
        {
            return new ArrayComparison(false, double.NaN, double.NaN, double.NaN, $"no tolerance rule for dtype '{dtype}'");
        }

        if (expected.Length != actual.Length)
        {
            return new ArrayComparison(false, double.NaN, double.NaN, limit, $"{actual.Length} values, TensorFlow has {expected.Length}");
        }

        bool huge = values == HugeValues;
        double error = 0, scale = 0;
        int misplaced = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double tf = expected[i], ours = actual[i];
            if (double.IsFinite(tf) && double.IsFinite(ours))
            {
                scale = Math.Max(scale, Math.Abs(tf));
                error = Math.Max(error, Math.Abs(ours - tf));
            }
            else if (double.IsFinite(tf))
            {
                scale = Math.Max(scale, Math.Abs(tf));
                misplaced = misplaced < 0 ? i : misplaced;
            }
            else if (!SameNonFinite(tf, ours, huge))
            {
                misplaced = misplaced < 0 ? i : misplaced;
            }
        }

        // Exact rules compare values, so +0 and -0 count as equal: only the accumulator's starting zero differs.
        bool withinLimit = limit == 0 ? error == 0 : error <= limit * scale;
        var result = new ArrayComparison(misplaced < 0 && withinLimit, error, scale, limit, "");
        string reason = misplaced >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"NaN/Inf not at TensorFlow's positions: first at flat index {misplaced}, ours {actual[misplaced]:R}, TensorFlow {expected[misplaced]:R}; ")
            : withinLimit ? "" : limit == 0 ? "not bit-exact: " : "beyond tolerance: ";
        return result with { Reason = reason + result.Summary };
    }

    /// <summary>NaN and ±Inf must stand where TensorFlow's do; for <c>huge</c> inputs NaN and ±Inf may swap.</summary>
    private static bool SameNonFinite(double tf, double ours, bool huge) =>
        double.IsNaN(tf) ? double.IsNaN(ours) || (huge && double.IsInfinity(ours))
        : ours == tf || (huge && double.IsNaN(ours));
}
