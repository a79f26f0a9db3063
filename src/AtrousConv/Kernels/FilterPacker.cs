using System.Diagnostics;
using System.Numerics.Tensors;

namespace AtrousConv.Kernels;

/// <summary>
/// Packs filters into the layout the micro-kernels stream: <c>[tap = i·kw + j][oBlock][r][width]</c> — for each tap and
/// block of output channels (<see cref="ChannelBlocks"/>: lead blocks, then tail blocks), a contiguous
/// <c>R × width</c> panel over the reduction channels <c>r</c>, the last block padded with zeros.
/// </summary>
internal static unsafe class FilterPacker
{
    /// <summary>Elements the packed filter needs (saturating: a huge count only fails the budget).</summary>
    public static long PackedLength(long taps, long reduction, ChannelBlocks blocks) => Budgets.Product(taps, reduction, blocks.PaddedOutputs);

    /// <summary>
    /// Packs <paramref name="filters"/> whose element (tap, r, o) sits at <c>tap·R·O + r·rStride + o·oStride</c>,
    /// converting each element with <typeparamref name="TLoad"/> (identity, or widening of 16-bit types).
    /// Subnormal float32 weights become zero, as in TensorFlow, which computes with denormals flushed. A same-type
    /// filter is checked once with vectorised scans (finite, any subnormal) and then copied without a test per element
    /// (per-element tests cost A's 37k weights 2 % of its call; the plain copy a fifth of that); a converted one is
    /// tested element by element as it is widened.
    /// </summary>
    /// <returns>Whether every weight is finite. A NaN or ±Inf weight must not meet the zeros the tiled kernels read
    /// outside the image (Inf·0 is NaN, and TensorFlow adds nothing there), so the caller then sums directly.</returns>
    public static bool Pack<TIn, T, TLoad>(TIn* filters, long taps, long reduction, long outputs, long rStride, long oStride, ChannelBlocks blocks, T* packed)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        bool converts = typeof(TIn) != typeof(T), anySubnormal = false;
        if (!converts)
        {
            long count = Budgets.Product(taps, reduction, outputs);
            Debug.Assert(count <= int.MaxValue, "the packed filter's budget bounds the filter");
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
        }

        bool finite = true;
        T* dst = packed;
        for (long tap = 0; tap < taps; tap++)
        {
            TIn* tapBase = filters + (tap * reduction * outputs);
            for (long block = 0; block < blocks.Count; block++)
            {
                long o0 = blocks.Start(block);
                int nr = blocks.WidthOf(block), valid = (int)Math.Min(nr, outputs - o0);
                Debug.Assert(valid > 0, "every block holds a channel");
                long r = 0;
                if (typeof(TIn) == typeof(float) && typeof(T) == typeof(float) && rStride == 1 && Transpose8.IsSupported)
                {
                    // The transposed direction reads a panel row's lanes a row of channels apart: 8 × 8 blocks are
                    // loaded along the reduction and transposed in registers (a copy: the same values).
                    r = PanelBlocks8((float*)tapBase + (o0 * oStride), reduction, oStride, nr, valid, (float*)dst);
                    dst += r * nr;
                }

                for (; r < reduction; r++, dst += nr)
                {
                    TIn* src = tapBase + (r * rStride) + (o0 * oStride);
                    for (int l = 0; l < valid; l++)
                    {
                        T value = TLoad.Load(src[l * oStride]);
                        if (converts)
                        {
                            value = Flush(value);
                            finite &= IsFinite(value);
                        }

                        dst[l] = value;
                    }

                    for (int l = valid; l < nr; l++)
                    {
                        dst[l] = default;
                    }
                }
            }
        }

        for (T* p = packed; anySubnormal && p < dst; p++)
        {
            *p = Flush(*p);
        }

        return finite;
    }

    /// <summary>
    /// Packs the first <c>reduction &amp; ~7</c> rows of one block's panel from a filter whose rows are contiguous and
    /// whose lanes are <paramref name="oStride"/> apart (<see cref="Transpose8.Copy"/>), its padding lanes zeroed.
    /// Returns the rows packed.
    /// </summary>
    /// <remarks>Element by element, a panel row gathers its lanes from as many cache lines; E's 256 × 256 × 9 filter
    /// took 20 % of a 16 × 16 map's call there (1 × 16 × 16 × 256 → 256, rate 6, on the Xeon).</remarks>
    private static long PanelBlocks8(float* src, long reduction, long oStride, int nr, int valid, float* dst)
    {
        long rows = Transpose8.Copy(src, oStride, valid, reduction, dst, nr);
        for (long r = 0; r < rows && valid < nr; r++)
        {
            new Span<float>(dst + (r * nr) + valid, nr - valid).Clear();
        }

        return rows;
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
