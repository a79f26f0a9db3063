using System.Diagnostics.CodeAnalysis;
using AtrousConv.Parity.Manifest;
using AtrousConv.Parity.Tolerance;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>
/// Checks a result ours computed where the fixture has no numbers (accepted cases, tf_limit cases ours computed):
/// the shape TensorFlow returned, then the values: all zeros when an input is empty (zero in_channels,
/// zero-height value), else the library's reference kernel on the .NET face, exact on the small-integer inputs.
/// </summary>
public static class ResultCheck
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "An exception while computing is the case's verdict.")]
    public static CaseVerdict Check(ParityCase testCase, GeneratedInputs inputs, TFTensor result, IReadOnlyList<long>? expectedShape, string verdict)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(result);
        long[] shape = result.shape;
        if (expectedShape is not null && !shape.SequenceEqual(expectedShape))
        {
            return CaseVerdict.Fail(testCase, $"{verdict}, but result shape {ShapeText.Of(shape)}; TensorFlow's is {ShapeText.Of(expectedShape)}");
        }

        if (shape.Any(d => d < 0))
        {
            return CaseVerdict.Fail(testCase, $"{verdict} with a negative result dimension: {ShapeText.Of(shape)}");
        }

        double[] ours;
        try
        {
            ours = ElementTypes.Read(result);
        }
        catch (Exception e)
        {
            return CaseVerdict.Fail(testCase, $"{verdict}, then threw while computing: {Rejections.Describe(e)}");
        }

        string note = "all zero";
        string? problem = inputs.AnyEmpty ? AllZeros(ours) : AgainstReference(testCase, inputs, shape, ours, out note);
        return problem is null
            ? CaseVerdict.Pass(testCase, $"{verdict}: shape {ShapeText.Of(shape)}, values {note}")
            : CaseVerdict.Fail(testCase, $"{verdict}: shape {ShapeText.Of(shape)}, but {problem}");
    }

    private static string? AllZeros(double[] ours)
    {
        int index = Array.FindIndex(ours, v => v != 0);
        return index < 0 ? null : $"an empty input gave {ours[index]} at flat index {index}; expected all zeros";
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Without a reference, finiteness is the check.")]
    private static string? AgainstReference(ParityCase testCase, GeneratedInputs inputs, long[] shape, double[] ours, out string note)
    {
        ShapedValues reference;
        try
        {
            reference = DotNetFaceCall.From(testCase).Run(inputs.Value, inputs.ValueShape, inputs.Filters, inputs.FiltersShape, KernelVariant.Reference);
        }
        catch (Exception e)
        {
            note = $"finite (no reference: {Rejections.Describe(e)})";
            int index = Array.FindIndex(ours, v => !double.IsFinite(v));
            return index < 0 ? null : $"{ours[index]} at flat index {index} from finite inputs";
        }

        if (!reference.Shape.SequenceEqual(shape))
        {
            note = "";
            return $"the reference kernel's shape is {ShapeText.Of(reference.Shape)}";
        }

        // Small-integer inputs: every sum is exact, so the integer rule (bit-exact in float32/float64/int32) applies.
        ArrayComparison comparison = ParityTolerance.Compare(testCase.Dtype, ParityTolerance.IntegerValues, reference.Values, ours);
        note = $"match the reference kernel ({comparison.Summary})";
        return comparison.Passed ? null : $"against the reference kernel: {comparison.Reason}";
    }
}
