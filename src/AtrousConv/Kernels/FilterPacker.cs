namespace AtrousConv.Kernels;

/// <summary>
/// Packs filters into the layout the micro-kernels stream: <c>[tap = i·kw + j][oBlock][r][Nr]</c> — for each tap and
/// block of <c>Nr</c> output channels, a contiguous <c>R × Nr</c> panel over the reduction channels <c>r</c>, output
/// channels padded with zeros to a multiple of <c>Nr</c>, read with aligned vector loads.
/// </summary>
internal static unsafe class FilterPacker
{
    /// <summary>Elements the packed filter needs.</summary>
    public static long PackedLength(long taps, long reduction, long outputs, int nr) => checked(taps * OutputBlocks(outputs, nr) * reduction * nr);

    public static long OutputBlocks(long outputs, int nr) => (outputs + nr - 1) / nr;

    /// <summary>
    /// Packs <paramref name="filters"/> whose element (tap, r, o) sits at <c>tap·R·O + r·rStride + o·oStride</c>,
    /// converting each element with <typeparamref name="TLoad"/> (identity, or widening of 16-bit types).
    /// Subnormal float32 weights become zero, as in TensorFlow, which computes with denormals flushed.
    /// </summary>
    public static void Pack<TIn, T, TLoad>(ReadOnlySpan<TIn> filters, long taps, long reduction, long outputs, long rStride, long oStride, int nr, T* packed)
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        long blocks = OutputBlocks(outputs, nr);
        T* dst = packed;
        for (long tap = 0; tap < taps; tap++)
        {
            long tapBase = tap * reduction * outputs;
            for (long block = 0; block < blocks; block++)
            {
                for (long r = 0; r < reduction; r++)
                {
                    for (long l = 0; l < nr; l++)
                    {
                        long o = (block * nr) + l;
                        *dst++ = o < outputs ? Flush(TLoad.Load(filters[(int)(tapBase + (r * rStride) + (o * oStride))])) : default;
                    }
                }
            }
        }
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
}
