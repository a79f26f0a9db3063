using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>Floor division and modulo: tap arithmetic crosses zero, where C#'s truncating operators differ.</summary>
internal static class Index
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorDiv(long a, long b)
    {
        Debug.Assert(b > 0, "strides are validated >= 1");
        if (b == 1)
        {
            return a; // the common unit stride: no division (tens of cycles) in the per-row tap arithmetic
        }

        long q = a / b;
        return (a % b != 0 && a < 0) ? q - 1 : q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long FloorMod(long a, long b)
    {
        if (b == 1)
        {
            return 0;
        }

        long m = a % b;
        return m < 0 ? m + b : m;
    }
}

/// <summary>
/// <c>value % divisor</c> for a divisor fixed across many calls (a ring of row slots), by multiplication instead of a
/// 64-bit division (tens of cycles, once per row and tap in the row loops): Lemire's method on 32-bit operands, with the
/// division kept for values or divisors past 32 bits.
/// </summary>
internal readonly struct FastModulus
{
    private readonly ulong multiplier;
    private readonly long divisor;

    /// <summary>Prepares the modulus by <paramref name="divisor"/> (≥ 1).</summary>
    public FastModulus(long divisor)
    {
        Debug.Assert(divisor >= 1, "a ring has at least one slot");
        this.divisor = divisor;
        // 2^64 / divisor rounded up; 0 (wrapped) for a divisor of 1 and kept 0 past 32 bits: both take the division.
        multiplier = divisor <= uint.MaxValue ? unchecked((ulong.MaxValue / (ulong)divisor) + 1) : 0;
    }

    /// <summary><paramref name="value"/> (≥ 0) modulo the divisor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Of(long value)
    {
        Debug.Assert(value >= 0, "row indexes are not negative");
        if (multiplier == 0 || (ulong)value > uint.MaxValue)
        {
            return value % divisor;
        }

        ulong low = multiplier * (ulong)value;
        return (long)Math.BigMul(low, (ulong)divisor, out _);
    }
}
