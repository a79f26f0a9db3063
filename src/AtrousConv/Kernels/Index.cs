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
