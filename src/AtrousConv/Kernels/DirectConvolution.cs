using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The fast convolution kernel: output-stationary direct dilated correlation in NHWC (perf-anchors "Recommended
/// design"), for both directions of a geometry. Each result row is split by stride phase into runs of pixels whose
/// input pixels are evenly spaced; each run is cut into tiles of <c>Mr</c> pixels × <c>Nr</c> channels, and one
/// micro-kernel call sums every tap that reaches the tile. Dilation only moves a tap's starting pointer. Tiles
/// whose taps all stay inside the input read it in place; border and tail tiles read a zero-filled per-thread copy
/// of just the pixels they need.
/// </summary>
/// <remarks>
/// Work is a flat range of (channel block, image, result row) items cut into one contiguous piece per thread, so
/// every result element is written once by one thread and summed in the same order whatever the thread count:
/// results are bitwise identical for any number of threads. Workspace per thread is <c>kh·kw·Mr·R</c> elements
/// plus pointer lists, independent of the image size.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TTile">The micro-kernel.</typeparam>
internal static unsafe class DirectConvolution<T, TTile>
    where T : unmanaged
    where TTile : ITileKernel<T>
{
    /// <summary>Runs one direction of the geometry on <paramref name="batch"/> images. <paramref name="packed"/> is
    /// <see cref="FilterPacker.Pack"/>'s output for this direction and this kernel's <c>Nr</c>.</summary>
    public static void Run(Conv2DTransposeGeometry g, ConvDirection direction, long batch, T* input, T* packed, T* result, int maxThreads)
    {
        var job = new Job(g, direction, batch, input, packed, result);
        ParallelRanges.Run(job.ItemCount, job.MultiplyAdds, maxThreads, job.RunRange);
    }

    private readonly struct Job
    {
        private readonly T* input, packed, result;
        private readonly long batch, inH, inW, reduction, outH, outW, outputs, kh, kw, sh, sw, dh, dw, pt, pl, blocks;
        private readonly bool transpose;

        public Job(Conv2DTransposeGeometry g, ConvDirection direction, long batch, T* input, T* packed, T* result)
        {
            transpose = direction == ConvDirection.Transpose;
            this.input = input;
            this.packed = packed;
            this.result = result;
            this.batch = batch;
            (inH, inW, reduction) = transpose ? (g.InputHeight, g.InputWidth, g.InputChannels) : (g.OutputHeight, g.OutputWidth, g.OutputChannels);
            (outH, outW, outputs) = transpose ? (g.OutputHeight, g.OutputWidth, g.OutputChannels) : (g.InputHeight, g.InputWidth, g.InputChannels);
            kh = g.FilterHeight;
            kw = g.FilterWidth;
            sh = g.StrideHeight;
            sw = g.StrideWidth;
            dh = g.DilationHeight;
            dw = g.DilationWidth;
            pt = g.PadTop;
            pl = g.PadLeft;
            blocks = FilterPacker.OutputBlocks(outputs, TTile.Nr);
            ItemCount = outW == 0 ? 0 : blocks * batch * outH;

            // In double: a product of seven sizes may exceed 64 bits for hostile shapes that are empty elsewhere.
            MultiplyAdds = (double)batch * outH * outW * outputs * reduction * kh * kw / (transpose ? (double)sh * sw : 1.0);
        }

        public long ItemCount { get; }

        public double MultiplyAdds { get; }

        public void RunRange(long start, long end)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            long taps = kh * kw;
            var w = new Workspace((nint)taps, (nint)(taps * mr * reduction), (int)Math.Max(kh, kw));
            T* cTile = stackalloc T[mr * nr];
            try
            {
                for (long item = start; item < end; item++)
                {
                    long block = item / (batch * outH);
                    long rest = item - (block * batch * outH);
                    long n = rest / outH;
                    ProcessRow(n, rest - (n * outH), block, ref w, cTile);
                }
            }
            finally
            {
                w.Dispose();
            }
        }

        private void ProcessRow(long n, long y, long block, ref Workspace w, T* cTile)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            int rowCount = RowTaps(y, w.RowTaps);
            long oStart = block * nr;
            int validO = (int)Math.Min(nr, outputs - oStart);
            T* inImage = input + (n * inH * inW * reduction);
            T* outRow = result + (((n * outH) + y) * outW * outputs) + oStart;
            T* packedBlock = packed + (block * reduction * nr);
            long tapStride = blocks * reduction * nr;
            long phases = transpose ? Math.Min(sw, outW) : 1;
            long qStep = transpose ? 1 : sw; // input pixels per result pixel of a run
            long outStep = transpose ? sw : 1; // result pixels per step of a run

            var call = new TileCall<T> { A = w.A, B = w.B, Length = w.Length, BStep = nr };
            for (long px = 0; px < phases; px++)
            {
                int colCount = ColumnTaps(px, w.ColTaps);
                long runLength = (outW - px + outStep - 1) / outStep;
                for (long q0 = 0; q0 < runLength; q0 += mr)
                {
                    int count = (int)Math.Min(mr, runLength - q0);
                    bool inPlace = count == mr;
                    for (int c = 0; c < colCount && inPlace; c++)
                    {
                        long ix0 = (q0 * qStep) + w.ColTaps[(2 * c) + 1];
                        inPlace = ix0 >= 0 && ix0 + ((mr - 1) * qStep) < inW;
                    }

                    nint segments = 0;
                    for (int r = 0; r < rowCount; r++)
                    {
                        T* inRow = inImage + (w.RowTaps[(2 * r) + 1] * inW * reduction);
                        for (int c = 0; c < colCount; c++)
                        {
                            long ix0 = (q0 * qStep) + w.ColTaps[(2 * c) + 1];
                            if (ix0 + ((count - 1) * qStep) < 0 || ix0 >= inW)
                            {
                                continue; // every pixel of the tile misses the input at this tap: no product exists.
                            }

                            w.B[segments] = packedBlock + (((w.RowTaps[2 * r] * kw) + w.ColTaps[2 * c]) * tapStride);
                            w.Length[segments] = (nint)reduction;
                            w.A[segments] = inPlace ? inRow + (ix0 * reduction) : GatherBorder(inRow, ix0, qStep, count, w.Scratch + (segments * mr * reduction));
                            segments++;
                        }
                    }

                    call.Segments = segments;
                    call.ARow = (nint)(inPlace ? qStep * reduction : reduction);
                    call.AStep = 1;
                    T* outTile = outRow + ((px + (q0 * outStep)) * outputs);
                    if (count == mr && validO == nr)
                    {
                        call.C = outTile;
                        call.CRow = (nint)(outStep * outputs);
                        TTile.Compute(&call);
                    }
                    else
                    {
                        call.C = cTile;
                        call.CRow = nr;
                        TTile.Compute(&call);
                        for (int p = 0; p < count; p++)
                        {
                            new ReadOnlySpan<T>(cTile + (p * nr), validO).CopyTo(new Span<T>(outTile + (p * outStep * outputs), validO));
                        }
                    }
                }
            }
        }

        /// <summary>The filter rows that reach result row <paramref name="y"/>, as (i, input row) pairs.</summary>
        private int RowTaps(long y, long* taps)
        {
            int count = 0;
            for (long i = 0; i < kh; i++)
            {
                long iy;
                if (transpose)
                {
                    // iy·sh + i·dh − pt = y for a whole iy.
                    long num = y + pt - (i * dh);
                    if (Index.FloorMod(num, sh) != 0)
                    {
                        continue;
                    }

                    iy = Index.FloorDiv(num, sh);
                }
                else
                {
                    iy = (y * sh) + (i * dh) - pt;
                }

                if (iy >= 0 && iy < inH)
                {
                    taps[2 * count] = i;
                    taps[(2 * count) + 1] = iy;
                    count++;
                }
            }

            return count;
        }

        /// <summary>The filter columns that reach phase <paramref name="px"/>, as (j, input column of run pixel 0) pairs.</summary>
        private int ColumnTaps(long px, long* taps)
        {
            int count = 0;
            for (long j = 0; j < kw; j++)
            {
                long offset;
                if (transpose)
                {
                    long num = px + pl - (j * dw);
                    if (Index.FloorMod(num, sw) != 0)
                    {
                        continue;
                    }

                    offset = Index.FloorDiv(num, sw);
                }
                else
                {
                    offset = (j * dw) - pl;
                }

                taps[2 * count] = j;
                taps[(2 * count) + 1] = offset;
                count++;
            }

            return count;
        }

        /// <summary>Copies the tile's pixels of one tap into <paramref name="dst"/> (zeros outside the input or past the run).</summary>
        private T* GatherBorder(T* inRow, long ix0, long qStep, int count, T* dst)
        {
            int mr = TTile.Mr;
            for (long p = 0; p < mr; p++)
            {
                long ix = ix0 + (p * qStep);
                var target = new Span<T>(dst + (p * reduction), (int)reduction);
                if (p < count && ix >= 0 && ix < inW)
                {
                    new ReadOnlySpan<T>(inRow + (ix * reduction), (int)reduction).CopyTo(target);
                }
                else
                {
                    target.Clear();
                }
            }

            return dst;
        }
    }

    /// <summary>Per-thread buffers: pointer lists, tap lists and the border scratch, in native memory (no GC allocation).</summary>
    private struct Workspace : IDisposable
    {
        public T** A;
        public T** B;
        public nint* Length;
        public long* RowTaps;
        public long* ColTaps;
        public T* Scratch;

        public Workspace(nint segments, nint scratch, int taps)
        {
            nint count = Math.Max(1, segments);
            A = (T**)NativeMemory.Alloc((nuint)count, (nuint)sizeof(T*));
            B = (T**)NativeMemory.Alloc((nuint)count, (nuint)sizeof(T*));
            Length = (nint*)NativeMemory.Alloc((nuint)count, (nuint)sizeof(nint));
            RowTaps = (long*)NativeMemory.Alloc((nuint)Math.Max(1, 2 * taps), sizeof(long));
            ColTaps = (long*)NativeMemory.Alloc((nuint)Math.Max(1, 2 * taps), sizeof(long));
            Scratch = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, scratch) * sizeof(T)), 64);
        }

        public void Dispose()
        {
            NativeMemory.AlignedFree(Scratch);
            NativeMemory.Free(ColTaps);
            NativeMemory.Free(RowTaps);
            NativeMemory.Free(Length);
            NativeMemory.Free(B);
            NativeMemory.Free(A);
        }
    }
}
