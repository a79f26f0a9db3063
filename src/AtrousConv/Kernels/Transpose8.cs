using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AtrousConv.Kernels;

/// <summary>
/// An 8 × 8 float32 block transposed in AVX registers: the copies between a layout's rows and columns (a filter panel's
/// lanes, an input row's channel planes) that element by element gather every value from another cache line. A copy:
/// the values, and so every result, are unchanged.
/// </summary>
internal static unsafe class Transpose8
{
    /// <summary>Whether the block copy runs here (else callers copy element by element).</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// Writes <c>destination[i·destinationStride + j] = source[j·sourceStride + i]</c> for every <c>j</c> below
    /// <paramref name="count"/> and <c>i</c> below <c>rows &amp; ~7</c>: 8 × 8 blocks, then the last <c>count % 8</c>
    /// columns one by one. Returns the rows written (the caller copies the rest its own way).
    /// </summary>
    public static long Copy(float* source, long sourceStride, long count, long rows, float* destination, long destinationStride)
    {
        long done = rows & ~7L, whole = count & ~7L;
        for (long i0 = 0; i0 < done; i0 += 8)
        {
            float* d = destination + (i0 * destinationStride);
            for (long j0 = 0; j0 < whole; j0 += 8)
            {
                Block(source + (j0 * sourceStride) + i0, sourceStride, d + j0, destinationStride);
            }

            for (long i = 0; i < 8; i++)
            {
                for (long j = whole; j < count; j++)
                {
                    d[(i * destinationStride) + j] = source[(j * sourceStride) + i0 + i];
                }
            }
        }

        return done;
    }

    /// <summary>
    /// The same copy for rows of fewer than 8 channels (<paramref name="channels"/> = the source stride, 1–7; the planar rows take it for 3–7): blocks of
    /// 8 pixels whose 8-float loads stay within <paramref name="readable"/> elements of <paramref name="source"/> (each
    /// load reads the next pixels' channels too, and only the block's own are stored), the rest one by one.
    /// </summary>
    public static void CopyNarrow(float* source, long channels, long count, long readable, float* destination, long destinationStride)
    {
        System.Diagnostics.Debug.Assert(channels is >= 1 and < 8, "rows of 8 channels or more take Copy");
        long j0 = 0;
        for (; j0 + 8 <= count && ((j0 + 7) * channels) + 8 <= readable; j0 += 8)
        {
            Block(source + (j0 * channels), channels, destination + j0, destinationStride, (int)channels);
        }

        for (long i = 0; i < channels; i++)
        {
            for (long j = j0; j < count; j++)
            {
                destination[(i * destinationStride) + j] = source[(j * channels) + i];
            }
        }
    }

    /// <summary>Writes <c>destination[i·destinationStride + j] = source[j·sourceStride + i]</c> for i, j in 0–7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(float* source, long sourceStride, float* destination, long destinationStride) =>
        Block(source, sourceStride, destination, destinationStride, 8);

    /// <summary>The first <paramref name="rows"/> rows of the transposed block: <c>destination[i·destinationStride + j]
    /// = source[j·sourceStride + i]</c> for <c>i &lt; rows</c>, <c>j</c> in 0–7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block(float* source, long sourceStride, float* destination, long destinationStride, int rows)
    {
        Vector256<float> a0 = Avx.LoadVector256(source), a1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> a2 = Avx.LoadVector256(source + (2 * sourceStride)), a3 = Avx.LoadVector256(source + (3 * sourceStride));
        Vector256<float> a4 = Avx.LoadVector256(source + (4 * sourceStride)), a5 = Avx.LoadVector256(source + (5 * sourceStride));
        Vector256<float> a6 = Avx.LoadVector256(source + (6 * sourceStride)), a7 = Avx.LoadVector256(source + (7 * sourceStride));

        // Pairs of rows interleaved, then pairs of pairs: u0 holds column 0 of rows 0–3 and column 4, u1 columns 1 and 5, …
        Vector256<float> t0 = Avx.UnpackLow(a0, a1), t1 = Avx.UnpackHigh(a0, a1);
        Vector256<float> t2 = Avx.UnpackLow(a2, a3), t3 = Avx.UnpackHigh(a2, a3);
        Vector256<float> t4 = Avx.UnpackLow(a4, a5), t5 = Avx.UnpackHigh(a4, a5);
        Vector256<float> t6 = Avx.UnpackLow(a6, a7), t7 = Avx.UnpackHigh(a6, a7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        // Rows 0–3 of a column from one, rows 4–7 from the other: the low halves are columns 0–3, the high ones 4–7.
        Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
        if (rows > 1)
        {
            Avx.Store(destination + destinationStride, Avx.Permute2x128(u1, u5, 0x20));
        }

        if (rows > 2)
        {
            Avx.Store(destination + (2 * destinationStride), Avx.Permute2x128(u2, u6, 0x20));
        }

        if (rows > 3)
        {
            Avx.Store(destination + (3 * destinationStride), Avx.Permute2x128(u3, u7, 0x20));
        }

        if (rows > 4)
        {
            Avx.Store(destination + (4 * destinationStride), Avx.Permute2x128(u0, u4, 0x31));
        }

        if (rows > 5)
        {
            Avx.Store(destination + (5 * destinationStride), Avx.Permute2x128(u1, u5, 0x31));
        }

        if (rows > 6)
        {
            Avx.Store(destination + (6 * destinationStride), Avx.Permute2x128(u2, u6, 0x31));
        }

        if (rows > 7)
        {
            Avx.Store(destination + (7 * destinationStride), Avx.Permute2x128(u3, u7, 0x31));
        }
    }
}
