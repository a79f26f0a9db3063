using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Tolerance;

namespace AtrousConv.Parity.Report;

/// <summary>The worst <c>err / scale</c> of one (op, dtype, array) group, so the margin to the limit stays visible.</summary>
/// <param name="Op">The op.</param>
/// <param name="DType">The dtype, marked when inputs were integers (an exact rule).</param>
/// <param name="Array">The array; gradient cases' arrays are prefixed <c>gradient/</c>.</param>
/// <param name="Worst">The worst comparison.</param>
/// <param name="CaseId">Where it occurred.</param>
/// <param name="Count">How many arrays the group compared.</param>
public sealed record WorstMargin(string Op, string DType, string Array, ArrayComparison Worst, string CaseId, int Count)
{
    /// <summary>Groups every compared array of <paramref name="verdicts"/> and keeps each group's worst.</summary>
    /// <param name="verdicts">The verdicts.</param>
    /// <returns>One row per group, sorted by op, dtype and array.</returns>
    public static IReadOnlyList<WorstMargin> Of(IEnumerable<CaseVerdict> verdicts) =>
        verdicts
            .SelectMany(v => v.Arrays.Where(a => a.Comparison is not null).Select(a => (Verdict: v, Check: a)))
            .GroupBy(x => (
                Op: x.Verdict.Case.Op ?? "?",
                DType: x.Verdict.Case.Dtype + (x.Verdict.Case.Values == ParityTolerance.IntegerValues ? " (int values)" : ""),
                Array: (x.Verdict.Case.Kind == "gradient" ? "gradient/" : "") + x.Check.Name))
            .Select(g =>
            {
                var worst = g.MaxBy(x => double.IsNaN(x.Check.Comparison!.Ratio) ? double.PositiveInfinity : x.Check.Comparison.Ratio);
                return new WorstMargin(g.Key.Op, g.Key.DType, g.Key.Array, worst.Check.Comparison!, worst.Verdict.Case.ToString(), g.Count());
            })
            .OrderBy(r => r.Op, StringComparer.Ordinal).ThenBy(r => r.DType, StringComparer.Ordinal).ThenBy(r => r.Array, StringComparer.Ordinal)
            .ToList();
}
