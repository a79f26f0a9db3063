using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>The filter taps of one axis that reach one result position, shared by the convolution kernels.</summary>
internal static unsafe class TapList
{
    /// <summary>
    /// The taps <c>k &lt; count</c> of one axis that reach result position <paramref name="position"/>, as
    /// (k, input index) pairs into <paramref name="taps"/>. Transposed: <c>index·stride + k·dilation − pad = position</c>
    /// for a whole index; forward: <c>index = position·stride + k·dilation − pad</c>. With <paramref name="clip"/> only
    /// indexes inside <c>[0, limit)</c> are kept (rows); without, every tap is (columns, whose pixels are clipped per tile).
    /// </summary>
    /// <returns>How many pairs were written.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Find(bool transpose, long count, long position, long pad, long dilation, long stride, long limit, bool clip, long* taps)
    {
        int found = 0;
        for (long k = 0; k < count; k++)
        {
            long index;
            if (transpose)
            {
                long num = position + pad - (k * dilation);
                if (Index.FloorMod(num, stride) != 0)
                {
                    continue;
                }

                index = Index.FloorDiv(num, stride);
            }
            else
            {
                index = (position * stride) + (k * dilation) - pad;
            }

            if (!clip || (index >= 0 && index < limit))
            {
                taps[2 * found] = k;
                taps[(2 * found) + 1] = index;
                found++;
            }
        }

        return found;
    }
}
