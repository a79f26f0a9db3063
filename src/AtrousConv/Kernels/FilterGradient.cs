namespace AtrousConv.Kernels;

/// <summary>
/// The gradient of the transposed convolution with respect to its filters:
/// <c>dF[i, j, co, ci] = Σ value[n, iy, ix, ci] · g[n, iy·sh + i·dh − pt, ix·sw + j·dw − pl, co]</c> over the pixels
/// whose target lands inside <c>g</c>. Per tap it is a product of two pixel-major matrices, computed by the same
/// micro-kernel: rows are <c>Mr</c> output channels of <c>g</c> (broadcast), columns <c>Nr</c> input channels of
/// <c>value</c> (vector loads), and k runs over the pixels of one image row at a time (one segment per row).
/// </summary>
/// <remarks>
/// Requires <c>Cout ≥ Mr</c> and <c>Cin ≥ Nr</c> (the executor pads smaller channel counts): the last block of each
/// is moved back to end at the last channel, and only its new part is written. Work items are (tap, row block,
/// column block); a thread sums a tap's blocks over chunks of image rows that fit in cache, each chunk from zero, then
/// adds it to the block's running sum (two levels: a float32 sum over tens of thousands of pixels in one chain would
/// lose digits). Each element is summed in one fixed order, so results do not depend on the thread count.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its arithmetic (adds each chunk's partial sums to a block's running sum).</typeparam>
/// <typeparam name="TTile">The micro-kernel.</typeparam>
internal static unsafe class FilterGradient<T, TOp, TTile>
    where T : unmanaged
    where TOp : IMulAdd<T>
    where TTile : ITileKernel<T>
{
    [ThreadStatic]
    private static Job? cachedJob;

    public static void Run(Conv2DTransposeGeometry g, T* value, T* gradOutput, T* gradFilters, int maxThreads)
    {
        Job job = cachedJob ??= new Job();
        job.Set(g, value, gradOutput, gradFilters);
        ParallelRanges.Run(job, job.ItemCount, job.MultiplyAdds, maxThreads);
    }

    private sealed class Job : IRangeJob
    {
        /// <summary>Pixels of value and g per chunk stay within this (about a quarter of an L2), so they are reused from cache by every block.</summary>
        private const long ChunkBytes = 256 * 1024;

        /// <summary>Pixels summed in one float32 chain before the partial sum is added to the running sum.</summary>
        private const long SumGroupPixels = 1024;

        private T* value, grad, dF;
        private long n, h, w, cin, ho, wo, cout, kh, kw, sh, sw, dh, dw, pt, pl, rowBlocks, colBlocks;

        public void Set(Conv2DTransposeGeometry g, T* value, T* grad, T* dF)
        {
            this.value = value;
            this.grad = grad;
            this.dF = dF;
            (n, h, w, cin) = (g.Batch, g.InputHeight, g.InputWidth, g.InputChannels);
            (ho, wo, cout) = (g.OutputHeight, g.OutputWidth, g.OutputChannels);
            (kh, kw, sh, sw, dh, dw, pt, pl) = (g.FilterHeight, g.FilterWidth, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth, g.PadTop, g.PadLeft);
            rowBlocks = (cout + TTile.Mr - 1) / TTile.Mr;
            colBlocks = (cin + TTile.Nr - 1) / TTile.Nr;
            ItemCount = kh * kw * rowBlocks * colBlocks;
            MultiplyAdds = (double)n * h * w * cin * cout * kh * kw;
        }

        public long ItemCount { get; private set; }

        public double MultiplyAdds { get; private set; }

        public void RunRange(long start, long end)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            long maxSegments = Math.Max(1, n * h), perTap = rowBlocks * colBlocks, tile = mr * nr;

            // Pointer lists, then one accumulator tile per block of a tap: a thread sums a tap's blocks chunk by chunk
            // of pixels, so each chunk of value and g is read from memory once for all blocks, not once per block.
            long listBytes = ((5 * maxSegments * sizeof(nint)) + 63) & ~63L;
            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, listBytes + (2 * perTap * tile * sizeof(T)), out byte[] owner);
            T** aBase = (T**)block, bBase = aBase + maxSegments, a = bBase + maxSegments, b = a + maxSegments;
            nint* length = (nint*)(b + maxSegments);
            T* tiles = (T*)(block + listBytes), partials = tiles + (perTap * tile);
            long chunkPixels = Math.Max(1, ChunkBytes / ((cout + cin) * sizeof(T)));
            var call = new TileCall<T> { A = a, B = b, ARow = 1, AStep = (nint)(sw * cout), BStep = (nint)cin, CRow = nr };
            for (long item = start; item < end;)
            {
                long tap = item / perTap, first = item, last = Math.Min(end, (tap + 1) * perTap);
                nint segments = Segments(tap / kw, tap % kw, aBase, bBase, length);
                nint s0 = 0;
                long groupPixels = 0;
                bool firstGroup = true;
                do
                {
                    // The next chunk: whole image rows up to the pixel budget (at least one row).
                    nint s1 = s0;
                    long pixels = 0;
                    for (; s1 < segments && (s1 == s0 || pixels + length[s1] <= chunkPixels); s1++)
                    {
                        pixels += length[s1];
                    }

                    // Chunks continue one FMA chain within a group of about SumGroupPixels pixels; each later group is
                    // summed from zero and then added to the block's running sum. One float32 chain over tens of
                    // thousands of pixels would lose digits; two levels keep the error near that of one group. The
                    // order is fixed, so the bits still do not depend on the thread count.
                    bool groupEnds = s1 == segments || groupPixels + pixels >= SumGroupPixels;
                    call.Segments = s1 - s0;
                    call.Length = length + s0;
                    call.Accumulate = groupPixels > 0;
                    for (long it = first; it < last; it++)
                    {
                        (long co0, long ci0) = Origin(it - (tap * perTap));
                        for (nint s = s0; s < s1; s++)
                        {
                            a[s - s0] = aBase[s] + co0;
                            b[s - s0] = bBase[s] + ci0;
                        }

                        T* sum = tiles + ((it - first) * tile), partial = partials + ((it - first) * tile);
                        call.C = firstGroup ? sum : partial;
                        TTile.Compute(&call);
                        if (groupEnds && !firstGroup)
                        {
                            for (long k = 0; k < tile; k++)
                            {
                                sum[k] = TOp.Add(sum[k], partial[k]);
                            }
                        }
                    }

                    groupPixels = groupEnds ? 0 : groupPixels + pixels;
                    firstGroup &= !groupEnds;
                    s0 = s1;
                }
                while (s0 < segments);

                for (long it = first; it < last; it++)
                {
                    WriteTile(tap, it - (tap * perTap), tiles + ((it - first) * tile));
                }

                item = last;
            }

            GC.KeepAlive(owner);
        }

        /// <summary>The first output and input channel of a block; the last block of each moves back to end at the last channel.</summary>
        private (long Co0, long Ci0) Origin(long blockInTap)
        {
            long rowBlock = blockInTap / colBlocks, colBlock = blockInTap - (rowBlock * colBlocks);
            return (Math.Min(rowBlock * TTile.Mr, cout - TTile.Mr), Math.Min(colBlock * TTile.Nr, cin - TTile.Nr));
        }

        /// <summary>Writes a finished tile to dF: only the part no earlier block wrote (a moved-back block overlaps one).</summary>
        private void WriteTile(long tap, long blockInTap, T* tile)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            (long co0, long ci0) = Origin(blockInTap);
            long rowBlock = blockInTap / colBlocks, colBlock = blockInTap - (rowBlock * colBlocks);
            long skipRows = (rowBlock * mr) - co0, skipCols = (colBlock * nr) - ci0;
            T* target = dF + (((tap * cout) + co0) * cin) + ci0;
            for (long m = skipRows; m < mr; m++)
            {
                new ReadOnlySpan<T>(tile + (m * nr) + skipCols, (int)(nr - skipCols)).CopyTo(new Span<T>(target + (m * cin) + skipCols, (int)(nr - skipCols)));
            }
        }

        /// <summary>One segment per value row whose target row lands inside g: the run of pixels that lands inside too.</summary>
        private nint Segments(long i, long j, T** aBase, T** bBase, nint* length)
        {
            // ix·sw + j·dw − pl ∈ [0, wo) ⇔ ix ∈ [ceil((pl − j·dw) / sw), floor((wo − 1 + pl − j·dw) / sw)].
            long shift = pl - (j * dw);
            long ixLo = Math.Max(0, -Index.FloorDiv(-shift, sw));
            long ixHi = Math.Min(w - 1, Index.FloorDiv(wo - 1 + shift, sw));
            if (ixLo > ixHi)
            {
                return 0;
            }

            nint count = 0;
            for (long image = 0; image < n; image++)
            {
                for (long iy = 0; iy < h; iy++)
                {
                    long y = (iy * sh) + (i * dh) - pt;
                    if (y < 0 || y >= ho)
                    {
                        continue;
                    }

                    long x = (ixLo * sw) - shift;
                    aBase[count] = grad + ((((image * ho) + y) * wo) + x) * cout;
                    bBase[count] = value + ((((image * h) + iy) * w) + ixLo) * cin;
                    length[count] = (nint)(ixHi - ixLo + 1);
                    count++;
                }
            }

            return count;
        }
    }
}
