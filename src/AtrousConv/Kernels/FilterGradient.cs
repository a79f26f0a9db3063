using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The gradient of the transposed convolution with respect to its filters:
/// <c>dF[i, j, co, ci] = Σ value[n, iy, ix, ci] · g[n, iy·sh + i·dh − pt, ix·sw + j·dw − pl, co]</c> over the pixels
/// whose target lands inside <c>g</c>. Per tap it is a product of two pixel-major matrices, computed by the same
/// micro-kernel: rows are <c>Mr</c> output channels of <c>g</c> (broadcast), columns <c>Nr</c> input channels of
/// <c>value</c> (vector loads), and k runs over the pixels of one image row at a time (one segment per row).
/// </summary>
/// <remarks>
/// <para>Summation order, the same in every variant and thread count: a tap's in-range pixels, image by image and
/// row by row, form groups of <see cref="SumGroupPixels"/> pixels (decided by the geometry alone); each group is one fused multiply-add chain from zero, and the groups are added in order to the running
/// sum (one float32 chain over tens of thousands of pixels would lose digits). Cache chunks only cut a group's chain
/// where it continues exactly, so they may differ between tiles without changing a bit.</para>
/// <para>Work items are (tap, row block, column block); a thread takes a batch of a tap's blocks whose accumulators
/// fit <see cref="AccumulatorBytes"/> and streams the tap's pixels chunk by chunk through all of them. Channel counts
/// below the tile's are read in place (the extra rows and columns are computed and dropped); the few pixels at the
/// very end of a buffer, where such a read would run past it, come from a padded copy. A 16-bit type is widened
/// chunk by chunk into a cache-sized scratch. Workspace per thread: lists, one chunk, the batch's accumulators.</para>
/// </remarks>
/// <typeparam name="TIn">The caller's element type.</typeparam>
/// <typeparam name="T">The computation type.</typeparam>
/// <typeparam name="TLoad">Reads <typeparamref name="TIn"/> as <typeparamref name="T"/> and stores back.</typeparam>
/// <typeparam name="TOp">Its arithmetic (adds each group's partial sums to a block's running sum).</typeparam>
/// <typeparam name="TTile">The micro-kernel.</typeparam>
internal static unsafe class FilterGradient<TIn, T, TLoad, TOp, TTile>
    where TIn : unmanaged
    where T : unmanaged
    where TLoad : IElementLoad<TIn, T>
    where TOp : IMulAdd<T>
    where TTile : ITileKernel<T>
{
    /// <summary>Pixels summed in one chain before the partial sum is added to the running sum.</summary>
    public const long SumGroupPixels = 1024;

    /// <summary>Accumulator tiles (running and partial sums) of one batch of blocks.</summary>
    public const long AccumulatorBytes = 512 * 1024;

    /// <summary>Pixels of value and g per chunk stay within this (about half an L2), so every block of a batch reuses them from cache.</summary>
    private const long ChunkBytes = 256 * 1024;

    /// <summary>Most segments (image rows) per chunk: bounds the pointer lists when rows are very short.</summary>
    private const int MaxChunkSegments = 1024;

    [ThreadStatic]
    private static Job? cachedJob;

    public static void Run(Conv2DTransposeGeometry g, TIn* value, TIn* gradOutput, TIn* gradFilters, int maxThreads)
    {
        Job job = cachedJob ??= new Job();
        job.Set(g, value, gradOutput, gradFilters);
        ParallelRanges.Run(job, job.ItemCount, job.MultiplyAdds, maxThreads, chunksPerThread: 2);
    }

    private sealed class Job : IRangeJob
    {
        private static readonly bool Converts = typeof(TIn) != typeof(T);

        private TIn* value, grad, dF;
        private long n, h, w, cin, ho, wo, cout, kh, kw, sh, sw, dh, dw, pt, pl, rowBlocks, colBlocks;
        private long chunkPixels, maxBatch, valueSafeEnd, gradSafeEnd, tailSlots;

        /// <summary>A tail copy's room for a value pixel: the tile's columns, needed only when the channels are fewer.</summary>
        private long TailValue => cin < TTile.Nr ? TTile.Nr : 0;

        /// <summary>A tail copy's room for an upstream-gradient pixel, needed only when its channels are fewer than the tile's rows.</summary>
        private long TailGrad => cout < TTile.Mr ? TTile.Mr : 0;

        public long ItemCount { get; private set; }

        public double MultiplyAdds { get; private set; }

        public void Set(Conv2DTransposeGeometry g, TIn* value, TIn* grad, TIn* dF)
        {
            this.value = value;
            this.grad = grad;
            this.dF = dF;
            (n, h, w, cin) = (g.Batch, g.InputHeight, g.InputWidth, g.InputChannels);
            (ho, wo, cout) = (g.OutputHeight, g.OutputWidth, g.OutputChannels);
            (kh, kw, sh, sw, dh, dw, pt, pl) = (g.FilterHeight, g.FilterWidth, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth, g.PadTop, g.PadLeft);
            rowBlocks = (cout + TTile.Mr - 1) / TTile.Mr;
            colBlocks = (cin + TTile.Nr - 1) / TTile.Nr;
            ItemCount = Budgets.Product(kh, kw, rowBlocks, colBlocks);
            MultiplyAdds = (double)n * h * w * cin * cout * kh * kw;
            chunkPixels = Math.Max(1, ChunkBytes / (Math.Max(1, cin + cout) * sizeof(T)));
            maxBatch = Math.Max(1, AccumulatorBytes / (2L * TTile.Mr * TTile.Nr * sizeof(T)));

            // In place, a block reads channels [c0, c0 + tile) of a pixel; with fewer channels than the tile that
            // runs into the next pixel, and past the buffer's end for its last pixels. Pixels from these on are copied.
            valueSafeEnd = Index.FloorDiv(g.ValueElementCount - Math.Max(cin, TTile.Nr), Math.Max(1, cin)) + 1;
            gradSafeEnd = Index.FloorDiv(g.OutputElementCount - Math.Max(cout, TTile.Mr), Math.Max(1, cout)) + 1;
            tailSlots = TTile.Mr + TTile.Nr + 2;
        }

        // Straight to optimised code (no tier-0 or OSR phases, no PGO profile gathered racily by two threads at once),
        // so every process runs the same machine code: the same for the methods below.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunRange(long start, long end)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            long tile = mr * nr, segmentCap = MaxChunkSegments + tailSlots;
            long vPad = Math.Max(cin, nr), gPad = Math.Max(cout, mr);

            // Pointer lists, accumulator tiles, the tail copies, and the widened chunk of a 16-bit type.
            long listBytes = ((5 * segmentCap * sizeof(nint)) + 63) & ~63L;
            long tileElements = 2 * maxBatch * tile, tailElements = tailSlots * (TailValue + TailGrad);
            long chunkElements = Converts ? (chunkPixels * (cin + cout)) + vPad + gPad : 0;
            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, listBytes + ((tileElements + tailElements + chunkElements) * sizeof(T)), out byte[] owner);
            var lists = new Lists
            {
                A = (T**)block,
                B = (T**)block + segmentCap,
                ABase = (T**)block + (2 * segmentCap),
                BBase = (T**)block + (3 * segmentCap),
                Length = (nint*)((T**)block + (4 * segmentCap)),
            };
            T* tiles = (T*)(block + listBytes), partials = tiles + (maxBatch * tile), tails = tiles + tileElements;
            T* chunk = tails + tailElements;
            NativeMemory.Clear(tails, (nuint)(tailElements * sizeof(T)));
            var call = new TileCall<T> { A = lists.A, B = lists.B, Length = lists.Length, ARow = 1, BStep = (nint)cin, CRow = nr };
            long perTap = rowBlocks * colBlocks;
            for (long item = start; item < end;)
            {
                long tap = item / perTap, last = Math.Min(Math.Min(end, (tap + 1) * perTap), item + maxBatch);
                SumTap(tap, item, last, ref lists, ref call, tiles, partials, tails, chunk);
                for (long it = item; it < last; it++)
                {
                    WriteTile(tap, it - (tap * perTap), tiles + ((it - item) * tile));
                }

                item = last;
            }

            GC.KeepAlive(owner);
        }

        /// <summary>Sums items <c>[first, last)</c> of one tap over all its pixels, group by group, chunk by chunk.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SumTap(long tap, long first, long last, ref Lists lists, ref TileCall<T> call, T* tiles, T* partials, T* tails, T* chunk)
        {
            long tile = TTile.Mr * TTile.Nr, perTap = rowBlocks * colBlocks;
            long i = tap / kw, j = tap - (i * kw);

            // ix·sw + j·dw − pl ∈ [0, wo) ⇔ ix ∈ [ceil((pl − j·dw) / sw), floor((wo − 1 + pl − j·dw) / sw)].
            long shift = pl - (j * dw);
            var cursor = new RowCursor
            {
                Row = -1,
                Shift = shift,
                IxLo = Math.Max(0, -Index.FloorDiv(-shift, sw)),
                IxHi = Math.Min(w - 1, Index.FloorDiv(wo - 1 + shift, sw)),
            };
            bool rows = cursor.IxLo <= cursor.IxHi && Next(i, ref cursor);
            if (!rows)
            {
                NativeMemory.Clear(tiles, (nuint)((last - first) * tile * sizeof(T)));
                return;
            }

            long groupPixels = 0;
            bool firstGroup = true;
            while (rows)
            {
                // The next chunk: pixels up to the chunk budget, never past the group's end (exactly SumGroupPixels
                // pixels, rows cut where needed: a cut inside a chain does not change it).
                nint segments = 0;
                long pixels = 0;
                int tailsUsed = 0;
                bool chunkStartsGroup = groupPixels == 0;
                while (rows && segments < MaxChunkSegments && pixels < chunkPixels && groupPixels < SumGroupPixels)
                {
                    long take = Math.Min(Math.Min(cursor.IxHi - cursor.Ix + 1, chunkPixels - pixels), SumGroupPixels - groupPixels);
                    segments = AddPiece(cursor, take, ref lists, segments, tails, ref tailsUsed);
                    pixels += take;
                    groupPixels += take;
                    cursor.Ix += take;
                    if (cursor.Ix > cursor.IxHi)
                    {
                        rows = Next(i, ref cursor);
                    }
                }

                bool groupEnds = !rows || groupPixels >= SumGroupPixels;
                call.AStep = (nint)(sw * cout);
                if (Converts)
                {
                    Widen(ref lists, segments, chunk);
                    call.AStep = (nint)cout;
                }

                call.Segments = segments;
                call.Accumulate = !chunkStartsGroup;
                for (long it = first; it < last; it++)
                {
                    (long co0, long ci0) = Origin(it - (tap * perTap));
                    for (nint s = 0; s < segments; s++)
                    {
                        lists.A[s] = lists.ABase[s] + co0;
                        lists.B[s] = lists.BBase[s] + ci0;
                    }

                    T* sum = tiles + ((it - first) * tile), partial = partials + ((it - first) * tile);
                    call.C = firstGroup ? sum : partial;
                    fixed (TileCall<T>* pc = &call)
                    {
                        TTile.Compute(pc);
                    }
                    if (groupEnds && !firstGroup)
                    {
                        for (long k = 0; k < tile; k++)
                        {
                            sum[k] = TOp.Add(sum[k], partial[k]);
                        }
                    }
                }

                if (groupEnds)
                {
                    groupPixels = 0;
                    firstGroup = false;
                }
            }
        }

        /// <summary>Adds <paramref name="count"/> pixels of the cursor's row from its current pixel as a segment; pixels
        /// whose in-place reads would pass a buffer's end become one-pixel segments read from padded copies (the chain
        /// continues in the same pixel order, so the bits do not change).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private nint AddPiece(in RowCursor row, long count, ref Lists lists, nint segments, T* tails, ref int tailsUsed)
        {
            long pv = (row.Row * w) + row.Ix, pg = (((row.Image * ho) + row.Y) * wo) + (row.Ix * sw) - row.Shift;
            long safe = count;
            if (!Converts)
            {
                safe = Math.Clamp(Math.Min(valueSafeEnd - pv, Index.FloorDiv(gradSafeEnd - pg - 1, sw) + 1), 0, count);
            }

            if (safe > 0)
            {
                lists.ABase[segments] = (T*)(grad + (pg * cout));
                lists.BBase[segments] = (T*)(value + (pv * cin));
                lists.Length[segments] = (nint)safe;
                segments++;
            }

            for (long p = safe; p < count; p++)
            {
                // Only a side with fewer channels than the tile can run past its buffer: copy that side alone.
                TIn* v = value + ((pv + p) * cin), gi = grad + ((pg + (p * sw)) * cout);
                T* vCopy = tails + (tailsUsed * (TailValue + TailGrad)), gCopy = vCopy + TailValue;
                tailsUsed++;
                bool vSafe = pv + p < valueSafeEnd, gSafe = pg + (p * sw) < gradSafeEnd;
                if (!vSafe)
                {
                    Buffer.MemoryCopy(v, vCopy, cin * sizeof(T), cin * sizeof(T));
                }

                if (!gSafe)
                {
                    Buffer.MemoryCopy(gi, gCopy, cout * sizeof(T), cout * sizeof(T));
                }

                lists.ABase[segments] = gSafe ? (T*)gi : gCopy;
                lists.BBase[segments] = vSafe ? (T*)v : vCopy;
                lists.Length[segments] = 1;
                segments++;
            }

            return segments;
        }

        /// <summary>Widens the chunk's pixels into <paramref name="chunk"/> (value pixels, then g pixels, packed) and
        /// points the segments there; the scratch ends with a tile's worth of zeros, so no read passes it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Widen(ref Lists lists, nint segments, T* chunk)
        {
            long pixels = 0;
            for (nint s = 0; s < segments; s++)
            {
                pixels += lists.Length[s];
            }

            T* v = chunk, gOut = chunk + (pixels * cin) + Math.Max(cin, TTile.Nr);
            NativeMemory.Clear(v + (pixels * cin), (nuint)(Math.Max(cin, TTile.Nr) * sizeof(T)));
            NativeMemory.Clear(gOut + (pixels * cout), (nuint)(Math.Max(cout, TTile.Mr) * sizeof(T)));
            for (nint s = 0; s < segments; s++)
            {
                TIn* vs = (TIn*)lists.BBase[s], gs = (TIn*)lists.ABase[s];
                long length = lists.Length[s];
                for (long k = 0; k < length * cin; k++)
                {
                    v[k] = TLoad.Load(vs[k]);
                }

                for (long p = 0; p < length; p++)
                {
                    for (long c = 0; c < cout; c++)
                    {
                        gOut[(p * cout) + c] = TLoad.Load(gs[(p * sw * cout) + c]);
                    }
                }

                lists.BBase[s] = v;
                lists.ABase[s] = gOut;
                v += length * cin;
                gOut += length * cout;
            }
        }

        /// <summary>Moves to the next value row whose target row for tap row <paramref name="i"/> lands inside g.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Next(long i, ref RowCursor cursor)
        {
            while (++cursor.Row < n * h)
            {
                cursor.Image = cursor.Row / h;
                long iy = cursor.Row - (cursor.Image * h);
                cursor.Y = (iy * sh) + (i * dh) - pt;
                if (cursor.Y >= 0 && cursor.Y < ho)
                {
                    cursor.Ix = cursor.IxLo;
                    return true;
                }
            }

            return false;
        }

        /// <summary>The first output and input channel of a block; the last block of each moves back to end at the
        /// last channel (or starts at 0 when the channels are fewer than the tile's).</summary>
        private (long Co0, long Ci0) Origin(long blockInTap)
        {
            long rowBlock = blockInTap / colBlocks, colBlock = blockInTap - (rowBlock * colBlocks);
            return (Math.Max(0, Math.Min(rowBlock * TTile.Mr, cout - TTile.Mr)), Math.Max(0, Math.Min(colBlock * TTile.Nr, cin - TTile.Nr)));
        }

        /// <summary>Writes a finished tile to dF: only the part no earlier block wrote (a moved-back block overlaps one)
        /// and only real channels.</summary>
        private void WriteTile(long tap, long blockInTap, T* tile)
        {
            int mr = TTile.Mr, nr = TTile.Nr;
            (long co0, long ci0) = Origin(blockInTap);
            long rowBlock = blockInTap / colBlocks, colBlock = blockInTap - (rowBlock * colBlocks);
            long skipRows = (rowBlock * mr) - co0, skipCols = (colBlock * nr) - ci0;
            long rows = Math.Min(mr, cout - co0), cols = Math.Min(nr, cin - ci0);
            TIn* target = dF + (((tap * cout) + co0) * cin) + ci0;
            for (long m = skipRows; m < rows; m++)
            {
                for (long l = skipCols; l < cols; l++)
                {
                    target[(m * cin) + l] = TLoad.Store(tile[(m * nr) + l]);
                }
            }
        }
    }

    /// <summary>A value row (flattened over images), its target row in g, and the next pixel of its in-range run.</summary>
    private struct RowCursor
    {
        public long Row;
        public long Image;
        public long Y;
        public long Ix;
        public long IxLo;
        public long IxHi;

        /// <summary><c>pl − j·dw</c>: value pixel ix lands on g pixel <c>ix·sw − Shift</c>.</summary>
        public long Shift;
    }

    /// <summary>A worker's pointer lists: the segments of the chunk (bases) and of the current block (offset).</summary>
    private struct Lists
    {
        public T** A;
        public T** B;
        public T** ABase;
        public T** BBase;
        public nint* Length;
    }
}
