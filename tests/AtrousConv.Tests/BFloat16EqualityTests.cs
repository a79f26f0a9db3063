namespace AtrousConv.Tests;

/// <summary>
/// <see cref="BFloat16"/> equality follows IEEE as <see cref="float"/> and <see cref="Half"/> do: <c>==</c> says
/// +0 == −0 and NaN != NaN; <c>Equals</c> also says NaN equals NaN (so NaN can be found in a set); the hash agrees
/// with <c>Equals</c>. A bfloat16 is the upper half of a float32, so the float32 it widens to is the oracle.
/// </summary>
[TestClass]
public sealed class BFloat16EqualityTests
{
    private static readonly (string Name, ushort Bits)[] Values =
    [
        ("+0", 0x0000), ("-0", 0x8000), ("1", 0x3F80), ("-1", 0xBF80), ("1+ulp", 0x3F81), ("max", 0x7F7F),
        ("min subnormal", 0x0001), ("-min subnormal", 0x8001), ("+inf", 0x7F80), ("-inf", 0xFF80),
        ("quiet NaN", 0x7FC0), ("NaN low payload", 0x7F81), ("NaN all payload", 0x7FFF), ("-NaN", 0xFFC0),
    ];

    /// <summary>The rules by name, with what <c>==</c>, <c>!=</c> and <c>Equals</c> must say.</summary>
    public static IEnumerable<object[]> Rules =>
    [
        ["+0 == -0", (ushort)0x0000, (ushort)0x8000, true, true],
        ["NaN != NaN, yet Equals", (ushort)0x7FC0, (ushort)0x7FC0, false, true],
        ["NaNs of other payloads and signs: Equals", (ushort)0x7F81, (ushort)0xFFC0, false, true],
        ["NaN != a number", (ushort)0x7FC0, (ushort)0x3F80, false, false],
        ["NaN != +inf (same exponent bits)", (ushort)0x7F81, (ushort)0x7F80, false, false],
        ["1 == 1", (ushort)0x3F80, (ushort)0x3F80, true, true],
        ["1 != -1", (ushort)0x3F80, (ushort)0xBF80, false, false],
        ["subnormal != -subnormal", (ushort)0x0001, (ushort)0x8001, false, false],
        ["+inf != -inf", (ushort)0x7F80, (ushort)0xFF80, false, false],
    ];

    /// <summary>Every pair of the interesting values, compared with what float32 says of the same numbers.</summary>
    public static IEnumerable<object[]> Pairs =>
        Values.SelectMany(a => Values.Select(b => new object[] { $"{a.Name} vs {b.Name}", a.Bits, b.Bits }));

    [TestMethod]
    [DynamicData(nameof(Rules))]
    public void EqualityRule(string rule, ushort left, ushort right, bool equalOperator, bool equalsMethod)
    {
        BFloat16 a = BFloat16.FromBits(left), b = BFloat16.FromBits(right);

        Assert.AreEqual(equalOperator, a == b, $"{rule}: ==");
        Assert.AreEqual(!equalOperator, a != b, $"{rule}: !=");
        Assert.AreEqual(equalsMethod, a.Equals(b), $"{rule}: Equals(BFloat16)");
        Assert.AreEqual(equalsMethod, a.Equals((object)b), $"{rule}: Equals(object)");
        Assert.AreEqual(equalsMethod, EqualityComparer<BFloat16>.Default.Equals(a, b), $"{rule}: EqualityComparer");
    }

    [TestMethod]
    [DynamicData(nameof(Pairs))]
    public void AgreesWithFloat32(string pair, ushort left, ushort right)
    {
        BFloat16 a = BFloat16.FromBits(left), b = BFloat16.FromBits(right);
        float x = a.ToSingle(), y = b.ToSingle();

        Assert.AreEqual(x == y, a == b, $"{pair}: ==");
        Assert.AreEqual(x != y, a != b, $"{pair}: !=");
        Assert.AreEqual(x.Equals(y), a.Equals(b), $"{pair}: Equals");
        if (a.Equals(b))
        {
            Assert.AreEqual(a.GetHashCode(), b.GetHashCode(), $"{pair}: equal values must hash alike");
        }
    }

    [TestMethod]
    public void SetsFindZeroAndNaNWhateverTheirBits()
    {
        var set = new HashSet<BFloat16> { BFloat16.FromBits(0x8000), BFloat16.FromBits(0x7FC0) };

        Assert.IsTrue(set.Contains(BFloat16.FromBits(0x0000)), "+0 finds -0");
        Assert.IsTrue(set.Contains(BFloat16.FromBits(0xFFFF)), "any NaN finds a NaN");
        Assert.IsFalse(set.Contains(BFloat16.FromBits(0x7F80)), "+inf is not a NaN");
        Assert.AreEqual(2, set.Count);
    }
}
