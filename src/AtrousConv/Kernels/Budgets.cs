namespace AtrousConv.Kernels;

/// <summary>
/// The workspace bounds of the fast kernels, in one place. Each kernel sizes its workspace from the validated
/// geometry in 64-bit arithmetic that saturates instead of overflowing (<see cref="Product"/>), compares it with its
/// budget, and where the budget cannot hold runs <see cref="DirectSum{TIn, T, TLoad, TOp}"/>, which needs none:
/// a valid call never fails for want of memory and never allocates more than these.
/// </summary>
internal static class Budgets
{
    /// <summary>Packed filters of one call (a copy of the filters in the micro-kernels' layout).</summary>
    public const long PackedFilterBytes = 32L << 20;

    /// <summary>One worker's kernel workspace: pointer lists, padded rows or border copies, accumulator tiles.</summary>
    public const long ThreadWorkspaceBytes = 4L << 20;

    /// <summary>Each of the tiled convolution's tile placements of one call (<see cref="TilePlan"/>: the main tile's
    /// and the lead tile's): kilobytes for any geometry but strides or filter widths of thousands.</summary>
    public const long TilePlanBytes = 1L << 20;

    /// <summary>The product of sizes, or <see cref="long.MaxValue"/> when it does not fit (hostile shapes that are
    /// empty elsewhere); sizes are non-negative.</summary>
    public static long Product(long a, long b, long c = 1, long d = 1, long e = 1) => Times(Times(Times(Times(a, b), c), d), e);

    private static long Times(long a, long b)
    {
        Int128 p = (Int128)a * b;
        return p > long.MaxValue ? long.MaxValue : (long)p;
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/>, saturating.</summary>
    public static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
