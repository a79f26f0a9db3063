using System.Diagnostics;

namespace AtrousConv.Kernels;

/// <summary>Floor division and modulo: tap arithmetic crosses zero, where C#'s truncating operators differ.</summary>
internal static class Index
{
    public static long FloorDiv(long a, long b)
    {
        Debug.Assert(b > 0, "strides are validated >= 1");
        long q = a / b;
        return (a % b != 0 && a < 0) ? q - 1 : q;
    }

    public static long FloorMod(long a, long b)
    {
        long m = a % b;
        return m < 0 ? m + b : m;
    }
}
