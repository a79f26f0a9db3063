using System.Runtime.CompilerServices;
using AtrousConv.Contract;
namespace AtrousConv.Kernels;

/// <summary>
/// The workspace-free path of both convolution directions: each result element is one fused multiply-add chain over
/// exactly the taps that reach an input pixel inside the image (rows i ascending, then columns j, then reduction
/// channels), read in place from the caller's input and filters. That is the order the tiled kernels use, so this
/// path gives their bits; and a tap outside the image contributes nothing at all, as TensorFlow's definition says
/// (no padding zero is multiplied, so a non-finite filter tap never meets one).
/// </summary>
/// <remarks>
/// Taken where the tiled path cannot keep its promises: packed filters or per-thread lists beyond their budgets (huge
/// filters), rows too wide to copy for a 16-bit type, and filters holding NaN or ±Inf. It needs no memory beyond
/// the caller's buffers, so any valid call computes; work is a range of result rows split among threads like the
/// tiled kernel's, so results do not depend on the thread count.
/// </remarks>
/// <typeparam name="TIn">The caller's element type.</typeparam>
/// <typeparam name="T">The accumulation type.</typeparam>
/// <typeparam name="TLoad">Reads <typeparamref name="TIn"/> as <typeparamref name="T"/> and stores back.</typeparam>
/// <typeparam name="TOp">The multiply-add.</typeparam>
internal static unsafe class DirectSum<TIn, T, TLoad, TOp>
    where TIn : unmanaged
    where T : unmanaged
    where TLoad : IElementLoad<TIn, T>
    where TOp : IMulAdd<T>
{
    [ThreadStatic]
    private static Job? cachedJob;

    public static void Run(Conv2DTransposeGeometry g, ConvDirection direction, TIn* input, TIn* filters, TIn* result, int maxThreads)
    {
        Job job = cachedJob ??= new Job();
        job.Set(g, direction, input, filters, result);
        ParallelRanges.Run(job, job.ItemCount, job.MultiplyAdds, maxThreads, shrinkChunks: true);
    }

    private sealed class Job : IRangeJob
    {
        private TIn* input, filters, result;
        private long batch, inH, inW, reduction, outH, outW, outputs, kh, kw, sh, sw, dh, dw, pt, pl, rStride, oStride, filterOutputs;
        private bool transpose;

        public long ItemCount { get; private set; }

        public double MultiplyAdds { get; private set; }

        public void Set(Conv2DTransposeGeometry g, ConvDirection direction, TIn* input, TIn* filters, TIn* result)
        {
            transpose = direction == ConvDirection.Transpose;
            this.input = input;
            this.filters = filters;
            this.result = result;
            batch = g.Batch;
            (inH, inW, reduction) = transpose ? (g.InputHeight, g.InputWidth, g.InputChannels) : (g.OutputHeight, g.OutputWidth, g.OutputChannels);
            (outH, outW, outputs) = transpose ? (g.OutputHeight, g.OutputWidth, g.OutputChannels) : (g.InputHeight, g.InputWidth, g.InputChannels);
            (kh, kw, sh, sw, dh, dw, pt, pl) = (g.FilterHeight, g.FilterWidth, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth, g.PadTop, g.PadLeft);

            // filters[i, j, co, ci]: the transposed op reduces over ci (unit stride), its adjoint over co.
            (rStride, oStride) = transpose ? (1L, g.InputChannels) : (g.InputChannels, 1L);
            filterOutputs = g.OutputChannels * g.InputChannels;
            ItemCount = outW == 0 || outputs == 0 ? 0 : batch * outH;

            // An upper bound (in double: seven sizes may exceed 64 bits for hostile shapes that are empty elsewhere):
            // the pixels a tap reaches, not the taps' count, since most taps of a huge filter miss the image.
            MultiplyAdds = (double)batch * outH * outW * outputs * reduction * Math.Min(kh, inH) * Math.Min(kw, inW);
        }

        // Straight to optimised code (no tier-0 or OSR phases, no PGO profile gathered racily by two threads at once),
        // so every process runs the same machine code: the same for the methods below.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunRange(long start, long end)
        {
            for (long item = start; item < end; item++)
            {
                long n = item / outH, y = item - (n * outH);
                (long iLo, long iHi) = TapRange(y, kh, pt, dh, sh, inH);
                TIn* outRow = result + (item * outW * outputs);
                for (long x = 0; x < outW; x++)
                {
                    (long jLo, long jHi) = TapRange(x, kw, pl, dw, sw, inW);
                    for (long o = 0; o < outputs; o++)
                    {
                        T acc = default;
                        for (long i = iLo; i <= iHi; i++)
                        {
                            if (!Source(y, i, pt, dh, sh, out long iy))
                            {
                                continue;
                            }

                            for (long j = jLo; j <= jHi; j++)
                            {
                                if (!Source(x, j, pl, dw, sw, out long ix))
                                {
                                    continue;
                                }

                                TIn* a = input + (((((n * inH) + iy) * inW) + ix) * reduction);
                                TIn* w = filters + (((i * kw) + j) * filterOutputs) + (o * oStride);
                                for (long r = 0; r < reduction; r++)
                                {
                                    acc = TOp.MulAdd(TLoad.Load(a[r]), FilterPacker.Flush(TLoad.Load(w[r * rStride])), acc);
                                }
                            }
                        }

                        outRow[(x * outputs) + o] = TLoad.Store(acc);
                    }
                }
            }
        }

        /// <summary>
        /// The taps <c>k</c> of one axis that can reach an input index in <c>[0, limit)</c> from result position
        /// <paramref name="p"/>: transposed, <c>index·stride = p + pad − k·dilation</c>; forward,
        /// <c>index = p·stride + k·dilation − pad</c>. Computed, not scanned: a filter may have millions of taps.
        /// </summary>
        private (long Lo, long Hi) TapRange(long p, long count, long pad, long dilation, long stride, long limit)
        {
            long lo, hi;
            if (transpose)
            {
                // 0 ≤ p + pad − k·d ≤ (limit − 1)·stride.
                hi = Index.FloorDiv(p + pad, dilation);
                lo = -Index.FloorDiv(-(p + pad - ((limit - 1) * stride)), dilation);
            }
            else
            {
                // 0 ≤ p·stride + k·d − pad ≤ limit − 1.
                lo = -Index.FloorDiv(-(pad - (p * stride)), dilation);
                hi = Index.FloorDiv(limit - 1 + pad - (p * stride), dilation);
            }

            return (Math.Max(0, lo), Math.Min(count - 1, hi));
        }

        /// <summary>The input index tap <paramref name="k"/> reads for result position <paramref name="p"/>, if whole and inside.</summary>
        private bool Source(long p, long k, long pad, long dilation, long stride, out long index)
        {
            if (transpose)
            {
                long num = p + pad - (k * dilation);
                index = Index.FloorDiv(num, stride);
                return Index.FloorMod(num, stride) == 0;
            }

            index = (p * stride) + (k * dilation) - pad;
            return true;
        }
    }
}
