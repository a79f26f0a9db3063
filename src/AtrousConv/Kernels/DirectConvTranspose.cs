using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The fast kernel: output-stationary direct dilated correlation in NHWC (perf-anchors "Recommended design").
/// Each output row is split by stride phase into runs of pixels whose input pixels are consecutive; each run is
/// cut into tiles of <c>Mr</c> pixels × <c>Nr</c> channels, and one micro-kernel call sums every tap that reaches
/// the tile. Dilation only moves the tap's starting pointer. Tiles whose taps all stay inside the image read
/// <c>value</c> in place; border and tail tiles read a zero-filled per-thread copy of just the pixels they need.
/// </summary>
/// <remarks>
/// Work is a flat range of (coBlock, image, output row) items cut into one contiguous piece per thread, so every
/// output element is written once by one thread, and its sum is taken in the same order whatever the thread
/// count: results are bitwise identical for any number of threads. Workspace per thread is
/// <c>kh·kw·Mr·Cin</c> elements plus two pointer lists, independent of the image size.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TTile">The micro-kernel.</typeparam>
internal static unsafe class DirectConvTranspose<T, TTile>
    where T : unmanaged
    where TTile : ITileKernel<T>
{
    /// <summary>Below this many multiply-adds per extra thread a second thread costs more than it saves.</summary>
    private const long MinMultiplyAddsPerThread = 1L << 20;

    /// <summary>Runs the op on <paramref name="batch"/> images. <paramref name="packed"/> comes from <see cref="FilterPacker"/> with this kernel's <c>Nr</c>.</summary>
    public static void Run(Conv2DTransposeGeometry g, long batch, T* value, T* packed, T* output, int maxThreads)
    {
        var job = new Job(g, batch, value, packed, output);
        long items = job.ItemCount;
        if (items == 0)
        {
            return;
        }

        // In double: a product of seven sizes may exceed 64 bits for hostile shapes that are still empty elsewhere.
        double macs = (double)g.OutputChannels * g.InputChannels * batch * g.OutputHeight * g.OutputWidth * g.FilterHeight * g.FilterWidth
            / ((double)g.StrideHeight * g.StrideWidth);
        int threads = (int)Math.Clamp(Math.Min(items, macs / MinMultiplyAddsPerThread), 1, Math.Max(1, maxThreads));
        if (threads == 1)
        {
            job.RunRange(0, items);
            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            // balance211: contiguous, near-equal pieces.
            long start = items * t / threads;
            long end = items * (t + 1) / threads;
            job.RunRange(start, end);
        });
    }

    private readonly struct Job
    {
        private readonly T* value;
        private readonly T* packed;
        private readonly T* output;
        private readonly long batch, h, w, cin, ho, wo, cout, kh, kw, sh, sw, dh, dw, pt, pl, coBlocks;

        public Job(Conv2DTransposeGeometry g, long batch, T* value, T* packed, T* output)
        {
            this.value = value;
            this.packed = packed;
            this.output = output;
            this.batch = batch;
            h = g.InputHeight;
            w = g.InputWidth;
            cin = g.InputChannels;
            ho = g.OutputHeight;
            wo = g.OutputWidth;
            cout = g.OutputChannels;
            kh = g.FilterHeight;
            kw = g.FilterWidth;
            sh = g.StrideHeight;
            sw = g.StrideWidth;
            dh = g.DilationHeight;
            dw = g.DilationWidth;
            pt = g.PadTop;
            pl = g.PadLeft;
            coBlocks = FilterPacker.CoBlocks(cout, TTile.Nr);
            ItemCount = wo == 0 ? 0 : coBlocks * batch * ho;
        }

        public long ItemCount { get; }

        public void RunRange(long start, long end)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            long taps = kh * kw;
            nint scratchLength = (nint)(taps * mr * cin);
            T* scratch = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, scratchLength) * sizeof(T)), 64);
            T** aPtrs = (T**)NativeMemory.Alloc((nuint)Math.Max(1, taps), (nuint)sizeof(T*));
            T** bPtrs = (T**)NativeMemory.Alloc((nuint)Math.Max(1, taps), (nuint)sizeof(T*));
            long* rowTaps = (long*)NativeMemory.Alloc((nuint)Math.Max(1, kh * 2), sizeof(long));
            long* colTaps = (long*)NativeMemory.Alloc((nuint)Math.Max(1, kw * 2), sizeof(long));
            T* cTile = stackalloc T[mr * nr];
            try
            {
                for (long item = start; item < end; item++)
                {
                    long cb = item / (batch * ho);
                    long rest = item - (cb * batch * ho);
                    long n = rest / ho;
                    long y = rest - (n * ho);
                    ProcessRow(n, y, cb, scratch, aPtrs, bPtrs, rowTaps, colTaps, cTile);
                }
            }
            finally
            {
                NativeMemory.Free(colTaps);
                NativeMemory.Free(rowTaps);
                NativeMemory.Free(bPtrs);
                NativeMemory.Free(aPtrs);
                NativeMemory.AlignedFree(scratch);
            }
        }

        private void ProcessRow(long n, long y, long cb, T* scratch, T** aPtrs, T** bPtrs, long* rowTaps, long* colTaps, T* cTile)
        {
            int mr = TTile.Mr, nr = TTile.Nr;

            // Taps i that reach output row y: iy·sh + i·dh − pt = y for an input row iy inside the image.
            int rowCount = 0;
            for (long i = 0; i < kh; i++)
            {
                long num = y + pt - (i * dh);
                if (FloorMod(num, sh) != 0)
                {
                    continue;
                }

                long iy = FloorDiv(num, sh);
                if (iy >= 0 && iy < h)
                {
                    rowTaps[2 * rowCount] = i;
                    rowTaps[(2 * rowCount) + 1] = iy;
                    rowCount++;
                }
            }

            long coStart = cb * nr;
            int validCo = (int)Math.Min(nr, cout - coStart);
            T* valueImage = value + (n * h * w * cin);
            T* outRow = output + (((n * ho) + y) * wo * cout) + coStart;
            T* packedBlock = packed + (cb * cin * nr);
            long tapStride = coBlocks * cin * nr;

            for (long px = 0; px < Math.Min(sw, wo); px++)
            {
                // Taps j that reach output columns x ≡ px (mod sw): input column ix = q + offset for x = px + q·sw.
                int colCount = 0;
                for (long j = 0; j < kw; j++)
                {
                    long num = px + pl - (j * dw);
                    if (FloorMod(num, sw) == 0)
                    {
                        colTaps[2 * colCount] = j;
                        colTaps[(2 * colCount) + 1] = FloorDiv(num, sw);
                        colCount++;
                    }
                }

                long runLength = (wo - px + sw - 1) / sw;
                for (long q0 = 0; q0 < runLength; q0 += mr)
                {
                    int count = (int)Math.Min(mr, runLength - q0);
                    bool inPlace = count == mr;
                    for (int c = 0; c < colCount && inPlace; c++)
                    {
                        long ix0 = q0 + colTaps[(2 * c) + 1];
                        inPlace = ix0 >= 0 && ix0 + mr <= w;
                    }

                    nint taps = 0;
                    for (int r = 0; r < rowCount; r++)
                    {
                        long i = rowTaps[2 * r];
                        T* valueRow = valueImage + (rowTaps[(2 * r) + 1] * w * cin);
                        for (int c = 0; c < colCount; c++)
                        {
                            long ix0 = q0 + colTaps[(2 * c) + 1];
                            if (ix0 + count <= 0 || ix0 >= w)
                            {
                                continue; // every pixel of the tile misses the image at this tap: no product exists.
                            }

                            bPtrs[taps] = packedBlock + (((i * kw) + colTaps[2 * c]) * tapStride);
                            if (inPlace)
                            {
                                aPtrs[taps] = valueRow + (ix0 * cin);
                            }
                            else
                            {
                                T* dst = scratch + (taps * mr * cin);
                                for (long p = 0; p < mr; p++)
                                {
                                    long ix = ix0 + p;
                                    var target = new Span<T>(dst + (p * cin), (int)cin);
                                    if (p < count && ix >= 0 && ix < w)
                                    {
                                        new ReadOnlySpan<T>(valueRow + (ix * cin), (int)cin).CopyTo(target);
                                    }
                                    else
                                    {
                                        target.Clear();
                                    }
                                }

                                aPtrs[taps] = dst;
                            }

                            taps++;
                        }
                    }

                    T* outTile = outRow + ((px + (q0 * sw)) * cout);
                    if (count == mr && validCo == nr)
                    {
                        TTile.Compute(aPtrs, bPtrs, taps, (nint)cin, outTile, (nint)(sw * cout));
                    }
                    else
                    {
                        TTile.Compute(aPtrs, bPtrs, taps, (nint)cin, cTile, nr);
                        for (int p = 0; p < count; p++)
                        {
                            new ReadOnlySpan<T>(cTile + (p * nr), validCo).CopyTo(new Span<T>(outTile + (p * sw * cout), validCo));
                        }
                    }
                }
            }
        }

        private static long FloorDiv(long a, long b)
        {
            Debug.Assert(b > 0, "strides are validated >= 1");
            long q = a / b;
            return (a % b != 0 && a < 0) ? q - 1 : q;
        }

        private static long FloorMod(long a, long b)
        {
            long m = a % b;
            return m < 0 ? m + b : m;
        }
    }
}
