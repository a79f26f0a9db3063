using AtrousConv.Parity.Manifest;
using AtrousConv.Parity.Tolerance;

namespace AtrousConv.Parity.Evaluation;

/// <summary>How a case came out.</summary>
public enum CaseOutcome
{
    Passed,
    Failed,

    /// <summary>The library does not build the case's op yet.</summary>
    Skipped,
}

/// <summary>One fixture array of a numeric case: compared, or not checked yet because the library cannot produce it.</summary>
/// <param name="Name">The array's name in the .npz (<c>output</c>, <c>grad_value</c>, …).</param>
/// <param name="Comparison">The comparison; <see langword="null"/> when not checked.</param>
/// <param name="NotCheckedReason">Why it was not checked.</param>
public sealed record ArrayCheck(string Name, ArrayComparison? Comparison, string? NotCheckedReason = null);

/// <summary>The verdict on one case, with the arrays it compared.</summary>
/// <param name="Case">The case.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Reason">Why (for passes, a short note such as what ours threw).</param>
/// <param name="Arrays">The compared (and not yet checkable) arrays of numeric cases; empty otherwise.</param>
public sealed record CaseVerdict(ParityCase Case, CaseOutcome Outcome, string Reason, IReadOnlyList<ArrayCheck> Arrays)
{
    public static CaseVerdict Pass(ParityCase testCase, string reason, IReadOnlyList<ArrayCheck>? arrays = null) =>
        new(testCase, CaseOutcome.Passed, reason, arrays ?? []);

    public static CaseVerdict Fail(ParityCase testCase, string reason, IReadOnlyList<ArrayCheck>? arrays = null) =>
        new(testCase, CaseOutcome.Failed, reason, arrays ?? []);

    public bool Passed => Outcome == CaseOutcome.Passed;

    public override string ToString() => $"{Case}: {Outcome} — {Reason}";
}
