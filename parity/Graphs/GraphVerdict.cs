using System.Globalization;
using AtrousConv.Parity.Evaluation;

namespace AtrousConv.Parity.Graphs;

/// <summary>The outcome of one graph: passed with its worst err/scale, failed with why, or skipped with why.</summary>
/// <param name="Name">The graph.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Ratio">Passed: the worst err/scale over the forms run.</param>
/// <param name="Reason">Failed: <c>ExceptionType: message</c> or the comparison's reason; skipped: why.</param>
public sealed record GraphVerdict(string Name, CaseOutcome Outcome, double Ratio, string Reason)
{
    /// <summary>The report line: <c>ok NAME err/scale E</c>, <c>FAIL NAME: reason</c> or <c>skip NAME: reason</c>.</summary>
    public string Line => Outcome switch
    {
        CaseOutcome.Passed => string.Create(CultureInfo.InvariantCulture, $"ok {Name} err/scale {Ratio:0.00e+00}{Reason}"),
        CaseOutcome.Failed => $"FAIL {Name}: {Reason}",
        _ => $"skip {Name}: {Reason}",
    };

    /// <summary>The last line: <c>N passed, N failed, N skipped</c> (graphs).</summary>
    /// <param name="verdicts">The verdicts.</param>
    /// <returns>The line.</returns>
    public static string Summary(IReadOnlyList<GraphVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        int Count(CaseOutcome outcome) => verdicts.Count(v => v.Outcome == outcome);
        return $"{Count(CaseOutcome.Passed)} passed, {Count(CaseOutcome.Failed)} failed, {Count(CaseOutcome.Skipped)} skipped";
    }
}
