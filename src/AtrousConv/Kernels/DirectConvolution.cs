using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// The fast convolution kernel: output-stationary direct dilated correlation in NHWC (docs/kernel-design.md
/// "Algorithm"), for both directions of a geometry. Each result row is split by stride phase into runs of pixels whose
/// input pixels are evenly spaced; each run is cut into tiles of <c>Mr</c> or <c>ShortMr</c> pixels × <c>Nr</c> channels
/// where they cost least (<see cref="TilePlan"/>: short tiles where the taps' reach ends at a border), and one
/// micro-kernel call sums every tap that reaches the tile. Where the kernel has a lead tile (<c>LeadMr × LeadNr</c>),
/// the leading channel blocks may be its, placed by a plan of their own (<see cref="ChannelBlocks"/>). Dilation
/// only moves a tap's starting pointer. Input rows are read from zero-padded per-thread copies that are kept while
/// the following result rows use them, so every tap reads in place; where those copies would not fit a cache-sized
/// budget (huge dilations), border taps read a zero-filled copy of just the pixels they need instead.
/// </summary>
/// <remarks>
/// Work is a flat range of (channel-block group, image, result row) items; threads take contiguous chunks of it from a
/// shared counter (docs/kernel-design.md "Threading"), and every result element is computed in one fixed order by
/// whichever thread takes its item, whatever the thread count: results are
/// bitwise identical for any number of threads (a pixel that two overlapping tiles compute gets the same bits from
/// both). Channel blocks share an item when their packed filters fit a budget (a fraction of an L3), so an input row is
/// fetched once for all of them. Workspace per thread is a few padded rows (or <c>kh·kw·MaxRows·R</c> elements) plus pointer lists,
/// independent of the image size, kept between calls, and within <see cref="Budgets.ThreadWorkspaceBytes"/>: a
/// geometry that would need more is refused by <see cref="Plan"/> (the caller then sums directly).
/// A 16-bit caller type is widened while its rows are copied and rounded once on the way out, so it needs no
/// converted copy of a whole tensor.
/// </remarks>
/// <typeparam name="TIn">The caller's element type.</typeparam>
/// <typeparam name="T">The computation type.</typeparam>
/// <typeparam name="TLoad">Reads <typeparamref name="TIn"/> as <typeparamref name="T"/> and stores back.</typeparam>
/// <typeparam name="TTile">The micro-kernel.</typeparam>
internal static unsafe class DirectConvolution<TIn, T, TLoad, TTile>
    where TIn : unmanaged
    where T : unmanaged
    where TLoad : IElementLoad<TIn, T>
    where TTile : ITileKernel<T>
{
    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>Plans one direction of the geometry, or returns <see langword="null"/> when its workspace would
    /// exceed the budget (or a 16-bit type would have to be read in place).</summary>
    public static Job? Plan(Conv2DTransposeGeometry g, ConvDirection direction)
    {
        Job job = cachedJob ??= new Job();
        return job.Set(g, direction) ? job : null;
    }

    internal sealed class Job : RowConvolutionJob<TIn, T>
    {
        /// <summary>
        /// Packed filters of the channel blocks one work item computes stay within this (a fraction of an L3). Each
        /// item copies its input rows once for all its blocks; a tile reads its block's panels from L2 or L3 either way
        /// once they outgrow L1 (E's 147 KB per main block, 221 KB per lead block), so the copies, not the panels, are what a larger group saves
        /// (E: 5 % at one thread, 12 % at two, against a 512 KB budget).
        /// </summary>
        private const long FilterBudgetBytes = 4L << 20;

        /// <summary>Channel blocks are not grouped below this many work items per processor, so threads still
        /// balance (the grouping does not change any sum).</summary>
        private const long MinItemsPerProcessor = 8;

        /// <summary>Padded input rows per thread stay within this.</summary>
        private const double PaddedRowBudgetBytes = 1024 * 1024;

        /// <summary>Most row slots (a dilation this large gains nothing from keeping rows).</summary>
        private const long MaxRowSlots = 256;

        /// <summary>
        /// Most consecutive result rows that visit a channel block together. A block's panels outgrow L1 (E's 295 KB
        /// per 32-channel block on AVX-512), and a group's outgrow L2 (E's 2.4 MB), so each row used to fetch every
        /// panel from L3 for its first tile; a visit of several rows fetches it once for all of them. Measured on a Xeon
        /// (AVX-512; median time ratios of pairs of calls in one process, docs/kernel-design.md "Blocking"): E 0.945 at
        /// one thread and 0.957 at two, 16 × 14 × 14 × 256 → 256 0.864 and 0.883, 1 × 28 × 28 × 512 → 512 0.869 and
        /// 0.899; A–D unchanged. Fewer rows where the rows a visit reads would not fit the padded rows' budget.
        /// </summary>
        private const long MaxRowsPerVisit = 8;

        private long blocksPerItem;
        private long rowSlots, padLeft, paddedWidth, rowsPerVisit = 1;
        private FastModulus slotOf = new(1);
        private bool paddedRows;

        private long workspaceBytes, listBytes;

        /// <summary>Where the main tiles go, and the lead tiles (<see cref="ChannelBlocks"/>).</summary>
        private readonly TilePlan mainPlan = new(), leadPlan = new();

        /// <summary>The main tile's placement of the planned call (for the tests that must reach a tile height).</summary>
        internal TilePlan MainPlan => mainPlan;

        /// <summary>The column taps of one phase and their reach while the tiles are placed.</summary>
        private long[] planTaps = [];

        public bool Set(Conv2DTransposeGeometry g, ConvDirection direction)
        {
            SetGeometry(g, direction);
            PlanPaddedRows();
            if (!PlanTiles())
            {
                return false;
            }

            // Channel blocks whose packed filters fit the budget share one work item, so each input row is read and
            // copied once for all of them; larger filters take one block per item. Groups are balanced.
            long blocks = Blocks.Count;
            long blockBytes = Math.Max(1, Budgets.Product(kh, kw, reduction, Math.Max(TTile.Nr, TTile.LeadNr), sizeof(T)));
            long rows = Budgets.Product(batch, outH);
            long minItems = MinItemsPerProcessor * Environment.ProcessorCount;
            long fitting = Math.Max(1, FilterBudgetBytes / blockBytes);
            long groups = Math.Max((blocks + fitting - 1) / fitting, (minItems + rows - 1) / Math.Max(1, rows));
            groups = Math.Clamp(groups, 1, Math.Max(1, blocks));
            blocksPerItem = (Math.Max(1, blocks) + groups - 1) / groups; // balanced groups
            ItemCount = outW == 0 ? 0 : ((blocks + blocksPerItem - 1) / blocksPerItem) * batch * outH;

            // One block: pointer lists (A, B, lengths), tap lists, row tags, then the rows or border scratch, 64-byte aligned.
            long taps = Budgets.Product(kh, kw);
            listBytes = Budgets.Sum(Budgets.Product(3 * sizeof(nint), taps), Budgets.Product(4 * sizeof(long), Math.Max(kh, kw)));
            listBytes = Budgets.Sum(listBytes, (rowSlots * sizeof(long)) + Budgets.Product(kh, sizeof(nint)) + 63) & ~63L;
            long dataElements = paddedRows ? rowSlots * paddedWidth * reduction : Budgets.Product(taps, MaxRows, reduction);
            workspaceBytes = Budgets.Sum(listBytes, Budgets.Product(dataElements, sizeof(T)));
            return workspaceBytes <= Budgets.ThreadWorkspaceBytes && (paddedRows || typeof(TIn) == typeof(T));
        }

        /// <summary>Consecutive result rows that visit each channel block together (set with the padded rows).</summary>
        internal long RowsPerVisit => rowsPerVisit;

        /// <summary>Channel blocks one work item computes (all of them unless the filter budget or the threads' balance
        /// splits them into groups).</summary>
        internal long BlocksPerItem => blocksPerItem;

        /// <summary>Rows of the taller of the kernel's tiles (a partial tile reads and gathers that many).</summary>
        private static int MaxRows => Math.Max(TTile.Mr, TTile.LeadMr);

        /// <summary>
        /// Places the tiles of every run (one per stride phase of a transposed row, one for a forward row) once for the
        /// call (<see cref="TilePlan"/>): a run's column taps depend on its phase only, not on the result row. A tap's
        /// reach is the kernel's own skip test in run pixels: it reaches a tile <c>[q0, q0 + count)</c> when the tile's
        /// first input pixel is left of the row's end and its last is not left of the row's start. Where the kernel has
        /// a lead tile, its tiles are placed too, and the channels are split between the two tiles
        /// (<see cref="RowConvolutionJob{TIn, T}.Blocks"/>) as the two plans' costs say. Returns whether the plans fit
        /// their budget (a stride of tens of thousands of pixels would not).
        /// </summary>
        private bool PlanTiles()
        {
            mainPlan.Clear();
            leadPlan.Clear();
            Blocks = ChannelBlocks.Uniform(outputs, TTile.Nr);
            if (outW == 0 || Budgets.Product(batch, outH) == 0 || outputs == 0)
            {
                return true;
            }

            long phases = transpose ? Math.Min(sw, outW) : 1;
            long qStep = transpose ? 1 : sw, outStep = transpose ? sw : 1;
            bool lead = TTile.LeadNr > 0;
            if (TilePlan.BoundBytes(outW, phases, kw, MaxRows) > Budgets.TilePlanBytes)
            {
                return false;
            }

            if (planTaps.Length < 4 * kw)
            {
                planTaps = new long[4 * kw];
            }

            var costs = TileCosts.For(transpose ? (double)kh / sh : kh, reduction);

            // A lead tile's row is LeadNr / Nr times the main tile's multiply-adds; its set-up and call cost the same.
            var leadCosts = costs with { Product = costs.Product * TTile.LeadNr / TTile.Nr };
            double tailCost = 0, leadCost = 0;
            Span<long> reach = planTaps.AsSpan((int)(2 * kw), (int)(2 * kw));
            for (long px = 0; px < phases; px++)
            {
                int count;
                fixed (long* taps = planTaps)
                {
                    count = Taps(kw, px, pl, dw, sw, inW, clip: false, taps);
                }

                for (int c = 0; c < count; c++)
                {
                    long ix0 = planTaps[(2 * c) + 1];
                    reach[c] = -Index.FloorDiv(ix0, qStep); // the first pixel q with ix0 + q·qStep ≥ 0
                    reach[(int)kw + c] = -Index.FloorDiv(ix0 - inW, qStep); // the first with ix0 + q·qStep ≥ inW
                }

                long runLength = (outW - px + outStep - 1) / outStep;
                ReadOnlySpan<long> lo = reach[..count], hi = reach.Slice((int)kw, count);
                mainPlan.Add(runLength, lo, hi, TTile.Mr, TTile.ShortMr, costs, TTile.TinyMr);
                if (lead)
                {
                    leadPlan.Add(runLength, lo, hi, TTile.LeadMr, TTile.LeadMr, leadCosts);
                    tailCost += TilePlan.Cost(mainPlan.Tiles(px), runLength, lo, hi, TTile.Mr, costs);
                    leadCost += TilePlan.Cost(leadPlan.Tiles(px), runLength, lo, hi, TTile.LeadMr, leadCosts);
                }
            }

            Blocks = ChannelBlocks.Cheapest(outputs, TTile.LeadNr, leadCost, TTile.Nr, tailCost);
            return true;
        }

        // Straight to optimised code (no tier-0 or OSR phases, no PGO profile gathered racily by two threads at once),
        // so every process runs the same machine code: the same for the methods below.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void RunRange(long start, long end)
        {
            long taps = kh * kw;
            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, workspaceBytes, out byte[] owner);
            var w = new Workspace
            {
                A = (T**)block,
                B = (T**)(block + (taps * sizeof(nint))),
                Length = (nint*)(block + (2 * taps * sizeof(nint))),
                RowTaps = (long*)(block + (3 * taps * sizeof(nint))),
                ColTaps = (long*)(block + (3 * taps * sizeof(nint)) + (2 * Math.Max(kh, kw) * sizeof(long))),
                RowTags = (long*)(block + (3 * taps * sizeof(nint)) + (4 * Math.Max(kh, kw) * sizeof(long))),
                Rows = (T**)(block + (3 * taps * sizeof(nint)) + (4 * Math.Max(kh, kw) * sizeof(long)) + (rowSlots * sizeof(long))),
                Scratch = (T*)(block + listBytes),
            };
            new Span<long>(w.RowTags, (int)rowSlots).Fill(-1);
            T* cTile = stackalloc T[Math.Max(TTile.Mr * TTile.Nr, TTile.LeadMr * TTile.LeadNr)];
            for (long item = start; item < end;)
            {
                long group = item / (batch * outH);
                long rest = item - (group * batch * outH);
                long n = rest / outH, y0 = rest - (n * outH);

                // Consecutive result rows of one image and group visit each block together (their input rows share
                // the row slots), so a block's panels, once fetched, serve all of them from L2.
                long rows = Math.Min(Math.Min(rowsPerVisit, end - item), outH - y0);
                Debug.Assert(rows >= 1 && (rowSlots >= RowSlots(rows) || !paddedRows), "a visit's input rows fit the row slots");
                for (long blockIndex = group * blocksPerItem; blockIndex < Math.Min(Blocks.Count, (group + 1) * blocksPerItem); blockIndex++)
                {
                    bool lead = Blocks.IsLead(blockIndex);
                    for (long y = y0; y < y0 + rows; y++)
                    {
                        if (lead)
                        {
                            ProcessRow<LeadTile>(n, y, blockIndex, leadPlan, ref w, cTile);
                        }
                        else
                        {
                            ProcessRow<TTile>(n, y, blockIndex, mainPlan, ref w, cTile);
                        }
                    }
                }

                item += rows;
            }

            GC.KeepAlive(owner);
        }

        /// <summary>
        /// Plans zero-padded copies of input rows, so every tap reads its pixels in place: a row is copied once into
        /// one of <c>rowSlots</c> slots (enough for all rows a visit's result rows use) and reused by the following
        /// result rows. Falls back to per-tap border copies when the padded rows would not fit a cache-sized budget
        /// (huge dilations or very wide rows). Also sets how many consecutive result rows visit each channel block
        /// together (<see cref="RowsPerVisit"/>): as many as <see cref="MaxRowsPerVisit"/> whose input rows stay
        /// within the padded rows' budget.
        /// </summary>
        private void PlanPaddedRows()
        {
            long minOffset, maxOffset;
            if (transpose)
            {
                minOffset = Index.FloorDiv(pl - ((kw - 1) * dw), sw);
                maxOffset = Index.FloorDiv(sw - 1 + pl, sw);
            }
            else
            {
                minOffset = -pl;
                maxOffset = (Math.Max(0, kw - 1) * dw) - pl;
            }

            long qStep = transpose ? 1 : sw;
            long runs = transpose ? (outW + sw - 1) / sw : outW;
            long minIx = Math.Min(0, minOffset), maxIx = Math.Max(inW - 1, ((Math.Max(runs, MaxRows) - 1) * qStep) + maxOffset);
            padLeft = -minIx;
            paddedWidth = maxIx - minIx + 1;
            double rowBytes = (double)paddedWidth * reduction * sizeof(T);
            rowsPerVisit = MaxRowsPerVisit;
            while (rowsPerVisit > 1 && (RowSlots(rowsPerVisit) > MaxRowSlots || RowSlots(rowsPerVisit) * rowBytes > PaddedRowBudgetBytes))
            {
                rowsPerVisit--;
            }

            rowSlots = RowSlots(rowsPerVisit);
            paddedRows = rowSlots <= MaxRowSlots && rowSlots * rowBytes <= PaddedRowBudgetBytes;
            if (!paddedRows)
            {
                rowSlots = 1;
            }

            slotOf = new FastModulus(rowSlots);
        }

        /// <summary>Row slots for <paramref name="rows"/> consecutive result rows: every input row they use, and one more
        /// (a result row's first input row may sit one row further when the stride does not divide the taps' span).</summary>
        private long RowSlots(long rows) => transpose
            ? (((Math.Max(0, kh - 1) * dh) + rows - 1) / sh) + 2
            : (Math.Max(0, kh - 1) * dh) + ((rows - 1) * sh) + 2;

        /// <summary>Input row <paramref name="iy"/> of image <paramref name="n"/>, zero-padded, pointing at pixel 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T* PaddedRow(long n, long iy, ref Workspace w)
        {
            long slot = slotOf.Of(iy), key = (n * inH) + iy;
            T* row = w.Scratch + (slot * paddedWidth * reduction);
            if (w.RowTags[slot] != key)
            {
                Clear(row, padLeft * reduction);
                Copy(input + (key * inW * reduction), row + (padLeft * reduction), inW * reduction);
                long right = paddedWidth - padLeft - inW;
                Clear(row + ((padLeft + inW) * reduction), right * reduction);
                w.RowTags[slot] = key;
            }

            return row + (padLeft * reduction);
        }

        /// <summary>Computes result row <paramref name="y"/> of image <paramref name="n"/> in channel block
        /// <paramref name="block"/> with tile <typeparamref name="TK"/>, placed by <paramref name="plan"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ProcessRow<TK>(long n, long y, long block, TilePlan plan, ref Workspace w, T* cTile)
            where TK : ITileKernel<T>
        {
            int mr = TK.Mr, nr = TK.Nr;
            int rowCount = Taps(kh, y, pt, dh, sh, inH, clip: true, w.RowTaps);
            long oStart = Blocks.Start(block);
            int validO = (int)Math.Min(nr, outputs - oStart);
            T* inImage = (T*)(input + (n * inH * inW * reduction)); // read in place only when TIn is T (see Set)
            TIn* outRow = result + (((n * outH) + y) * outW * outputs) + oStart;
            T* packedBlock = packed + (oStart * reduction);
            long tapStride = Blocks.PaddedOutputs * reduction;
            long phases = transpose ? Math.Min(sw, outW) : 1;
            long qStep = transpose ? 1 : sw; // input pixels per result pixel of a run
            long outStep = transpose ? sw : 1; // result pixels per step of a run

            // With unit input steps, in-place and copied taps share one row stride and can be mixed in one tile.
            bool mixTaps = qStep == 1;

            // The input rows of this result row, fetched (and padded) once for all its tiles and phases.
            for (int r = 0; r < rowCount; r++)
            {
                long iy = w.RowTaps[(2 * r) + 1];
                w.Rows[r] = paddedRows ? PaddedRow(n, iy, ref w) : inImage + (iy * inW * reduction);
            }

            var call = new TileCall<T> { A = w.A, B = w.B, Length = w.Length, BStep = nr, AStep = 1 };
            for (long px = 0; px < phases; px++)
            {
                // Phase px of a transposed run, or pixel 0 of a forward run (px = 0): input column of run pixel 0 per tap.
                int colCount = Taps(kw, px, pl, dw, sw, inW, clip: false, w.ColTaps);
                long runLength = (outW - px + outStep - 1) / outStep;

                // With padded rows every tap reads in place, so a tile whose taps reach the input like the previous
                // tile's reuses its segment list, shifted by AOffset (a tile costs little more than its FMAs), whatever
                // the two tiles' rows: the list does not depend on them.
                bool reusable = paddedRows && colCount <= 64;
                bool built = false;
                ulong builtMask = 0;
                long builtQ0 = 0;
                foreach (TileRun run in plan.Tiles(px))
                {
                    int rows = run.Rows;
                    for (long step = 0; step < run.Repeat; step++)
                    {
                        long q0 = run.Start + (step * rows);
                        int count = (int)Math.Min(rows, runLength - q0);
                        TIn* outTile = outRow + ((px + (q0 * outStep)) * outputs);
                        if (reusable)
                        {
                            ulong mask = 0;
                            for (int c = 0; c < colCount; c++)
                            {
                                long ix0 = (q0 * qStep) + w.ColTaps[(2 * c) + 1];
                                mask |= (ix0 + ((count - 1) * qStep) < 0 || ix0 >= inW) ? 0 : 1UL << c;
                            }

                            if (built && mask == builtMask)
                            {
                                call.AOffset = (nint)((q0 - builtQ0) * qStep * reduction);
                                ComputeTile<TK>(ref call, outTile, count, rows, validO, cTile);
                                continue;
                            }

                            (built, builtMask, builtQ0) = (true, mask, q0);
                        }

                        call.AOffset = 0;
                        bool allInPlace = count == rows;
                        for (int c = 0; c < colCount && allInPlace; c++)
                        {
                            allInPlace = InRange((q0 * qStep) + w.ColTaps[(2 * c) + 1], rows, qStep);
                        }

                        allInPlace |= paddedRows;
                        nint segments = 0;
                        for (int r = 0; r < rowCount; r++)
                        {
                            T* inRow = w.Rows[r];
                            for (int c = 0; c < colCount; c++)
                            {
                                long ix0 = (q0 * qStep) + w.ColTaps[(2 * c) + 1];
                                if (ix0 + ((count - 1) * qStep) < 0 || ix0 >= inW)
                                {
                                    continue; // every pixel of the tile misses the input at this tap: no product exists.
                                }

                                w.B[segments] = packedBlock + (((w.RowTaps[2 * r] * kw) + w.ColTaps[2 * c]) * tapStride);
                                w.Length[segments] = (nint)reduction;
                                bool inPlace = allInPlace || (mixTaps && count == rows && InRange(ix0, rows, 1));
                                w.A[segments] = inPlace ? inRow + (ix0 * reduction) : GatherBorder(inRow, ix0, qStep, count, mr, w.Scratch + (segments * mr * reduction));
                                segments++;
                            }
                        }

                        call.Segments = segments;
                        call.ARow = (nint)(allInPlace ? qStep * reduction : reduction);
                        ComputeTile<TK>(ref call, outTile, count, rows, validO, cTile);
                    }
                }
            }
        }

        /// <summary>Computes one tile of <paramref name="rows"/> rows (<c>Mr</c>, <c>ShortMr</c> or <c>TinyMr</c>) into the result: in
        /// place when it is whole, else through <paramref name="cTile"/> and a copy of its valid part (rounded to a
        /// 16-bit caller type).</summary>
        private void ComputeTile<TK>(ref TileCall<T> call, TIn* outTile, int count, int rows, int validO, T* cTile)
            where TK : ITileKernel<T>
        {
            int nr = TK.Nr;
            long outStep = transpose ? sw : 1;
            bool whole = typeof(TIn) == typeof(T) && count == rows && validO == nr;
            call.C = whole ? (T*)outTile : cTile;
            call.CRow = whole ? (nint)(outStep * outputs) : nr;
            fixed (TileCall<T>* pc = &call)
            {
                if (rows == TK.Mr)
                {
                    TK.Compute(pc);
                }
                else if (rows == TK.ShortMr)
                {
                    TK.ComputeShort(pc);
                }
                else
                {
                    Debug.Assert(rows == TK.TinyMr, "a tile is full, short or tiny");
                    TK.ComputeTiny(pc);
                }
            }

            if (whole)
            {
                return;
            }

            for (int p = 0; p < count; p++)
            {
                T* src = cTile + (p * nr);
                TIn* dst = outTile + (p * outStep * outputs);
                if (typeof(TIn) == typeof(T) && validO >= Vector128<T>.Count)
                {
                    // A few elements per pixel: 128-bit copies, the last one overlapping, beat a loop or a memmove call.
                    int lanes = Vector128<T>.Count, l = 0;
                    for (; l + lanes <= validO; l += lanes)
                    {
                        Vector128.Store(Vector128.Load(src + l), (T*)dst + l);
                    }

                    if (l < validO)
                    {
                        Vector128.Store(Vector128.Load(src + validO - lanes), (T*)dst + validO - lanes);
                    }

                    continue;
                }

                for (int l = 0; l < validO; l++)
                {
                    dst[l] = TLoad.Store(src[l]);
                }
            }
        }

        private bool InRange(long ix0, int pixels, long step) => ix0 >= 0 && ix0 + ((pixels - 1) * step) < inW;

        /// <summary>The taps of one axis that reach a result position (<see cref="TapList.Find"/>).</summary>
        private int Taps(long count, long position, long pad, long dilation, long stride, long limit, bool clip, long* taps) =>
            TapList.Find(transpose, count, position, pad, dilation, stride, limit, clip, taps);

        /// <summary>Copies the pixels of one tap of a tile of <paramref name="mr"/> rows into <paramref name="dst"/>
        /// (zeros outside the input or past the run).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T* GatherBorder(T* inRow, long ix0, long qStep, int count, int mr, T* dst)
        {
            if (qStep == 1)
            {
                // The pixels inside the input are one contiguous run: clear before it, copy it, clear after it.
                long first = Math.Clamp(-ix0, 0, count), last = Math.Clamp(inW - ix0, first, count);
                Clear(dst, first * reduction);
                Buffer.MemoryCopy(inRow + ((ix0 + first) * reduction), dst + (first * reduction), (last - first) * reduction * sizeof(T), (last - first) * reduction * sizeof(T));
                Clear(dst + (last * reduction), (mr - last) * reduction);
                return dst;
            }

            for (long p = 0; p < mr; p++)
            {
                long ix = ix0 + (p * qStep);
                if (p < count && ix >= 0 && ix < inW)
                {
                    Buffer.MemoryCopy(inRow + (ix * reduction), dst + (p * reduction), reduction * sizeof(T), reduction * sizeof(T));
                }
                else
                {
                    Clear(dst + (p * reduction), reduction);
                }
            }

            return dst;
        }

        private static void Clear(T* destination, long count) => NativeMemory.Clear(destination, (nuint)(count * sizeof(T)));

        /// <summary>Copies <paramref name="count"/> elements of a row, widening a 16-bit type.</summary>
        private static void Copy(TIn* source, T* destination, long count)
        {
            if (typeof(TIn) == typeof(T))
            {
                Buffer.MemoryCopy(source, destination, count * sizeof(T), count * sizeof(T));
                return;
            }

            for (long k = 0; k < count; k++)
            {
                destination[k] = TLoad.Load(source[k]);
            }
        }
    }

    /// <summary>The kernel's lead tile as a kernel of its own, so one row loop serves both kinds of channel block.</summary>
    private readonly struct LeadTile : ITileKernel<T>
    {
        public static int Mr => TTile.LeadMr;

        public static int Nr => TTile.LeadNr;

        public static int ShortMr => TTile.LeadMr;

        public static void Compute(TileCall<T>* call) => TTile.ComputeLead(call);

        public static void ComputeShort(TileCall<T>* call) => TTile.ComputeLead(call);
    }

    /// <summary>A worker's pointers into its kept workspace.</summary>
    private struct Workspace
    {
        public T** A;
        public T** B;
        public nint* Length;
        public long* RowTaps;
        public long* ColTaps;
        public long* RowTags;
        public T** Rows;
        public T* Scratch;
    }
}
