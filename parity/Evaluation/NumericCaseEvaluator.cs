using System.Diagnostics.CodeAnalysis;
using AtrousConv.Parity.Manifest;
using AtrousConv.Parity.Npy;
using AtrousConv.Parity.Tolerance;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>Forward and gradient cases: TensorFlow's inputs through our TensorFlow face, every result array compared.</summary>
public static class NumericCaseEvaluator
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Whatever ours throws is the case's verdict, not a runner crash.")]
    public static CaseVerdict Evaluate(ParityCase testCase, string folder)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        IReadOnlyDictionary<string, NpyArray> fixture = ReadFixture(testCase, folder);
        NpyArray value = Input(fixture, "value"), filters = Input(fixture, "filters");
        if (ElementTypes.FromName(testCase.Dtype) is not TFDataType dtype || ElementTypes.DTypeOf(value.Data) != dtype || ElementTypes.DTypeOf(filters.Data) != dtype)
        {
            return CaseVerdict.Fail(testCase, $"fixture arrays are {value.Descr}/{filters.Descr}, which do not hold dtype {testCase.Dtype}");
        }

        using (tf.Graph().as_default())
        {
            NumericRun run;
            try
            {
                TFTensor v = ElementTypes.Constant(value.Data, value.Shape), f = ElementTypes.Constant(filters.Data, filters.Shape);
                run = new NumericRun(testCase, fixture, v, f, TensorFlowCall.Invoke(testCase, v, f));
            }
            catch (Exception e) when (testCase.IsTfLimit && Rejections.IsRejection(e))
            {
                return CaseVerdict.Pass(testCase, $"rejected (tf_limit: either verdict is fine): {Rejections.Describe(e)}");
            }
            catch (Exception e)
            {
                return CaseVerdict.Fail(testCase, $"TensorFlow computed it; ours threw {Rejections.Describe(e)}");
            }

            var checks = fixture.Keys.Where(name => !ProducedArrays.Inputs.Contains(name)).Select(name => Check(name, run)).ToList();
            return Verdict(testCase, checks);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "An exception while computing is this array's verdict.")]
    private static ArrayCheck Check(string name, NumericRun run)
    {
        NpyArray expected = run.Fixture[name];
        ShapedValues? ours;
        try
        {
            ours = ProducedArrays.TryProduce(name, run);
        }
        catch (Exception e)
        {
            return new ArrayCheck(name, new ArrayComparison(false, double.NaN, double.NaN, double.NaN, $"ours threw while computing: {Rejections.Describe(e)}"));
        }

        if (ours is null)
        {
            return new ArrayCheck(name, null, "not implemented in the library yet");
        }

        if (!ours.Shape.SequenceEqual(expected.Shape))
        {
            return new ArrayCheck(name, new ArrayComparison(false, double.NaN, double.NaN, double.NaN,
                $"shape {ShapeText.Of(ours.Shape)}, TensorFlow's is {ShapeText.Of(expected.Shape)}"));
        }

        return new ArrayCheck(name, ParityTolerance.Compare(run.Case.Dtype, run.Case.Values, ElementTypes.ToDoubles(expected.Data), ours.Values));
    }

    private static CaseVerdict Verdict(ParityCase testCase, List<ArrayCheck> checks)
    {
        var compared = checks.Where(c => c.Comparison is not null).ToList();
        if (compared.Count == 0)
        {
            return CaseVerdict.Fail(testCase, "the fixture holds no result array ours can produce", checks);
        }

        var failed = compared.Where(c => !c.Comparison!.Passed).ToList();
        if (failed.Count > 0)
        {
            return CaseVerdict.Fail(testCase, string.Join("; ", failed.Select(c => $"{c.Name}: {c.Comparison!.Reason}")), checks);
        }

        int notChecked = checks.Count - compared.Count;
        string summary = string.Join("; ", compared.Select(c => $"{c.Name}: {c.Comparison!.Summary}"));
        return CaseVerdict.Pass(testCase, notChecked == 0 ? summary : $"{summary}; {notChecked} array(s) not checked yet", checks);
    }

    private static IReadOnlyDictionary<string, NpyArray> ReadFixture(ParityCase testCase, string folder)
    {
        string path = Path.Combine(folder, testCase.File ?? throw new InvalidDataException("a numeric case without 'file'"));
        return File.Exists(path) ? NpzArchive.Read(path) : throw new InvalidDataException($"fixture file {testCase.File} is missing");
    }

    private static NpyArray Input(IReadOnlyDictionary<string, NpyArray> fixture, string name) =>
        fixture.TryGetValue(name, out NpyArray? array) ? array : throw new InvalidDataException($"the fixture has no '{name}' array");
}
