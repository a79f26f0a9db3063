using System.Globalization;
using AtrousConv.Parity.Evaluation;

namespace AtrousConv.Parity.Report;

/// <summary>
/// The runner's report: failing cases with their reasons, the worst err/scale per op, dtype and array, what was
/// not checked yet, and last the line <c>N passed, N failed, N skipped</c>.
/// </summary>
public static class ParityReport
{
    public static IReadOnlyList<string> Lines(IReadOnlyList<CaseVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var lines = new List<string>();
        lines.AddRange(verdicts.Where(v => v.Outcome == CaseOutcome.Failed)
            .Select(v => $"FAIL {v.Case} ({v.Case.Op} {v.Case.Kind} {v.Case.Dtype}): {v.Reason}"));

        lines.Add("worst err/scale per op, dtype, array:");
        lines.AddRange(WorstMargin.Of(verdicts).Select(Row));

        var notChecked = verdicts.SelectMany(v => v.Arrays).Where(a => a.Comparison is null).GroupBy(a => a.Name).ToList();
        lines.Add($"gradient arrays not checked yet: {notChecked.Sum(g => g.Count())}"
            + (notChecked.Count == 0 ? "" : $" ({string.Join(", ", notChecked.Select(g => $"{g.Key}: {g.Count()}"))}; not implemented in the library yet)"));

        foreach (var skipped in verdicts.Where(v => v.Outcome == CaseOutcome.Skipped).GroupBy(v => v.Reason))
        {
            lines.Add($"skipped {skipped.Count()}: {skipped.Key}");
        }

        lines.Add(Summary(verdicts));
        return lines;
    }

    /// <summary>The last line: <c>N passed, N failed, N skipped</c> (cases).</summary>
    /// <param name="verdicts">The verdicts.</param>
    /// <returns>The line.</returns>
    public static string Summary(IReadOnlyList<CaseVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        int Count(CaseOutcome outcome) => verdicts.Count(v => v.Outcome == outcome);
        return $"{Count(CaseOutcome.Passed)} passed, {Count(CaseOutcome.Failed)} failed, {Count(CaseOutcome.Skipped)} skipped";
    }

    private static string Row(WorstMargin row) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {row.Op,-24} {row.DType,-22} {row.Array,-38} {row.Worst.Ratio,10:0.00e+00}  limit {(row.Worst.Limit == 0 ? "exact" : row.Worst.Limit.ToString("0e+00", CultureInfo.InvariantCulture)),-6} n={row.Count,-4} worst {row.CaseId}");
}
