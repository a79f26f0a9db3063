using System.Diagnostics.CodeAnalysis;
using AtrousConv.Parity.Manifest;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>
/// Error and accepted cases: does ours reject exactly what TensorFlow rejects (with an ArgumentException, while
/// building the op, before anything is computed) and accept what it accepts, with TensorFlow's result shape?
/// </summary>
public static class VerdictCaseEvaluator
{
    public static CaseVerdict EvaluateError(ParityCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        using (tf.Graph().as_default())
        {
            (GeneratedInputs? inputs, TFTensor? result, Exception? thrown) = Build(testCase);
            if (thrown is not null)
            {
                return Rejections.IsRejection(thrown)
                    ? CaseVerdict.Pass(testCase, $"rejected: {Rejections.Describe(thrown)}")
                    : CaseVerdict.Fail(testCase, $"ours threw {Rejections.Describe(thrown)}; expected an ArgumentException (TensorFlow: {TensorFlowError(testCase)})");
            }

            // Where TensorFlow's verdict comes from its own limits, computing is fine if the result is right.
            return testCase.IsTfLimit
                ? ResultCheck.Check(testCase, inputs!, result!, expectedShape: null, "accepted (tf_limit: either verdict is fine)")
                : CaseVerdict.Fail(testCase, $"accepted, result shape {ShapeText.Of(result!.shape)}; TensorFlow raised {TensorFlowError(testCase)}");
        }
    }

    public static CaseVerdict EvaluateAccepted(ParityCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        using (tf.Graph().as_default())
        {
            (GeneratedInputs? inputs, TFTensor? result, Exception? thrown) = Build(testCase);
            if (thrown is not null)
            {
                return testCase.IsTfLimit && Rejections.IsRejection(thrown)
                    ? CaseVerdict.Pass(testCase, $"rejected (tf_limit: either verdict is fine): {Rejections.Describe(thrown)}")
                    : CaseVerdict.Fail(testCase, $"TensorFlow accepted it (result shape {ShapeText.Of(testCase.ResultShape)}); ours threw {Rejections.Describe(thrown)}");
            }

            // A shape TensorFlow reached through its own limits (e.g. a negative batch) is no check of ours.
            bool shapeIsCheck = testCase.ResultShape is not null && !(testCase.IsTfLimit && testCase.ResultShape.Any(d => d < 0));
            return ResultCheck.Check(testCase, inputs!, result!, shapeIsCheck ? testCase.ResultShape : null, "accepted");
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Whatever ours throws is the case's verdict.")]
    private static (GeneratedInputs? Inputs, TFTensor? Result, Exception? Thrown) Build(ParityCase testCase)
    {
        try
        {
            var inputs = GeneratedInputs.For(testCase);
            TFTensor value = ElementTypes.Constant(inputs.Value, inputs.ValueShape);
            TFTensor filters = ElementTypes.Constant(inputs.Filters, inputs.FiltersShape);
            return (inputs, TensorFlowCall.Invoke(testCase, value, filters), null);
        }
        catch (Exception e)
        {
            return (null, null, e);
        }
    }

    private static string TensorFlowError(ParityCase testCase)
    {
        string message = testCase.Error?.Message ?? "";
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return $"{testCase.Error?.Type ?? "an error"}: {(newline < 0 ? message : message[..newline])}";
    }
}
