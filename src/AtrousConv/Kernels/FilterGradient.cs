using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// The gradient of the transposed convolution with respect to its filters:
/// <c>dF[i, j, co, ci] = Σ value[n, iy, ix, ci] · g[n, iy·sh + i·dh − pt, ix·sw + j·dw − pl, co]</c> over the pixels
/// whose target lands inside <c>g</c>. Per tap it is a product of two pixel-major matrices with a long k (pixels) and
/// a small result (Cout × Cin), computed by the same micro-kernel: rows are <c>Mr</c> output channels of <c>g</c>
/// (broadcast), columns <c>Nr</c> input channels of <c>value</c> (vector loads), k runs over pixels (one segment per
/// image row piece).
/// </summary>
/// <remarks>
/// <para>Summation order, the same in every variant and thread count: a tap's in-range pixels, image by image and
/// row by row, form groups of <see cref="SumGroupPixels"/> pixels (decided by the geometry alone); each group is one
/// fused multiply-add chain from zero, and the groups are added in order to the running sum (one float32 chain over
/// tens of thousands of pixels would lose digits). Chunks only cut a group's chain where it continues exactly, so
/// they may differ between tiles and batches without changing a bit.</para>
/// <para>Blocking (docs/kernel-design.md "Blocking"): work items are (tap, column block, row block); a thread takes
/// a batch of consecutive items (across taps) whose accumulators fit <see cref="AccumulatorBytes"/>, and streams the
/// value pixels once, chunk by chunk, through all of them: every tap of the batch takes its in-range pixels of the
/// chunk, so the chunk is fetched from memory once for all taps instead of once per tap. Where a pixel's input
/// channels are more than a tile's columns, the chunk is packed once per batch into column-block panels (contiguous,
/// a panel fits L1), which every tap and row block of the batch then reads; the upstream gradient is read in place
/// (its rows are broadcast, one cache line per pixel). Channel counts below the tile's are read in place (the extra
/// rows and columns are computed and dropped); the few pixels at the very end of a buffer, where such a read would
/// run past it, come from a padded copy. A 16-bit type is widened run by run into a cache-sized scratch.
/// Workspace per thread: lists, one chunk (packed or widened), the batch's accumulators and per-tap group state.</para>
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

    /// <summary>Accumulator tiles (running and partial sums) of one batch of blocks. Each batch streams every value
    /// pixel (packing it into panels), so fewer, larger batches read the value fewer times; a tile's sums are touched
    /// once per chunk of pixels, so they need not stay in L2 (4 MB: E's 6,192 blocks in 2 batches instead of 9, its
    /// filter gradient 5–10 % faster at one thread than with 512 KB).</summary>
    public const long AccumulatorBytes = 4096 * 1024;

    /// <summary>A chunk's value pixels plus the upstream-gradient rows its taps read stay within this (about an L2),
    /// so every tap and block of a batch reuses them from cache. A batch of several tap rows (E's, since batches hold
    /// 4 MB of sums) needs the room: at 256 KB E's chunks were 64 pixels long and its gradient 5 % slower; at 1 MB
    /// slower again.</summary>
    private const long ChunkBytes = 512 * 1024;

    /// <summary>One packed column-block panel of a chunk stays within this (half an L1), so a block's pass over the
    /// chunk reads its value side from L1.</summary>
    private const long PanelBytes = 16 * 1024;

    /// <summary>Most segments (image rows) per chunk: bounds the pointer lists when rows are very short.</summary>
    private const int MaxChunkSegments = 1024;

    [ThreadStatic]
    private static Job? cachedJob;

    public static void Run(Conv2DTransposeGeometry g, TIn* value, TIn* gradOutput, TIn* gradFilters, int maxThreads)
    {
        Job job = cachedJob ??= new Job();
        job.Set(g, value, gradOutput, gradFilters);
        // One piece per thread: every batch streams (and packs) the whole value tensor, so a second piece per thread
        // streams it again. Measured in one process, pairs of calls at two threads alternating 2 and 1 pieces: 1 was
        // 3–16 % faster on A–E (docs/kernel-design.md "Blocking").
        ParallelRanges.Run(job, job.ItemCount, job.MultiplyAdds, maxThreads, chunksPerThread: 1);
    }

    private sealed class Job : IRangeJob
    {
        private static readonly bool Converts = typeof(TIn) != typeof(T);

        private TIn* value, grad, dF;
        private long n, h, w, cin, ho, wo, cout, kh, kw, sh, sw, dh, dw, pt, pl, rowBlocks, colBlocks;
        private long chunkPixels, maxBatch, valueSafeEnd, gradSafeEnd, tailSlots;

        /// <summary>The row blocks over the output channels: full and short tiles placed by the convolutions' tile
        /// plan, as one run whose every tile is reached (so the fewest rows, short tiles costing a little more).</summary>
        private readonly TilePlan rowPlan = new();

        /// <summary>Whether value chunks are packed into column-block panels: where a pixel's channels are more than
        /// a tile's columns, so a block's in-place reads would be strided and miss L1.</summary>
        private bool pack;

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
            rowPlan.Clear();
            rowPlan.Add(cout, [0], [cout], TTile.Mr, TTile.ShortMr, RowCosts);
            rowBlocks = 0;
            foreach (TileRun run in rowPlan.Tiles(0))
            {
                rowBlocks += run.Repeat;
            }

            colBlocks = (cin + TTile.Nr - 1) / TTile.Nr;
            ItemCount = Budgets.Product(kh, kw, rowBlocks, colBlocks);
            MultiplyAdds = (double)n * h * w * cin * cout * kh * kw;
            maxBatch = Math.Max(1, Math.Min(ItemCount, AccumulatorBytes / (2L * TTile.Mr * TTile.Nr * sizeof(T))));
            pack = !Converts && cin > TTile.Nr;

            // A chunk's value pixels (as packed, or in place) and the g rows of its taps: one per tap row of a batch.
            long valueElements = pack ? colBlocks * TTile.Nr : cin;
            long tapRows = Math.Min(kh, Math.Min(ItemCount, (maxBatch / Math.Max(1, rowBlocks * colBlocks)) + 1));
            long perPixel = Math.Max(1, Budgets.Sum(valueElements, Budgets.Product(tapRows, cout)));
            chunkPixels = Math.Max(1, ChunkBytes / Budgets.Product(perPixel, sizeof(T)));
            if (pack)
            {
                chunkPixels = Math.Max(1, Math.Min(chunkPixels, PanelBytes / (TTile.Nr * sizeof(T))));
            }

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

            // Batches no larger than this thread's range, and per-tap state for no more taps than a batch spans, so a
            // thread's workspace is what its share of the items needs.
            long batchCap = Math.Min(maxBatch, end - start), tapCap = Math.Min(batchCap, kh * kw);

            // Pointer lists, per-tap group state, accumulator tiles, the tail copies, and the chunk: packed panels,
            // or the widened run of a 16-bit type.
            long listBytes = ((((4 * segmentCap) + (2 * tapCap)) * sizeof(nint)) + 63) & ~63L;
            long tileElements = 2 * batchCap * tile, tailElements = tailSlots * (TailValue + TailGrad);
            long chunkElements = Converts ? (chunkPixels * (cin + cout)) + vPad + gPad : pack ? chunkPixels * colBlocks * nr : 0;
            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, listBytes + ((tileElements + tailElements + chunkElements) * sizeof(T)), out byte[] owner);
            var lists = new Lists
            {
                B = (T**)block,
                A = (T**)block + segmentCap,
                BBase = (T**)block + (2 * segmentCap),
                Length = (nint*)((T**)block + (3 * segmentCap)),
                GroupPixels = (long*)((T**)block + (4 * segmentCap)),
                GroupsDone = (long*)((T**)block + (4 * segmentCap)) + tapCap,
            };
            var buffers = new Buffers { Tiles = (T*)(block + listBytes) };
            buffers.Tails = buffers.Tiles + tileElements;
            buffers.Chunk = buffers.Tails + tailElements;
            NativeMemory.Clear(buffers.Tails, (nuint)(tailElements * sizeof(T)));
            var call = new TileCall<T> { A = lists.A, B = lists.B, Length = lists.Length, ARow = 1, CRow = nr };
            long perTap = rowBlocks * colBlocks;
            for (long item = start; item < end;)
            {
                long last = Math.Min(end, item + batchCap);
                SumBatch(item, last, ref lists, ref call, in buffers);
                for (long it = item; it < last; it++)
                {
                    long tap = it / perTap;
                    WriteTile(tap, it - (tap * perTap), buffers.Tiles + ((it - item) * 2 * tile));
                }

                item = last;
            }

            GC.KeepAlive(owner);
        }

        /// <summary>Sums items <c>[first, last)</c> (consecutive, possibly of several taps) over all their pixels: the
        /// value pixels chunk by chunk, each chunk through every tap of the batch.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SumBatch(long first, long last, ref Lists lists, ref TileCall<T> call, in Buffers buffers)
        {
            long tile = TTile.Mr * TTile.Nr, perTap = rowBlocks * colBlocks;
            long tap0 = first / perTap, tap1 = ((last - 1) / perTap) + 1;
            for (long t = 0; t < tap1 - tap0; t++)
            {
                lists.GroupPixels[t] = 0;
                lists.GroupsDone[t] = 0;
            }

            // The column blocks to pack: a batch inside one tap (a piece of it, as a 1 × 1 filter's threads take) reads
            // only its own; one that spans two taps or more gets all of them (more than it reads if it holds only the
            // two taps' ends).
            (long cbFirst, long cbEnd) = tap1 - tap0 > 1 ? (0, colBlocks) : ColumnBlocks(tap0 * perTap, first, last);

            long total = n * h * w;
            for (long p0 = 0, p1; p0 < total; p0 = p1)
            {
                // At most MaxChunkSegments rows, so each tap's segments fit the lists.
                p1 = Math.Min(Math.Min(total, p0 + chunkPixels), ((p0 / w) + MaxChunkSegments) * w);
                if (pack)
                {
                    Pack(p0, p1, cbFirst, cbEnd, buffers.Chunk);
                }

                for (long tap = tap0; tap < tap1; tap++)
                {
                    SumChunk(tap, tap - tap0, p0, p1, first, last, ref lists, ref call, in buffers);
                }
            }

            // Close every tap's last group; a tap without any in-range pixel sums to zero.
            for (long it = first; it < last; it++)
            {
                long t = (it / perTap) - tap0;
                T* sum = buffers.Tiles + ((it - first) * 2 * tile), partial = sum + tile;
                if (lists.GroupsDone[t] == 0 && lists.GroupPixels[t] == 0)
                {
                    NativeMemory.Clear(sum, (nuint)(tile * sizeof(T)));
                }
                else if (lists.GroupsDone[t] > 0 && lists.GroupPixels[t] > 0)
                {
                    AddInto(sum, partial, BlockElements(it % perTap));
                }
            }
        }

        /// <summary>Sums one tap's in-range pixels of value pixels <c>[p0, p1)</c> into its blocks of the batch, run by
        /// run: a run ends at the chunk's end or where the tap's group is complete.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SumChunk(long tap, long t, long p0, long p1, long first, long last, ref Lists lists, ref TileCall<T> call, in Buffers buffers)
        {
            long i = tap / kw, j = tap - (i * kw);

            // ix·sw + j·dw − pl ∈ [0, wo) ⇔ ix ∈ [ceil((pl − j·dw) / sw), floor((wo − 1 + pl − j·dw) / sw)].
            long shift = pl - (j * dw);
            long ixLo = Math.Max(0, -Index.FloorDiv(-shift, sw)), ixHi = Math.Min(w - 1, Index.FloorDiv(wo - 1 + shift, sw));
            if (ixLo > ixHi)
            {
                return;
            }

            // Per image row: a few multiplies and one list entry (a small layer's chunk is all of its rows, each a
            // short segment, so this loop's cost is per row, not per pixel). The open group's count stays in a local.
            nint segments = 0;
            int tailsUsed = 0;
            long open = lists.GroupPixels[t];
            bool runStartsGroup = open == 0;
            long row = p0 / w, image = row / h, iy = row - (image * h);
            for (; row * w < p1; row++, iy++)
            {
                if (iy == h)
                {
                    (image, iy) = (image + 1, 0);
                }

                long y = (iy * sh) + (i * dh) - pt;
                if (y < 0 || y >= ho)
                {
                    continue;
                }

                long lo = Math.Max((row * w) + ixLo, p0), hi = Math.Min((row * w) + ixHi + 1, p1);
                while (lo < hi)
                {
                    long take = Math.Min(hi - lo, SumGroupPixels - open);
                    segments = AddPiece(image, y, row, lo - (row * w), shift, take, lo - p0, ref lists, segments, in buffers, ref tailsUsed);
                    open += take;
                    lo += take;
                    if (open == SumGroupPixels)
                    {
                        SumRun(tap, first, last, segments, !runStartsGroup, groupEnds: true, lists.GroupsDone[t] == 0, ref lists, ref call, in buffers);
                        (segments, tailsUsed, runStartsGroup, open) = (0, 0, true, 0);
                        lists.GroupsDone[t]++;
                    }
                }
            }

            lists.GroupPixels[t] = open;
            if (segments > 0)
            {
                SumRun(tap, first, last, segments, !runStartsGroup, groupEnds: false, lists.GroupsDone[t] == 0, ref lists, ref call, in buffers);
            }
        }

        /// <summary>Runs the listed segments through the tap's blocks of the batch, column block by column block (a
        /// packed panel stays in L1 for all the row blocks). The first group sums straight into the running sums;
        /// later groups into the partial sums, added to the running sums when the group ends.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SumRun(long tap, long first, long last, nint segments, bool accumulate, bool groupEnds, bool firstGroup, ref Lists lists, ref TileCall<T> call, in Buffers buffers)
        {
            long tile = TTile.Mr * TTile.Nr, perTap = rowBlocks * colBlocks;
            call.AStep = (nint)(sw * cout);
            call.BStep = (nint)(pack ? TTile.Nr : cin);
            if (Converts)
            {
                Widen(ref lists, segments, buffers.Chunk);
                call.AStep = (nint)cout;
            }

            call.Segments = segments;
            call.Accumulate = accumulate;
            long tapFirst = tap * perTap;
            (long cbFirst, long cbEnd) = ColumnBlocks(tapFirst, first, last);
            for (long cb = cbFirst; cb < cbEnd; cb++)
            {
                // A column block shifts the segments' value pointers, a row block the g pointers (by AOffset).
                long bOffset = pack ? cb * chunkPixels * TTile.Nr : ColumnStart(cb);
                for (nint s = 0; s < segments; s++)
                {
                    lists.B[s] = lists.BBase[s] + bOffset;
                }

                // The row blocks straight from the plan's runs (looking each one up by number took 4 % of E's time).
                long rb = 0;
                foreach (TileRun run in rowPlan.Tiles(0))
                {
                    for (long r = 0; r < run.Repeat; r++, rb++)
                    {
                        long it = tapFirst + (cb * rowBlocks) + rb;
                        if (it < first || it >= last)
                        {
                            continue;
                        }

                        int rows = run.Rows;
                        call.AOffset = (nint)(run.Start + (r * rows));

                        T* sum = buffers.Tiles + ((it - first) * 2 * tile), partial = sum + tile;
                        call.C = firstGroup ? sum : partial;
                        fixed (TileCall<T>* pc = &call)
                        {
                            if (rows < TTile.Mr)
                            {
                                TTile.ComputeShort(pc);
                            }
                            else
                            {
                                TTile.Compute(pc);
                            }
                        }

                        if (groupEnds && !firstGroup)
                        {
                            AddInto(sum, partial, rows * TTile.Nr);
                        }
                    }
                }
            }
        }

        /// <summary><c>sum += partial</c>, element by element: one rounding per element whatever the width, so the
        /// vector loop gives the scalar loop's bits (float, double, and int32 modulo 2^32 alike). A group's add was 3 %
        /// of E's filter gradient as a scalar loop.</summary>
        private static void AddInto(T* sum, T* partial, long count)
        {
            long k = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                for (; k <= count - Vector<T>.Count; k += Vector<T>.Count)
                {
                    Vector.Store(Vector.Load(sum + k) + Vector.Load(partial + k), sum + k);
                }
            }

            for (; k < count; k++)
            {
                sum[k] = TOp.Add(sum[k], partial[k]);
            }
        }

        /// <summary>The column blocks of the tap whose items start at <paramref name="tapFirst"/> that items
        /// <c>[first, last)</c> hold (items run column block by column block, row blocks inside).</summary>
        private (long First, long End) ColumnBlocks(long tapFirst, long first, long last) =>
            (Math.Max(0, first - tapFirst) / rowBlocks, Math.Min(colBlocks, ((last - 1 - tapFirst) / rowBlocks) + 1));

        /// <summary>Packs value pixels <c>[p0, p1)</c> into one panel per column block of <c>[cbFirst, cbEnd)</c>:
        /// <c>Nr</c> channels per pixel, pixels consecutive (<c>cin &gt; Nr</c> here, so every block's channels are real).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Pack(long p0, long p1, long cbFirst, long cbEnd, T* panels)
        {
            int nr = TTile.Nr;
            long pixels = p1 - p0;
            for (long cb = cbFirst; cb < cbEnd; cb++)
            {
                long ci0 = ColumnStart(cb);
                T* source = (T*)value + (p0 * cin) + ci0, target = panels + (cb * chunkPixels * nr);
                for (long k = 0; k < pixels; k++)
                {
                    Buffer.MemoryCopy(source + (k * cin), target + (k * nr), nr * sizeof(T), nr * sizeof(T));
                }
            }
        }

        /// <summary>Adds <paramref name="count"/> pixels of value row <paramref name="row"/> from pixel
        /// <paramref name="ix"/> (chunk pixel <paramref name="k"/>) as a segment, paired with g row <paramref name="y"/>
        /// of <paramref name="image"/>; pixels whose in-place reads would pass a buffer's end become one-pixel segments
        /// read from padded copies (<see cref="AddTails"/>; the chain continues in the same pixel order, so the bits do
        /// not change). Inlined into the row loop: the tails are rare, and the common case is a few multiplies.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private nint AddPiece(long image, long y, long row, long ix, long shift, long count, long k, ref Lists lists, nint segments, in Buffers buffers, ref int tailsUsed)
        {
            long pv = (row * w) + ix, pg = (((image * ho) + y) * wo) + (ix * sw) - shift;
            long safe = count;
            if (!Converts)
            {
                long valueSafe = pack ? count : valueSafeEnd - pv;
                safe = Math.Clamp(Math.Min(valueSafe, Index.FloorDiv(gradSafeEnd - pg - 1, sw) + 1), 0, count);
            }

            T* v0 = pack ? buffers.Chunk + (k * TTile.Nr) : (T*)(value + (pv * cin));
            if (safe > 0)
            {
                lists.A[segments] = (T*)(grad + (pg * cout));
                lists.BBase[segments] = v0;
                lists.Length[segments] = (nint)safe;
                segments++;
            }

            return safe < count ? AddTails(pv, pg, v0, safe, count, ref lists, segments, in buffers, ref tailsUsed) : segments;
        }

        /// <summary>The pixels <c>[safe, count)</c> of a piece whose in-place reads would pass a buffer's end: one
        /// segment each, the side with fewer channels than the tile read from a padded copy.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private nint AddTails(long pv, long pg, T* v0, long safe, long count, ref Lists lists, nint segments, in Buffers buffers, ref int tailsUsed)
        {
            long vStep = pack ? TTile.Nr : cin;
            for (long p = safe; p < count; p++)
            {
                // Only a side with fewer channels than the tile can run past its buffer: copy that side alone.
                T* v = v0 + (p * vStep);
                TIn* gi = grad + ((pg + (p * sw)) * cout);
                T* vCopy = buffers.Tails + (tailsUsed * (TailValue + TailGrad)), gCopy = vCopy + TailValue;
                tailsUsed++;
                bool vSafe = pack || pv + p < valueSafeEnd, gSafe = pg + (p * sw) < gradSafeEnd;
                if (!vSafe)
                {
                    Buffer.MemoryCopy(v, vCopy, cin * sizeof(T), cin * sizeof(T));
                }

                if (!gSafe)
                {
                    Buffer.MemoryCopy(gi, gCopy, cout * sizeof(T), cout * sizeof(T));
                }

                lists.A[segments] = gSafe ? (T*)gi : gCopy;
                lists.BBase[segments] = vSafe ? v : vCopy;
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
                TIn* vs = (TIn*)lists.BBase[s], gs = (TIn*)lists.A[s];
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
                lists.A[s] = gOut;
                v += length * cin;
                gOut += length * cout;
            }
        }

        /// <summary>A row block's cost is its rows (every pixel's products), a short tile's a little more per row.</summary>
        private static readonly TileCosts RowCosts = new(Product: 1, ShortFactor: 1.1, Segment: 0, Tile: 0);

        /// <summary>Row block <paramref name="rowBlock"/>: its first output channel, its rows (fewer than the channels
        /// only in a single partial block, whose extra rows are dropped) and how many of its first rows an earlier block
        /// wrote (the last block moves back to end at the last channel).</summary>
        private (long Co0, int Rows, long Skip) RowBlock(long rowBlock)
        {
            long previousEnd = 0;
            foreach (TileRun run in rowPlan.Tiles(0))
            {
                if (rowBlock < run.Repeat)
                {
                    long start = run.Start + (rowBlock * run.Rows);
                    return (start, run.Rows, Math.Max(0, previousEnd - start));
                }

                rowBlock -= run.Repeat;
                previousEnd = run.Start + (run.Repeat * run.Rows);
            }

            throw new UnreachableException();
        }

        /// <summary>The sums of a block's tile that are its own: its rows × the tile's columns.</summary>
        private long BlockElements(long blockInTap) => RowBlock(blockInTap % rowBlocks).Rows * TTile.Nr;

        /// <summary>The first input channel of column block <paramref name="colBlock"/>: the last one moves back to end
        /// at the last channel (or starts at 0 when the channels are fewer than the tile's), as the last row block does.</summary>
        private long ColumnStart(long colBlock) => Math.Max(0, Math.Min(colBlock * TTile.Nr, cin - TTile.Nr));

        /// <summary>Writes a finished tile to dF: only the part no earlier block wrote (a moved-back block overlaps one)
        /// and only real channels.</summary>
        private void WriteTile(long tap, long blockInTap, T* tile)
        {
            int nr = TTile.Nr;
            long colBlock = blockInTap / rowBlocks;
            (long co0, int height, long skipRows) = RowBlock(blockInTap - (colBlock * rowBlocks));
            long ci0 = ColumnStart(colBlock);
            long skipCols = (colBlock * nr) - ci0;
            long rows = Math.Min(height, cout - co0), cols = Math.Min(nr, cin - ci0);
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

    /// <summary>A worker's pointer lists: a run's segments (<see cref="A"/>, the g side, which a row block shifts by
    /// the call's AOffset; <see cref="BBase"/>, the value side, which <see cref="B"/> shifts to the current column
    /// block; their lengths); and per tap of the batch, the pixels of its open group and the groups it has completed.</summary>
    private struct Lists
    {
        public T** B;
        public T** A;
        public T** BBase;
        public nint* Length;
        public long* GroupPixels;
        public long* GroupsDone;
    }

    /// <summary>A worker's data buffers: the batch's tiles (each block's running sums followed by its partial sums,
    /// in the order the runs visit the blocks, so the sums stream through the cache in order), tail copies, and the
    /// chunk (packed panels or a widened run).</summary>
    private struct Buffers
    {
        public T* Tiles;
        public T* Tails;
        public T* Chunk;
    }
}

