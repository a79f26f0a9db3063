using System.Diagnostics;
using System.Numerics.Tensors;

namespace AtrousConv.Kernels;

/// <summary>
/// Packs filters into the layout the micro-kernels stream: <c>[tap = i·kw + j][oBlock][r][Nr]</c> — for each tap and
/// block of <c>Nr</c> output channels, a contiguous <c>R × Nr</c> panel over the reduction channels <c>r</c>, output
/// channels padded with zeros to a multiple of <c>Nr</c>, read with aligned vector loads.
/// </summary>
internal static unsafe class FilterPacker
{
    /// <summary>Elements the packed filter needs (saturating: a huge count only fails the budget).</summary>
    public static long PackedLength(long taps, long reduction, long outputs, int nr) => Budgets.Product(taps, OutputBlocks(outputs, nr), reduction, nr);

    public static long OutputBlocks(long outputs, int nr) => (outputs + nr - 1) / nr;

    /// <summary>
    /// Packs <paramref name="filters"/> whose element (tap, r, o) sits at <c>tap·R·O + r·rStride + o·oStride</c>,
    /// converting each element with <typeparamref name="TLoad"/> (identity, or widening of 16-bit types).
    /// Subnormal float32 weights become zero, as in TensorFlow, which computes with denormals flushed.
    /// </summary>
    /// <returns>Whether every weight is finite. A NaN or ±Inf weight must not meet the zeros the tiled kernels read
    /// outside the image (Inf·0 is NaN, and TensorFlow adds nothing there), so the caller then sums directly.</returns>
    public static bool Pack<TIn, T, TLoad>(TIn* filters, long taps, long reduction, long outputs, long rStride, long oStride, int nr, T* packed)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        if (typeof(TIn) == typeof(T))
        {
            return PackSameType(filters, taps, reduction, outputs, rStride, oStride, nr, packed);
        }

        long blocks = OutputBlocks(outputs, nr);
        bool finite = true;
        T* dst = packed;
        for (long tap = 0; tap < taps; tap++)
        {
            TIn* tapBase = filters + (tap * reduction * outputs);
            for (long block = 0; block < blocks; block++)
            {
                for (long r = 0; r < reduction; r++)
                {
                    for (long l = 0; l < nr; l++)
                    {
                        long o = (block * nr) + l;
                        T value = o < outputs ? Flush(TLoad.Load(tapBase[(r * rStride) + (o * oStride)])) : default;
                        finite &= IsFinite(value);
                        *dst++ = value;
                    }
                }
            }
        }

        return finite;
    }

    /// <summary>
    /// <see cref="Pack"/> without a conversion: the whole filter is checked once with vectorised scans (finite, any
    /// subnormal), then copied without a test per element, and subnormals, if any, are flushed in the copy. Per-element
    /// tests and conversions cost A's 37k weights 2 % of its call; the plain copy a fifth of that.
    /// </summary>
    private static bool PackSameType<TIn, T>(TIn* filters, long taps, long reduction, long outputs, long rStride, long oStride, int nr, T* packed)
        where TIn : unmanaged
        where T : unmanaged
    {
        long count = Budgets.Product(taps, reduction, outputs);
        Debug.Assert(count <= int.MaxValue, "the packed filter's budget bounds the filter");
        bool anySubnormal = false;
        if (typeof(T) == typeof(float))
        {
            var all = new ReadOnlySpan<float>(filters, (int)count);
            if (!TensorPrimitives.IsFiniteAll(all))
            {
                return false;
            }

            anySubnormal = TensorPrimitives.IsSubnormalAny(all);
        }
        else if (typeof(T) == typeof(double) && !TensorPrimitives.IsFiniteAll(new ReadOnlySpan<double>(filters, (int)count)))
        {
            return false;
        }

        long blocks = OutputBlocks(outputs, nr);
        T* dst = packed;
        for (long tap = 0; tap < taps; tap++)
        {
            T* tapBase = (T*)filters + (tap * reduction * outputs);
            for (long block = 0; block < blocks; block++)
            {
                long o0 = block * nr;
                int valid = (int)Math.Min(nr, outputs - o0);
                for (long r = 0; r < reduction; r++, dst += nr)
                {
                    T* src = tapBase + (r * rStride) + (o0 * oStride);
                    for (int l = 0; l < valid; l++)
                    {
                        dst[l] = src[l * oStride];
                    }

                    for (int l = valid; l < nr; l++)
                    {
                        dst[l] = default;
                    }
                }
            }
        }

        if (anySubnormal)
        {
            for (T* p = packed; p < dst; p++)
            {
                *p = Flush(*p);
            }
        }

        return true;
    }

    /// <summary>Flushes a float32 subnormal to a zero of the same sign; other types pass unchanged.</summary>
    internal static T Flush<T>(T value)
    {
        if (typeof(T) == typeof(float))
        {
            float f = (float)(object)value!;
            return float.IsSubnormal(f) ? (T)(object)(f < 0 ? -0f : 0f) : value;
        }

        return value;
    }

    private static bool IsFinite<T>(T value) =>
        typeof(T) == typeof(float) ? float.IsFinite((float)(object)value!)
        : typeof(T) != typeof(double) || double.IsFinite((double)(object)value!);
}
