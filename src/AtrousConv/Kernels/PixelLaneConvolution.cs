using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// The convolution kernel for results with few channels (docs/kernel-design.md "Few result channels"): the same
/// output-stationary direct correlation as <see cref="DirectConvolution{TIn, T, TLoad, TTile}"/>, with pixels in the
/// lanes instead of channels. Each input row a result row needs is copied once into a zero-padded, channel-planar
/// row slot (<c>[channel][pixel]</c>), so a tap's pixels for one channel are one contiguous vector load; the
/// micro-kernel (<see cref="PixelLaneTile{T, TVec, TWidth}"/>) multiplies them by broadcast weights into
/// result-channel × pixel-vector sums, which are then written out in NHWC. Every lane does useful work however few
/// channels the result has (a channels-in-lanes tile uses 1 of 8 lanes for one result channel).
/// </summary>
/// <remarks>
/// Only where a run's input pixels are consecutive: the transposed direction (any stride: a run is one stride
/// phase of a result row), and the forward direction at unit width stride. Work items are (image, result row);
/// each element is summed in the order every kernel uses (row taps, column taps, channels ascending), so results are
/// bitwise those of the other kernels for any thread count (data whose products can underflow, where a padding zero
/// could change the sign of a zero sum, runs the direct sum: <see cref="Underflow"/>).
/// </remarks>
/// <typeparam name="TIn">The caller's element type.</typeparam>
/// <typeparam name="T">The computation type.</typeparam>
/// <typeparam name="TLoad">Reads <typeparamref name="TIn"/> as <typeparamref name="T"/> and stores back.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TWidth">The vector width.</typeparam>
internal static unsafe partial class PixelLaneConvolution<TIn, T, TLoad, TVec, TWidth>
    where TIn : unmanaged
    where T : unmanaged
    where TLoad : IElementLoad<TIn, T>
    where TVec : struct
    where TWidth : IVectorWidth<T, TVec>
{
    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>Whether a result of <paramref name="outputs"/> channels runs faster with pixels in the lanes:
    /// when a channels-in-lanes tile would leave at least a quarter of its lanes empty.</summary>
    public static bool Suits(long outputs)
    {
        long lanes = TWidth.Lanes, narrow = lanes, wide = 2 * lanes;
        long used = outputs <= narrow ? narrow : ((outputs + wide - 1) / wide) * wide;
        return outputs * 4 <= used * 3;
    }

    /// <summary>Plans one direction of the geometry, or returns <see langword="null"/> where this kernel does not
    /// apply (strided forward runs, too many result channels) or its rows would exceed the workspace budget.</summary>
    public static Job? Plan(Conv2DTransposeGeometry g, ConvDirection direction)
    {
        Job job = cachedJob ??= new Job();
        return job.SetOnce(g, direction) ? job : null;
    }

    internal sealed partial class Job : RowConvolutionJob<TIn, T>
    {
        /// <summary>Planar row slots per thread stay within this (about an L2) where the tiled kernel, which runs
        /// instead beyond it, would use more than a quarter of its lanes.</summary>
        private const long RowBudgetBytes = 512 * 1024;

        /// <summary>
        /// Planar row slots per thread stay within this (the Xeon's L2; four Zen 3 L2s) where the tiled kernel would
        /// use at most a quarter of its lanes: one float32 result channel, which its narrowest tile (128-bit, the one
        /// every width takes for results of at most 4 channels) holds in 1 of 4 lanes. Measured on the Xeon (AVX-512,
        /// one thread, alternating processes): 1 × 32 × 32 × 512 → 1 (3 × 3, rate 4; 2 MB of rows) 0.60–0.80 ms
        /// (minima) in the lanes against 0.94–0.97 tiled; but 1 × 64 × 64 × 256 → 21 (983 KB of rows) 4.2 ms in the
        /// lanes against 3.7 tiled, 21 of 32 lanes (docs/kernel-design.md "Few result channels").
        /// </summary>
        private const long SparseRowBudgetBytes = 2L << 20;

        private long rowSlots, padLeft, planeWidth, phases, listBytes, workspaceBytes;
        private FastModulus slotOf = new(1);

        /// <summary>The geometry and direction the job was last planned for, and whether that plan applied.</summary>
        private Conv2DTransposeGeometry? plannedFor;
        private ConvDirection plannedDirection;
        private bool plannedFits;

        /// <summary><see cref="Set"/>, skipped where the job already holds the plan: the geometry memo hands the span
        /// overloads one instance per operation, shapes and arguments (a checked geometry never changes), so a stream of
        /// calls on one layer plans once (F's forward 3.5–3.6 µs against 3.9–4.1); the overloads that allocate their
        /// result build a new geometry per call and plan each time.</summary>
        public bool SetOnce(Conv2DTransposeGeometry g, ConvDirection direction)
        {
            if (!ReferenceEquals(g, plannedFor) || direction != plannedDirection)
            {
                plannedFor = null; // a Set that throws leaves no plan behind
                plannedFits = Set(g, direction);
                (plannedFor, plannedDirection) = (g, direction);
            }

            return plannedFits;
        }

        public bool Set(Conv2DTransposeGeometry g, ConvDirection direction)
        {
            SetGeometry(g, direction);
            if (!transpose && sw != 1)
            {
                return false; // a strided forward run reads every sw-th input pixel: not one vector load
            }

            ItemCount = outW == 0 ? 0 : batch * outH;
            Blocks = ChannelBlocks.Uniform(outputs, (int)Math.Max(1, outputs)); // one block of every channel: [tap][r][o]

            // Rows one result row uses, as DirectConvolution keeps them. A kept tap's tile starts at most a tile's
            // span before the input row and ends at most a span past its end, so a span of zeros on each side covers
            // every read. A tile spans at most its channels' vectors, and no more vectors than a run's pixels fill
            // (a 32-pixel row of one channel: 2 vectors of 16, not 8), so short rows get narrow margins.
            rowSlots = DirectedSizes.RowSlots(g, transpose);
            slotOf = new FastModulus(rowSlots);
            long last = outputs % PixelLaneTile<T, TVec, TWidth>.MaxChannels;
            int firstVectors = PixelLaneTile<T, TVec, TWidth>.Vectors((int)Math.Min(outputs, PixelLaneTile<T, TVec, TWidth>.MaxChannels));
            long tileVectors = Math.Max(firstVectors, last == 0 ? 0 : PixelLaneTile<T, TVec, TWidth>.Vectors((int)last));
            long longestRun = transpose ? (outW + sw - 1) / sw : outW;
            padLeft = TWidth.Lanes * Math.Clamp((longestRun + TWidth.Lanes - 1) / TWidth.Lanes, 1, tileVectors);
            planeWidth = Budgets.Sum(inW, 2 * padLeft);
            phases = transpose ? Math.Min(sw, outW) : 1;

            // Pointer lists (A, B: one per row tap), row taps, the column taps of every phase, their counts and run
            // lengths, row tags, row pointers.
            listBytes = Budgets.Sum(Budgets.Product(2 * sizeof(nint), kh), Budgets.Product(2 * sizeof(long), kh));
            listBytes = Budgets.Sum(listBytes, Budgets.Product(sizeof(long), Budgets.Sum(Budgets.Product(2, kw, phases), Budgets.Product(2, phases))));
            listBytes = Budgets.Sum(listBytes, Budgets.Sum(Budgets.Product(rowSlots, sizeof(long)), Budgets.Product(kh, sizeof(nint)) + 63)) & ~63L;
            long rowBytes = Budgets.Product(rowSlots, planeWidth, reduction, sizeof(T));
            long tileBytes = Budgets.Product(PixelLaneTile<T, TVec, TWidth>.MaxChannels, PixelLaneTile<T, TVec, TWidth>.MaxSpan, sizeof(T));
            workspaceBytes = Budgets.Sum(Budgets.Sum(listBytes, rowBytes), tileBytes);
            long budget = outputs * 4 <= System.Runtime.Intrinsics.Vector128<T>.Count ? SparseRowBudgetBytes : RowBudgetBytes;
            bool rowsFit = rowBytes <= budget && workspaceBytes <= Budgets.ThreadWorkspaceBytes;
            flat = rowsFit && PlanFlat(budget);
            if (flat)
            {
                ItemCount = batch * chunks;
            }

            return rowsFit;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void RunRange(long start, long end)
        {
            if (flat)
            {
                RunFlat(start, end);
                return;
            }

            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, workspaceBytes, out byte[] owner);
            var w = new Workspace
            {
                A = (T**)block,
                B = (T**)(block + (kh * sizeof(nint))),
                RowTaps = (long*)(block + (2 * kh * sizeof(nint))),
                ColTaps = (long*)(block + (2 * kh * sizeof(nint)) + (2 * kh * sizeof(long))),
            };
            w.ColCounts = w.ColTaps + (2 * kw * phases);
            w.RunLengths = w.ColCounts + phases;
            w.RowTags = w.RunLengths + phases;
            w.Rows = (T**)(w.RowTags + rowSlots);
            w.Planes = (T*)(block + listBytes);
            w.Tile = w.Planes + (rowSlots * planeWidth * reduction);

            // The column taps and the run's length depend only on the phase: found once, not per row.
            long outStep = transpose ? sw : 1;
            for (long px = 0; px < phases; px++)
            {
                w.ColCounts[px] = TapList.Find(transpose, kw, px, pl, dw, sw, inW, clip: false, w.ColTaps + (2 * kw * px));
                w.RunLengths[px] = (outW - px + outStep - 1) / outStep;
                Debug.Assert(StepsEvenly(w.ColTaps + (2 * kw * px), w.ColCounts[px]), "a phase's column taps step evenly");
            }

            // Row copies write only the pixels inside the input, so the zeros around them are written once here: in
            // one store run where the margins are at least half of each plane (short rows: F's are 64 of 81 pixels), else
            // margin by margin.
            if (4 * padLeft >= planeWidth)
            {
                NativeMemory.Clear(w.Planes, (nuint)(rowSlots * reduction * planeWidth * sizeof(T)));
            }
            else
            {
                for (long plane = 0; plane < rowSlots * reduction; plane++)
                {
                    T* p = w.Planes + (plane * planeWidth);
                    NativeMemory.Clear(p, (nuint)(padLeft * sizeof(T)));
                    NativeMemory.Clear(p + padLeft + inW, (nuint)((planeWidth - padLeft - inW) * sizeof(T)));
                }
            }

            new Span<long>(w.RowTags, (int)rowSlots).Fill(-1);
            long n = start / outH, y = start - (n * outH);
            for (long item = start; item < end; item++)
            {
                ProcessRow(n, y, ref w);
                if (++y == outH)
                {
                    n++;
                    y = 0;
                }
            }

            GC.KeepAlive(owner);
        }

        /// <summary>Input row <paramref name="iy"/> of image <paramref name="n"/> in its planar slot; points at channel 0, pixel 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private T* PlanarRow(long n, long iy, ref Workspace w)
        {
            long slot = slotOf.Of(iy), key = (n * inH) + iy, stride = planeWidth;
            T* row = w.Planes + (slot * stride * reduction) + padLeft;
            if (w.RowTags[slot] != key)
            {
                CopyPlanar(key, row, stride);
                w.RowTags[slot] = key;
            }

            return row;
        }

        /// <summary>Input row <paramref name="key"/> (image · height + row) into channel planes <paramref name="stride"/>
        /// elements apart, pixel 0 of channel 0 at <paramref name="row"/>; only the row's own pixels are written.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void CopyPlanar(long key, T* row, long stride)
        {
            long width = inW, channels = reduction;

            // Channel by channel: a long contiguous store run per channel, whatever the channel count; 8 pixels ×
            // 8 channels at a time transposed in registers where they can be (G's 64 channels, L's 512).
            TIn* source = input + (key * width * channels);
            long c = 0;
            if (typeof(TIn) == typeof(float) && typeof(T) == typeof(float) && Transpose8.IsSupported)
            {
                if (channels >= 8)
                {
                    c = Transpose8.Copy((float*)source, channels, width, channels, (float*)row, stride);
                }
                else if (channels >= 3)
                {
                    // Under 8 channels (an RGB input, F's 3) a block's loads run past its pixels; within the
                    // input tensor they only read values that are not stored. One or two channels copy faster
                    // one by one (a block's 8 loads and 24 shuffles would move 8 or 16 values).
                    long readable = ((batch * inH) - key) * width * channels;
                    Transpose8.CopyNarrow((float*)source, channels, width, readable, (float*)row, stride);
                    c = channels;
                }
            }

            for (; c < channels; c++)
            {
                T* dst = row + (c * stride);
                TIn* src = source + c;
                long x = 0;
                for (; x + 4 <= width; x += 4)
                {
                    // Four at a time: the loop's own instructions were as many as its loads and stores.
                    dst[x] = TLoad.Load(src[0]);
                    dst[x + 1] = TLoad.Load(src[channels]);
                    dst[x + 2] = TLoad.Load(src[2 * channels]);
                    dst[x + 3] = TLoad.Load(src[3 * channels]);
                    src += 4 * channels;
                }

                for (; x < width; x++)
                {
                    dst[x] = TLoad.Load(*src);
                    src += channels;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ProcessRow(long n, long y, ref Workspace w)
        {
            // Fields in locals: the stores through pointers below would otherwise make the JIT reload them.
            long width = inW, columns = kw, channels = reduction, results = outputs, outCols = outW, lanes = TWidth.Lanes;
            int rowCount = TapList.Find(transpose, kh, y, pt, dh, sh, inH, clip: true, w.RowTaps);
            for (int r = 0; r < rowCount; r++)
            {
                w.Rows[r] = PlanarRow(n, w.RowTaps[(2 * r) + 1], ref w);
            }

            T* weights = packed;
            TIn* outRow = result + (((n * outH) + y) * outCols * results);
            long outStep = transpose ? sw : 1;
            long tapStride = channels * results;
            var call = new PixelLaneCall<T> { A = w.A, B = w.B, Channels = (nint)channels, AStep = (nint)planeWidth, BStep = (nint)results, C = w.Tile };
            for (long px = 0; px < phases; px++)
            {
                long* colTaps = w.ColTaps + (2 * columns * px);
                long colCount = w.ColCounts[px], runLength = w.RunLengths[px];

                // A phase's column taps are every tap, or every (stride / gcd)-th one, so their filter indexes and
                // pixel shifts step evenly: one segment per row tap walks them.
                call.AJump = colCount > 1 ? (nint)(colTaps[3] - colTaps[1]) : 0;
                call.BJump = colCount > 1 ? (nint)((colTaps[2] - colTaps[0]) * tapStride) : 0;
                for (long oBase = 0; oBase < results; oBase += PixelLaneTile<T, TVec, TWidth>.MaxChannels)
                {
                    int tileChannels = (int)Math.Min(PixelLaneTile<T, TVec, TWidth>.MaxChannels, results - oBase);
                    int fullVectors = PixelLaneTile<T, TVec, TWidth>.Vectors(tileChannels);
                    call.CRow = (nint)(fullVectors * lanes);
                    for (long q0 = 0; q0 < runLength;)
                    {
                        // Whole tiles, then one of as few vectors as the run's rest needs; its lanes past the run's
                        // end read the padding and are not written.
                        long rest = runLength - q0;
                        int vectors = rest >= fullVectors * lanes ? fullVectors : (int)((rest + lanes - 1) / lanes);
                        long valid = Math.Min(vectors * lanes, rest);

                        // Taps whose every pixel misses the input add no product and are skipped. The shifts are
                        // monotonic in the tap, so the taps that reach the tile are consecutive: trim both ends.
                        long first = 0, last = colCount;
                        while (first < last && Misses(q0 + colTaps[(2 * first) + 1], valid, width))
                        {
                            first++;
                        }

                        while (last > first && Misses(q0 + colTaps[(2 * last) - 1], valid, width))
                        {
                            last--;
                        }

                        call.Repeat = (nint)(last - first);
                        call.Segments = last > first ? rowCount : 0;
                        for (int r = 0; r < call.Segments; r++)
                        {
                            call.A[r] = w.Rows[r] + q0 + colTaps[(2 * first) + 1];
                            call.B[r] = weights + (((w.RowTaps[2 * r] * columns) + colTaps[2 * first]) * tapStride) + oBase;
                        }

                        var tile = new RowTile(&call, outRow + ((px + (q0 * outStep)) * results) + oBase, (int)valid, outStep * results);
                        Tile(tileChannels, vectors, ref tile);
                        q0 += valid;
                    }
                }
            }
        }

        private static bool StepsEvenly(long* taps, long count)
        {
            for (long c = 2; c < count; c++)
            {
                if (taps[2 * c] - taps[(2 * c) - 2] != taps[2] - taps[0] || taps[(2 * c) + 1] - taps[(2 * c) - 1] != taps[3] - taps[1])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether every pixel of a tile of <paramref name="valid"/> pixels whose first reads input pixel
        /// <paramref name="ix0"/> falls outside the row.</summary>
        private static bool Misses(long ix0, long valid, long width) => ix0 + valid - 1 < 0 || ix0 >= width;

        /// <summary>Runs <paramref name="action"/> for a tile of <paramref name="channels"/> result channels ×
        /// <paramref name="vectors"/> pixel vectors, both as constants.</summary>
        private static void Tile<TAction>(int channels, int vectors, ref TAction action)
            where TAction : struct, ITileAction
        {
            switch (channels)
            {
                case 1:
                    Vectors<TAction, Count1>(vectors, ref action);
                    break;
                case 2:
                    Vectors<TAction, Count2>(vectors, ref action);
                    break;
                case 3:
                    Vectors<TAction, Count3>(vectors, ref action);
                    break;
                case 4:
                    Vectors<TAction, Count4>(vectors, ref action);
                    break;
                case 5:
                    Vectors<TAction, Count5>(vectors, ref action);
                    break;
                default:
                    Vectors<TAction, Count6>(vectors, ref action);
                    break;
            }
        }

        private static void Vectors<TAction, TChannels>(int vectors, ref TAction action)
            where TAction : struct, ITileAction
            where TChannels : ITileCount
        {
            switch (vectors)
            {
                case 1:
                    action.Run<TChannels, Count1>();
                    break;
                case 2:
                    action.Run<TChannels, Count2>();
                    break;
                case 3:
                    action.Run<TChannels, Count3>();
                    break;
                case 4:
                    action.Run<TChannels, Count4>();
                    break;
                case 5:
                    action.Run<TChannels, Count5>();
                    break;
                case 6:
                    action.Run<TChannels, Count6>();
                    break;
                case 7:
                    action.Run<TChannels, Count7>();
                    break;
                default:
                    action.Run<TChannels, Count8>();
                    break;
            }
        }

        /// <summary>Pixels <c>[0, pixels)</c> of a planar tile <c>[channel][pixel]</c> (channels <paramref name="span"/>
        /// apart) into the result (rounded to a 16-bit caller type), channel by channel without a loop.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Write<TChannels>(T* tile, nint span, TIn* destination, long pixels, long pixelStride)
            where TChannels : ITileCount
        {
            int cr = TChannels.Value;
            for (long q = 0; q < pixels; q++)
            {
                TIn* d = destination + (q * pixelStride);
                T* s = tile + q;
                d[0] = TLoad.Store(s[0]);
                if (cr > 1)
                {
                    d[1] = TLoad.Store(s[span]);
                }

                if (cr > 2)
                {
                    d[2] = TLoad.Store(s[2 * span]);
                }

                if (cr > 3)
                {
                    d[3] = TLoad.Store(s[3 * span]);
                }

                if (cr > 4)
                {
                    d[4] = TLoad.Store(s[4 * span]);
                }

                if (cr > 5)
                {
                    d[5] = TLoad.Store(s[5 * span]);
                }
            }
        }

        /// <summary>One tile of a result row: the micro-kernel, then its first pixels into the row.</summary>
        private struct RowTile(PixelLaneCall<T>* call, TIn* destination, int pixels, long pixelStride) : ITileAction
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public readonly void Run<TChannels, TVectors>()
                where TChannels : ITileCount
                where TVectors : ITileCount
            {
                PixelLaneTile<T, TVec, TWidth>.Compute<TChannels, TVectors>(call);
                Write<TChannels>(call->C, call->CRow, destination, pixels, pixelStride);
            }
        }
    }

    /// <summary>What follows a tile's micro-kernel once its shape is known as constants (its write-out).</summary>
    private interface ITileAction
    {
        void Run<TChannels, TVectors>()
            where TChannels : ITileCount
            where TVectors : ITileCount;
    }

    /// <summary>A worker's pointers into its kept workspace.</summary>
    private struct Workspace
    {
        public T** A;
        public T** B;
        public long* RowTaps;
        public long* ColTaps;
        public long* ColCounts;
        public long* RunLengths;
        public long* RowTags;
        public T** Rows;
        public T* Planes;
        public T* Tile;
    }
}
