using System.Globalization;

namespace AtrousConv.Parity.Tolerance;

/// <summary>The outcome of comparing one of our arrays with TensorFlow's.</summary>
/// <param name="Passed">Whether the array meets docs/fixture-format.md's rule.</param>
/// <param name="Error">max |ours − TF| over TF's finite entries.</param>
/// <param name="Scale">max |TF| over TF's finite entries.</param>
/// <param name="Limit">The allowed <c>Error / Scale</c>; 0 where the rule is exact equality.</param>
/// <param name="Reason">Why it failed, or a short summary when it passed.</param>
public sealed record ArrayComparison(bool Passed, double Error, double Scale, double Limit, string Reason)
{
    /// <summary><c>Error / Scale</c>: 0 when both are 0 (an all-zero result matched), infinite when only the scale is 0.</summary>
    public double Ratio => Error == 0 ? 0 : Scale == 0 ? double.PositiveInfinity : Error / Scale;

    /// <summary>A one-line summary with the numbers.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"err {Error:G3}, scale {Scale:G3}, err/scale {Ratio:G3} (limit {Limit:G3})");
}
