namespace AtrousConv.Kernels;

/// <summary>
/// Packs filters into the layout the micro-kernels stream: <c>[tap = i·kw + j][coBlock][ci][Nr]</c>, output
/// channels padded with zeros to a multiple of <c>Nr</c>. One tap's block for one coBlock is then a contiguous
/// <c>cin × Nr</c> panel read with aligned vector loads.
/// </summary>
internal static unsafe class FilterPacker
{
    /// <summary>Elements the packed filter needs.</summary>
    public static long PackedLength(long kh, long kw, long cout, long cin, int nr) =>
        checked(kh * kw * CoBlocks(cout, nr) * cin * nr);

    public static long CoBlocks(long cout, int nr) => (cout + nr - 1) / nr;

    /// <summary>
    /// Packs a transposed-convolution filter <c>[kh, kw, Cout, Cin]</c>, converting each element with
    /// <typeparamref name="TLoad"/> (identity, or widening of 16-bit types).
    /// </summary>
    public static void PackTranspose<TIn, T, TLoad>(ReadOnlySpan<TIn> filters, long kh, long kw, long cout, long cin, int nr, T* packed)
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        long blocks = CoBlocks(cout, nr);
        T* dst = packed;
        for (long tap = 0; tap < kh * kw; tap++)
        {
            for (long cb = 0; cb < blocks; cb++)
            {
                for (long ci = 0; ci < cin; ci++)
                {
                    for (long l = 0; l < nr; l++)
                    {
                        long co = (cb * nr) + l;
                        *dst++ = co < cout ? TLoad.Load(filters[(int)((((tap * cout) + co) * cin) + ci)]) : default;
                    }
                }
            }
        }
    }
}
