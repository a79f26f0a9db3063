using System.Reflection;
using AtrousConv.Parity.Evaluation;

namespace AtrousConv.Tests;

/// <summary>Every case of parity/golden through the library's TensorFlow face, by the parity runner's rules (docs/fixture-format.md).</summary>
[TestClass]
public sealed class ParityFixtureTests
{
    public static IEnumerable<object[]> Cases => ParityFixtures.Cases.Select(c => new object[] { c.Id! });

    public static string CaseName(MethodInfo method, object[] data) => $"{data[0]} via the TensorFlow face";

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(CaseName))]
    public void CaseMatchesTensorFlow(string id)
    {
        CaseVerdict verdict = CaseEvaluator.Evaluate(ParityFixtures.Case(id), ParityFixtures.Folder);
        Assert.AreEqual(CaseOutcome.Passed, verdict.Outcome, verdict.Reason);
    }
}
