using System.Diagnostics.CodeAnalysis;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Parity.Evaluation;

/// <summary>Evaluates one case by its op and kind (docs/fixture-format.md "When a case passes").</summary>
public static class CaseEvaluator
{
    /// <summary>The verdict on a case; never throws (a broken fixture fails its case).</summary>
    /// <param name="testCase">The case.</param>
    /// <param name="folder">The fixture folder (for the case's .npz).</param>
    /// <returns>The verdict.</returns>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "One bad fixture must fail its case, not stop the run.")]
    public static CaseVerdict Evaluate(ParityCase testCase, string folder)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (testCase.Op is not (Ops.AtrousConv2DTranspose or Ops.Conv2DTranspose or Ops.AtrousConv2D))
        {
            return CaseVerdict.Fail(testCase, $"unknown op '{testCase.Op}'");
        }

        try
        {
            return testCase.Kind switch
            {
                "forward" or "gradient" => NumericCaseEvaluator.Evaluate(testCase, folder),
                "error" => VerdictCaseEvaluator.EvaluateError(testCase),
                "accepted" => VerdictCaseEvaluator.EvaluateAccepted(testCase),
                _ => CaseVerdict.Fail(testCase, $"unknown kind '{testCase.Kind}'"),
            };
        }
        catch (Exception e)
        {
            return CaseVerdict.Fail(testCase, $"fixture problem: {Rejections.Describe(e)}");
        }
    }
}
