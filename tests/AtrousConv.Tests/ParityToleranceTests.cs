using AtrousConv.Parity.Tolerance;

namespace AtrousConv.Tests;

/// <summary>docs/fixture-format.md's pass rules as <see cref="ParityTolerance"/> implements them: the limits, exactness and NaN/Inf positions.</summary>
[TestClass]
public sealed class ParityToleranceTests
{
    [TestMethod]
    [DataRow("float64", "normal", 1e-12)]
    [DataRow("float32", "normal", 2e-6)]
    [DataRow("float16", "normal", 4e-3)]
    [DataRow("bfloat16", "normal", 3e-2)]
    public void PassesAtTheLimitAndFailsJustBeyond(string dtype, string values, double limit)
    {
        // scale is max |TF| = 4, so the allowed error is 4 · limit.
        double[] tf = [4, -1, 0.5];
        Assert.IsTrue(Compare(dtype, values, tf, [4 + (3.9 * limit), -1, 0.5]).Passed);
        ArrayComparison beyond = Compare(dtype, values, tf, [4, -1 - (4.2 * limit), 0.5]);
        Assert.IsFalse(beyond.Passed, beyond.Reason);
        Assert.AreEqual(4, beyond.Scale);
        Assert.AreEqual(4.2 * limit / 4, beyond.Ratio, 1e-3 * limit);
    }

    [TestMethod]
    [DataRow("int32", null)]
    [DataRow("float32", "int")]
    [DataRow("float64", "int")]
    public void ExactRulesAllowNoDifferenceButTheSignOfZero(string dtype, string? values)
    {
        Assert.IsTrue(Compare(dtype, values, [3, 0, -7], [3, -0.0, -7]).Passed);
        Assert.IsFalse(Compare(dtype, values, [3, 0, -7], [3, 0, -7 + 1e-9]).Passed);
    }

    [TestMethod]
    public void NonFiniteValuesMustStandAtTensorFlowsPositions()
    {
        double nan = double.NaN, inf = double.PositiveInfinity;
        Assert.IsTrue(Compare("float32", "nan_value", [nan, 1, -inf], [nan, 1, -inf]).Passed);
        Assert.IsFalse(Compare("float32", "nan_value", [nan, 1], [1, 1]).Passed, "finite where TF has NaN");
        Assert.IsFalse(Compare("float32", "nan_value", [1, 1], [nan, 1]).Passed, "NaN where TF is finite");
        Assert.IsFalse(Compare("float32", "inf_value", [inf, 1], [-inf, 1]).Passed, "Inf of the other sign");
        Assert.IsFalse(Compare("float32", "inf_value", [inf, 1], [nan, 1]).Passed, "NaN for Inf without huge inputs");
    }

    [TestMethod]
    public void HugeInputsMaySwapNaNAndInfinity()
    {
        double nan = double.NaN, inf = double.PositiveInfinity;
        Assert.IsTrue(Compare("float32", "huge", [inf, nan, 2], [nan, -inf, 2]).Passed);
        Assert.IsFalse(Compare("float32", "huge", [inf, 2], [inf, nan]).Passed, "NaN where TF is finite");
    }

    [TestMethod]
    public void ScaleAndErrorCountOnlyTensorFlowsFiniteEntries()
    {
        ArrayComparison comparison = Compare("float32", "normal", [double.PositiveInfinity, 1], [double.PositiveInfinity, 1 + 1e-6]);
        Assert.IsTrue(comparison.Passed, comparison.Reason);
        Assert.AreEqual(1, comparison.Scale);
    }

    [TestMethod]
    public void AllZeroResultsMustBeExactlyZero()
    {
        Assert.IsTrue(Compare("float32", "zero_filters", [0, 0], [0, -0.0]).Passed);
        Assert.IsFalse(Compare("float32", "zero_filters", [0, 0], [0, 1e-30]).Passed);
    }

    [TestMethod]
    public void LengthMismatchAndUnknownDtypesFail()
    {
        Assert.IsFalse(Compare("float32", "normal", [1, 2], [1]).Passed);
        Assert.IsFalse(Compare("complex64", "normal", [1], [1]).Passed);
    }

    private static ArrayComparison Compare(string dtype, string? values, double[] tf, double[] ours) => ParityTolerance.Compare(dtype, values, tf, ours);
}
