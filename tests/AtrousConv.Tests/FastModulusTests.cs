using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The row loops' slot ring (<see cref="FastModulus"/>): the multiplicative modulus against C#'s <c>%</c> on every
/// divisor a ring can have, at the 32-bit edges where it switches to the division, and on values around each
/// multiple of the divisor (where an off-by-one rounding of the multiplier would first show).
/// </summary>
[TestClass]
public sealed class FastModulusTests
{
    public static IEnumerable<object[]> Divisors() =>
        new long[] { 1, 2, 3, 5, 7, 8, 9, 255, 256, 257, 65_537, 1L << 31, uint.MaxValue - 1, uint.MaxValue, (long)uint.MaxValue + 1, 3L << 33 }
            .Select(d => new object[] { d });

    [TestMethod]
    [DynamicData(nameof(Divisors))]
    public void MatchesTheRemainder(long divisor)
    {
        var modulus = new FastModulus(divisor);
        var values = new List<long> { 0, 1, 2, uint.MaxValue - 1, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue };
        for (long k = 1; k <= 64; k++)
        {
            long multiple = divisor * k;
            if (multiple / k == divisor)
            {
                values.AddRange([multiple - 1, multiple, multiple + 1]);
            }
        }

        var random = new Random((int)(divisor % int.MaxValue));
        for (int i = 0; i < 2_000; i++)
        {
            values.Add(random.NextInt64(0, uint.MaxValue));
        }

        foreach (long value in values.Where(v => v >= 0))
        {
            Assert.AreEqual(value % divisor, modulus.Of(value), $"{value} mod {divisor}");
        }
    }
}
