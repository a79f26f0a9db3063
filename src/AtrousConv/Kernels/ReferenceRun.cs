using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>
/// <see cref="KernelVariant.Reference"/>: the definition's loops (<see cref="ReferenceConvTranspose"/>) in float64, or
/// int64 for int32 (wrapped at the end), rounded once into the caller's type. Slow on purpose: the tests' oracle.
/// </summary>
internal static class ReferenceRun
{
    // The reference runs live in their own methods: a lambda's closure is allocated when its method is entered,
    // and the fast path must not allocate.
    public static void Convolution<T>(Conv2DTransposeGeometry g, bool transpose, ReadOnlySpan<T> input, ReadOnlySpan<T> filters, Span<T> result)
        where T : unmanaged =>
        Reference(result, input, filters,
            (a, b) => transpose ? ReferenceConvTranspose.Transpose(g, a, b) : ReferenceConvTranspose.Adjoint(g, a, b),
            (a, b) => transpose ? ReferenceConvTranspose.Transpose(g, a, b) : ReferenceConvTranspose.Adjoint(g, a, b));

    public static void FilterGradient<T>(Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> gradOutput, Span<T> gradFilters)
        where T : unmanaged =>
        Reference(gradFilters, value, gradOutput, (a, b) => ReferenceConvTranspose.FilterGradient(g, a, b), (a, b) => ReferenceConvTranspose.FilterGradient(g, a, b));

    private static void Reference<T>(Span<T> result, ReadOnlySpan<T> first, ReadOnlySpan<T> second, Func<double[], double[], double[]> real, Func<long[], long[], long[]> integer)
        where T : unmanaged
    {
        if (typeof(T) == typeof(int))
        {
            long[] exact = integer(ToLong(first), ToLong(second));
            Span<int> target = MemoryMarshal.Cast<T, int>(result);
            for (int k = 0; k < exact.Length; k++)
            {
                target[k] = unchecked((int)exact[k]);
            }

            return;
        }

        double[] sum = real(ToDouble(first), ToDouble(second));
        for (int k = 0; k < sum.Length; k++)
        {
            result[k] = ElementTable.FromDouble<T>(sum[k]);
        }
    }

    private static double[] ToDouble<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        var result = new double[source.Length];
        for (int k = 0; k < source.Length; k++)
        {
            result[k] = ElementTable.ToDouble(source[k]);
        }

        return result;
    }

    private static long[] ToLong<T>(ReadOnlySpan<T> source)
        where T : unmanaged =>
        typeof(T) == typeof(int) ? Array.ConvertAll(MemoryMarshal.Cast<T, int>(source).ToArray(), v => (long)v) : [];
}
