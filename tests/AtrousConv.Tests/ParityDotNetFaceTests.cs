using System.Reflection;
using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Tests;

/// <summary>
/// The .NET face (<see cref="Convolution"/>) gives TensorFlow's verdict on every error and accepted case it can
/// express (one dtype the face computes, padding SAME/VALID, output_shape a list, rank-4 inputs): it rejects with
/// the ArgumentException family what TensorFlow rejects, and accepts what TensorFlow accepts with its result shape.
/// </summary>
[TestClass]
public sealed class ParityDotNetFaceTests
{
    public static IEnumerable<object[]> Cases => ParityFixtures.Cases
        .Where(c => c.Kind is "error" or "accepted" && DotNetFaceCall.WhyNotExpressible(c) is null)
        .Select(c => new object[] { c.Id! });

    public static string CaseName(MethodInfo method, object[] data) => $"{data[0]} via the .NET face";

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(CaseName))]
    public void DotNetFaceGivesTensorFlowsVerdict(string id)
    {
        ParityCase testCase = ParityFixtures.Case(id);
        var inputs = GeneratedInputs.For(testCase);
        ShapedValues? result = null;
        Exception? thrown = null;
        try
        {
            result = DotNetFaceCall.From(testCase).Run(inputs.Value, inputs.ValueShape, inputs.Filters, inputs.FiltersShape);
        }
        catch (ArgumentException e)
        {
            thrown = e;
        }

        // Any other exception type escapes and fails the test, as docs/fixture-format.md asks for the ArgumentException family.
        if (testCase.IsTfLimit)
        {
            // TensorFlow's verdict comes from its own limits: rejecting is fine, computing must give a sane shape.
            Assert.IsTrue(thrown is not null || result!.Shape.All(d => d >= 0), $"{id}: computed a negative shape");
        }
        else if (testCase.Kind == "error")
        {
            Assert.IsNotNull(thrown, $"{id}: accepted with shape {ShapeText.Of(result?.Shape)}; TensorFlow raised {testCase.Error?.Type}: {testCase.Error?.Message}");
        }
        else
        {
            Assert.IsNull(thrown, $"{id}: TensorFlow accepted it; ours threw {thrown?.Message}");
            CollectionAssert.AreEqual(testCase.ResultShape!.ToArray(), result!.Shape, $"{id}: result shape");
        }
    }
}
