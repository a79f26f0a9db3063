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
/// column block); each element is summed in one fixed order (image rows, then pixels), so results do not depend
/// on the thread count.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TTile">The micro-kernel.</typeparam>
internal static unsafe class FilterGradient<T, TTile>
    where T : unmanaged
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
            long maxSegments = Math.Max(1, n * h);
            nint* lists = ThreadBuffers.Get<nint>(ThreadBuffers.Workspace, 5 * maxSegments, out byte[] owner);
            T** aBase = (T**)lists, bBase = (T**)(lists + maxSegments), a = (T**)(lists + (2 * maxSegments)), b = (T**)(lists + (3 * maxSegments));
            nint* length = lists + (4 * maxSegments);
            T* cTile = stackalloc T[mr * nr];
            long currentTap = -1;
            nint segments = 0;
            var call = new TileCall<T> { A = a, B = b, Length = length, ARow = 1, AStep = (nint)(sw * cout), BStep = (nint)cin };
            for (long item = start; item < end; item++)
            {
                long tap = item / (rowBlocks * colBlocks);
                long rest = item - (tap * rowBlocks * colBlocks);
                long rowBlock = rest / colBlocks, colBlock = rest - (rowBlock * colBlocks);
                if (tap != currentTap)
                {
                    segments = Segments(tap / kw, tap % kw, aBase, bBase, length);
                    currentTap = tap;
                }

                long co0 = Math.Min(rowBlock * mr, cout - mr), ci0 = Math.Min(colBlock * nr, cin - nr);
                for (nint s = 0; s < segments; s++)
                {
                    a[s] = aBase[s] + co0;
                    b[s] = bBase[s] + ci0;
                }

                call.Segments = segments;
                T* target = dF + (((tap * cout) + co0) * cin) + ci0;
                long skipRows = (rowBlock * mr) - co0, skipCols = (colBlock * nr) - ci0;
                if (skipRows == 0 && skipCols == 0)
                {
                    call.C = target;
                    call.CRow = (nint)cin;
                    TTile.Compute(&call);
                    continue;
                }

                // A block moved back over channels an earlier block wrote: write only its new part.
                call.C = cTile;
                call.CRow = nr;
                TTile.Compute(&call);
                for (long m = skipRows; m < mr; m++)
                {
                    new ReadOnlySpan<T>(cTile + (m * nr) + skipCols, (int)(nr - skipCols)).CopyTo(new Span<T>(target + (m * cin) + skipCols, (int)(nr - skipCols)));
                }
            }

            GC.KeepAlive(owner);
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
