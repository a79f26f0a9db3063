using System.Text;
using AtrousConv.Parity;
using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Tests;

/// <summary>The manifest model tolerates what other fixture sets may hold, and the runner fails clearly without one.</summary>
[TestClass]
public sealed class ParityManifestTests
{
    [TestMethod]
    public void UnknownKeysAreIgnoredAndMissingOnesAreNull()
    {
        const string Json = """
            { "format": "atrous-conv-golden/1", "future_key": {"x": [1, 2]},
              "cases": [ { "id": "erro-1", "op": "atrous_conv2d_transpose", "kind": "error", "dtype": "float32",
                           "rate": 2147483647, "padding": "SAME", "value_shape": [5, 5, 3], "filters_shape": [3, 3, 2, 3],
                           "output_shape": [1, -5, 5, 2, 1], "error": {"type": "ValueError", "message": "m", "extra": 1},
                           "tf_limit": true, "new_field": "ignored" } ] }
            """;
        ParityManifest manifest = ManifestLoader.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Json)));

        ParityCase testCase = manifest.Cases.Single();
        Assert.AreEqual(2147483647L, testCase.Rate);
        CollectionAssert.AreEqual(new long[] { 1, -5, 5, 2, 1 }, testCase.OutputShape!.ToArray());
        Assert.AreEqual("ValueError", testCase.Error!.Type);
        Assert.IsTrue(testCase.IsTfLimit);
        Assert.AreEqual("float32", testCase.EffectiveFiltersDtype);
        Assert.IsFalse(testCase.OutputShapeIsTensor);
        Assert.IsNull(testCase.Strides);
        Assert.IsNull(testCase.File);
        Assert.AreEqual(CaseOutcome.Passed, CaseEvaluator.Evaluate(testCase, ".").Outcome, "a rank-3 value is rejected");
    }

    [TestMethod]
    public void AFolderWithoutManifestIsAClearError()
    {
        string empty = Directory.CreateTempSubdirectory("parity-empty-").FullName;
        try
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => ParityRunner.Run(empty));
            StringAssert.Contains(e.Message, ManifestLoader.FileName);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
