using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The filter gradient for layers whose channels are few on both sides (docs/kernel-design.md "Few channels on both
/// sides"): a tap's sums <c>dF[tap, co, ci]</c> are laid in the lanes as (output channel, input channel) pairs,
/// <c>P = Lanes / cin</c> output channels per vector (F's 5 × 3 pairs: 15 of 16 lanes at 512 bits), so one fused
/// multiply-add per pixel and vector does a tap's whole outer product. Each image's value pixels are expanded once into
/// vectors of their channels repeated <c>P</c> times, its upstream-gradient pixels into vectors of each output
/// channel repeated <c>cin</c> times (one permute per vector), both in rows <c>pitch</c> pixels apart with zeros between
/// (at unit strides a tap reads the gradient at one offset from the value pixel, as in the flattened image): a row
/// tap's in-range value rows are then one run, and each of its column taps and vectors a chain over it, up to eight
/// chains sharing each value load.
/// </summary>
/// <remarks>
/// The summation order is <see cref="FilterGradient{TIn, T, TLoad, TOp, TTile}"/>'s: a tap's in-range pixels image by
/// image and row by row in groups of <c>SumGroupPixels</c>, each group one fused multiply-add chain from +0, the groups
/// added in order; a thread owns whole taps. The zeros between rows add <c>fma(0, x, acc)</c>, which leaves a sum
/// unchanged except that it turns −0 into +0 (0 · ∞ would be NaN: hence the finiteness check). A −0 needs a product
/// that underflows, so where one can (<see cref="Underflow"/>) the tiles run instead; otherwise the sums are bitwise
/// the tiles'. Only at unit strides, where the caller's type is the computation
/// type, of 4 or 8 bytes (the permute's index size), with at most <see cref="MaxVectors"/> vectors per tap, where an
/// image's expansions fit <see cref="ImageBudgetBytes"/> and the lanes' weighted cost undercuts the tile's
/// (<see cref="Suits"/>).
/// </remarks>
/// <typeparam name="T">The element type (the caller's and the computation's).</typeparam>
/// <typeparam name="TOp">Its arithmetic (the groups' add).</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TWidth">The vector width.</typeparam>
internal static unsafe class PairLaneFilterGradient<T, TOp, TVec, TWidth>
    where T : unmanaged
    where TOp : IMulAdd<T>
    where TVec : struct
    where TWidth : IVectorWidth<T, TVec>
{
    /// <summary>One image's expanded value and upstream-gradient pixels stay within this (half an L2), so the taps'
    /// passes over them read from cache.</summary>
    public const long ImageBudgetBytes = 512 * 1024;

    /// <summary>Chains a batch runs at once: eight accumulators, one value pointer and eight gradient pointers fit
    /// x64's 16 vector and 16 general registers (two pipes × four cycles of multiply-add latency need eight).</summary>
    private const int MaxChains = 8;

    private const long GroupPixels = FilterGradient<T, T, SameType<T>, TOp, TileScalar<T, TOp>>.SumGroupPixels;

    /// <summary>Most vectors per tap: each vector of an expanded gradient pixel is a stream of its own per tap, read from
    /// L2 (Zen 4, one thread, filter gradient alone: 3 → 10 channels, 2 vectors, 2.0× the tile's speed; 3 → 20, 4
    /// vectors, 1.45×; 8 → 32, 16 vectors, 0.5×).</summary>
    private const long MaxVectors = 4;

    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>Whether the layer's shape suits the pair layout: unit strides, channels that fit it in at most
    /// <see cref="MaxVectors"/> vectors per tap, and fewer weighted
    /// operations per tap and pixel than the tile kernel this width would run (its rows rounded up to the tile's, a
    /// broadcast and a multiply-add per row; here a load and a multiply-add per vector) by a third, for the expansion.</summary>
    public static bool Suits(Conv2DTransposeGeometry g)
    {
        long lanes = TWidth.Lanes, cin = g.InputChannels, cout = g.OutputChannels;
        if ((sizeof(T) != 4 && sizeof(T) != 8) || g.StrideHeight != 1 || g.StrideWidth != 1 || cin < 1 || cin > lanes || cout < 1
            || g.InputHeight == 0 || g.InputWidth == 0 || g.OutputHeight == 0 || g.OutputWidth == 0)
        {
            return false;
        }

        // The tile the element table would pick: 128-bit one-vector rows where the channels fit 128 bits, else this width's.
        long vectors = (cout + (lanes / cin) - 1) / (lanes / cin);
        if (vectors > MaxVectors)
        {
            return false;
        }

        bool narrow128 = cin <= System.Runtime.Intrinsics.Vector128<T>.Count && System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated;
        long tileLanes = narrow128 ? System.Runtime.Intrinsics.Vector128<T>.Count : lanes;
        long rows = narrow128 ? Width128<T, TOp>.NarrowRows : TWidth.NarrowRows;
        long tileCost = ((2 * ((cout + rows - 1) / rows) * rows) + 1) * tileLanes;
        long pairCost = 2 * vectors * lanes;
        return 3 * pairCost <= 2 * tileCost;
    }

    /// <summary>Runs the filter gradient of <paramref name="g"/> where it <see cref="Suits"/>, an image's expanded
    /// pixels fit <see cref="ImageBudgetBytes"/>, both tensors are finite and no product of theirs can underflow;
    /// <see langword="false"/>, with nothing written, where not.</summary>
    public static bool TryRun(Conv2DTransposeGeometry g, T* value, T* gradOutput, T* gradFilters, int maxThreads)
    {
        if (!Suits(g))
        {
            return false;
        }

        Job job = cachedJob ??= new Job();
        if (!job.Set(g, value, gradOutput, gradFilters))
        {
            return false;
        }

        ParallelRanges.Run(job, job.ItemCount, job.MultiplyAdds, maxThreads, chunksPerThread: 1);
        return true;
    }

    /// <summary>One chain of a batch: where its next upstream-gradient vector is, and its open group's sums.</summary>
    private struct Chain
    {
        public T* Grad;
        public T* Acc;
        public long Slot;
        public long Column;
    }

    private sealed class Job : IRangeJob
    {
        private T* value, grad, dF;
        private long n, h, w, cin, ho, wo, cout, kh, kw, dh, dw, pt, pl, perVector, vectors, pitch;

        /// <summary>Per row tap i: the value rows whose target row is inside the upstream gradient, [lo, hi).</summary>
        private long[] rowLo = [], rowHi = [];

        /// <summary>Per column tap j: the value columns whose target column is inside it, [lo, hi) (empty: lo = hi).</summary>
        private long[] colLo = [], colHi = [];

        public long ItemCount { get; private set; }

        public double MultiplyAdds { get; private set; }

        /// <summary>Plans the call; <see langword="false"/> where an image's expansions or a thread's workspace exceed
        /// their budgets (a filter of many taps keeps the tiles, whose workspace does not grow with it), where a NaN or
        /// ±Inf in either tensor would meet the zeros of the padded rows (0 · ∞ is NaN, where the definition has no
        /// product), or where a product can underflow (a sum turned −0 by it would turn +0 at a padding zero, which the
        /// tiles never add: <see cref="Underflow"/>, the convolutions' rule too).</summary>
        public bool Set(Conv2DTransposeGeometry g, T* value, T* grad, T* dF)
        {
            this.value = value;
            this.grad = grad;
            this.dF = dF;
            (n, h, w, cin) = (g.Batch, g.InputHeight, g.InputWidth, g.InputChannels);
            (ho, wo, cout) = (g.OutputHeight, g.OutputWidth, g.OutputChannels);
            (kh, kw, dh, dw, pt, pl) = (g.FilterHeight, g.FilterWidth, g.DilationHeight, g.DilationWidth, g.PadTop, g.PadLeft);
            perVector = TWidth.Lanes / cin;
            vectors = (cout + perVector - 1) / perVector;
            ItemCount = kh * kw;
            MultiplyAdds = (double)n * h * w * cin * cout * kh * kw;
            PlanTaps();
            return ImageBytes <= ImageBudgetBytes && WorkspaceBytes(ItemCount) <= Budgets.ThreadWorkspaceBytes
                && AllFinite(value, g.ValueElementCount) && AllFinite(grad, g.OutputElementCount)
                && !Underflow.Possible(value, g.ValueElementCount, grad, g.OutputElementCount, flushedB: false);
        }

        /// <summary>Each tap's in-range value rows and columns (at unit strides, y = iy + i·dh − pt and x = ix + j·dw −
        /// pl), and the pitch: a value row's read left of the gradient's row lands in the previous row's zeros, one right
        /// of it in its own.</summary>
        private void PlanTaps()
        {
            if (rowLo.Length < kh)
            {
                (rowLo, rowHi) = (new long[kh], new long[kh]);
            }

            if (colLo.Length < kw)
            {
                (colLo, colHi) = (new long[kw], new long[kw]);
            }

            for (long i = 0; i < kh; i++)
            {
                (rowLo[i], rowHi[i]) = InRange(pt - (i * dh), h, ho);
            }

            long reachLeft = 0, reachRight = 0;
            for (long j = 0; j < kw; j++)
            {
                long shift = pl - (j * dw);
                (colLo[j], colHi[j]) = InRange(shift, w, wo);
                if (colLo[j] < colHi[j])
                {
                    // A kept tap's offset −shift lies in (−wo, w), so these stay within the image's sizes.
                    reachLeft = Math.Max(reachLeft, shift);
                    reachRight = Math.Max(reachRight, -shift);
                }
            }

            pitch = Math.Max(w + reachRight, wo + reachLeft);
        }

        /// <summary>The value indices [lo, hi) whose target index − <paramref name="shift"/> lies in [0, targets).</summary>
        private static (long Lo, long Hi) InRange(long shift, long values, long targets)
        {
            if (shift >= values + targets || shift <= -targets)
            {
                return (0, 0); // no value index reaches (tested first, so the sums below cannot overflow)
            }

            long lo = Math.Clamp(shift, 0, values), hi = Math.Clamp(targets + shift, 0, values);
            return (lo, Math.Max(lo, hi));
        }

        private static bool AllFinite(T* data, long count)
        {
            for (long k = 0; k < count; k += int.MaxValue)
            {
                int length = (int)Math.Min(int.MaxValue, count - k);
                if ((typeof(T) == typeof(float) && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(new ReadOnlySpan<float>((float*)data + k, length)))
                    || (typeof(T) == typeof(double) && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(new ReadOnlySpan<double>((double*)data + k, length))))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Bytes of one image's expanded pixels: the value rows, and the gradient's rows with a row of zeros
        /// ahead (a read left of row 0; a kept tap's reads end inside its last row, as the pitch is at least the value
        /// width plus the taps' reach to the right).</summary>
        public long ImageBytes => Budgets.Product(Budgets.Sum(Budgets.Product(h, pitch), Budgets.Product(ho + 1, pitch, vectors)), TWidth.Lanes, sizeof(T));

        /// <summary>A thread's workspace for <paramref name="taps"/> taps: the expanded pixels; per slot (tap × vector)
        /// its open group's and its closed groups' sums, its open group's pixels and closed groups, and a chain; the
        /// permute indices and a padded pixel.</summary>
        private long WorkspaceBytes(long taps)
        {
            long lanes = TWidth.Lanes, slots = Budgets.Product(taps, vectors);
            long perSlot = (2 * lanes * sizeof(T)) + (2 * sizeof(long)) + sizeof(Chain);
            return Budgets.Sum(Budgets.Sum(ImageBytes, Budgets.Product(slots, perSlot)), 3 * lanes * sizeof(T));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunRange(long start, long end)
        {
            long lanes = TWidth.Lanes, slots = (end - start) * vectors;
            long valueLanes = h * pitch * lanes, gradLanes = (ho + 1) * pitch * vectors * lanes;
            long bytes = WorkspaceBytes(end - start);
            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, bytes, out byte[] owner);
            T* vx = (T*)block, gx = vx + valueLanes, acc = gx + gradLanes, sum = acc + (slots * lanes);
            long* open = (long*)(sum + (slots * lanes)), done = open + slots;
            Chain* chains = (Chain*)(done + slots);
            T* indices = (T*)(chains + slots), pad = indices + (2 * lanes);
            SetIndices(indices);
            NativeMemory.Clear(pad, (nuint)(lanes * sizeof(T))); // the lanes past a padded pixel's channels: computed, never written
            NativeMemory.Clear(acc, (nuint)(slots * lanes * sizeof(T)));
            NativeMemory.Clear(open, (nuint)(2 * slots * sizeof(long)));

            var state = new State { Acc = acc, Sum = sum, Open = open, Done = done, Chains = chains, First = start, End = end };
            T* gRow0 = gx + (pitch * vectors * lanes); // gradient row 0, after the row of zeros
            for (long image = 0; image < n; image++)
            {
                ExpandValue(image, vx, indices, pad);
                ExpandGrad(image, gx, indices + lanes, pad);
                for (long i = start / kw; i <= (end - 1) / kw; i++)
                {
                    TapRow(i, vx, gRow0, ref state);
                }
            }

            for (long slot = 0; slot < slots; slot++)
            {
                if (open[slot] > 0)
                {
                    Close(slot, ref state);
                }

                WriteSlot(start + (slot / vectors), slot % vectors, done[slot] == 0 ? null : sum + (slot * lanes));
            }

            GC.KeepAlive(owner);
        }

        /// <summary>Value lane l takes channel l mod cin; gradient lane l takes output channel l / cin of its vector's
        /// group (lanes past the pairs take lane 0, computed and never written).</summary>
        private void SetIndices(T* indices)
        {
            long lanes = TWidth.Lanes, pairs = perVector * cin;
            for (long l = 0; l < lanes; l++)
            {
                SetIndex(indices + l, l < pairs ? l % cin : 0);
                SetIndex(indices + lanes + l, l < pairs ? l / cin : 0);
            }
        }

        private static void SetIndex(T* target, long index)
        {
            if (sizeof(T) == 4)
            {
                *(int*)target = (int)index;
            }
            else
            {
                *(long*)target = index;
            }
        }

        /// <summary>Each value pixel of <paramref name="image"/> as one vector of its channels repeated, rows
        /// <see cref="pitch"/> vectors apart with zeros past the image's width.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ExpandValue(long image, T* target, T* indices, T* pad)
        {
            long lanes = TWidth.Lanes, width = w, channels = cin, stride = pitch * lanes, pixels = h * w, first = image * pixels * cin;

            // The image's pixels a vector load may read in place; the tensor's last few come from a padded copy below,
            // outside the loops (a call inside them made the JIT keep the index vector on the stack).
            long safe = Math.Clamp(Index.FloorDiv((n * pixels * cin) - lanes - first, channels) + 1, 0, pixels);
            TVec index = TWidth.Load(indices);
            T* source = value + first;
            for (long iy = 0, p0 = 0; iy < h; iy++, p0 += width)
            {
                T* row = target + (iy * stride), rowSource = source + (p0 * channels);
                long inPlace = Math.Clamp(safe - p0, 0, width);
                for (long ix = 0; ix < inPlace; ix++)
                {
                    TWidth.Store(row + (ix * lanes), TWidth.Permute(TWidth.Load(rowSource + (ix * channels)), index));
                }

                for (long ix = width; ix < pitch; ix++)
                {
                    TWidth.Store(row + (ix * lanes), default);
                }
            }

            for (long p = safe; p < pixels; p++)
            {
                long iy = p / width, ix = p - (iy * width);
                TWidth.Store(target + (iy * stride) + (ix * lanes), TWidth.Permute(TWidth.Load(Padded(source + (p * channels), channels, pad)), index));
            }
        }

        /// <summary>Each upstream-gradient pixel of <paramref name="image"/> as <see cref="vectors"/> vectors (vector v:
        /// output channels v·P … v·P + P − 1, each repeated cin times), rows <see cref="pitch"/> pixels apart with zeros
        /// past the width and a row of zeros ahead.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ExpandGrad(long image, T* target, T* indices, T* pad)
        {
            long lanes = TWidth.Lanes, width = wo, channels = cout, group = perVector, count = vectors, pixelLanes = count * lanes;
            long rowLanes = pitch * pixelLanes, pixels = ho * wo, first = image * pixels * cout;
            long safe = Math.Clamp(Index.FloorDiv((n * pixels * cout) - lanes - ((count - 1) * group) - first, channels) + 1, 0, pixels);
            TVec index = TWidth.Load(indices);
            NativeMemory.Clear(target, (nuint)(rowLanes * sizeof(T)));
            T* source = grad + first;
            for (long y = 0, p0 = 0; y < ho; y++, p0 += width)
            {
                T* row = target + ((y + 1) * rowLanes), rowSource = source + (p0 * channels);
                long inPlace = Math.Clamp(safe - p0, 0, width);
                for (long x = 0; x < inPlace; x++)
                {
                    T* pixel = rowSource + (x * channels), vector = row + (x * pixelLanes);
                    for (long v = 0; v < count; v++)
                    {
                        TWidth.Store(vector + (v * lanes), TWidth.Permute(TWidth.Load(pixel + (v * group)), index));
                    }
                }

                for (long l = width * pixelLanes; l < rowLanes; l += lanes)
                {
                    TWidth.Store(row + l, default);
                }
            }

            for (long p = safe; p < pixels; p++)
            {
                long y = p / width, x = p - (y * width);
                T* vector = target + ((y + 1) * rowLanes) + (x * pixelLanes);
                for (long v = 0; v < count; v++)
                {
                    T* source0 = Padded(source + (p * channels) + (v * group), Math.Min(group, channels - (v * group)), pad);
                    TWidth.Store(vector + (v * lanes), TWidth.Permute(TWidth.Load(source0), index));
                }
            }
        }

        /// <summary>The <paramref name="count"/> elements at <paramref name="source"/> at the front of
        /// <paramref name="pad"/> (the tensor's last pixels, where a vector load in place would pass its end).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static T* Padded(T* source, long count, T* pad)
        {
            Buffer.MemoryCopy(source, pad, TWidth.Lanes * sizeof(T), count * sizeof(T));
            return pad;
        }

        /// <summary>Row tap <paramref name="i"/>'s taps of the range over the current image: its in-range value rows
        /// as one run of pitch-long rows, every column tap (and vector) a chain that reads the gradient at one offset;
        /// the run is cut where a chain's group ends.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void TapRow(long i, T* vx, T* gRow0, ref State state)
        {
            long lanes = TWidth.Lanes, gStep = vectors * lanes, r0 = rowLo[i], r1 = rowHi[i];
            if (r0 >= r1)
            {
                return;
            }

            int count = 0;
            for (long j = 0; j < kw; j++)
            {
                long tap = (i * kw) + j;
                if (tap < state.First || tap >= state.End || colLo[j] >= colHi[j])
                {
                    continue;
                }

                // Value position p = iy·pitch + ix reads gradient position p + (i·dh − pt)·pitch + (j·dw − pl).
                long offset = (((i * dh) - pt) * pitch) + (j * dw) - pl + (r0 * pitch);
                long slot0 = (tap - state.First) * vectors;
                for (long v = 0; v < vectors; v++)
                {
                    state.Chains[count++] = new Chain { Grad = gRow0 + (offset * gStep) + (v * lanes), Acc = state.Acc + ((slot0 + v) * lanes), Slot = slot0 + v, Column = j };
                }
            }

            // Positions from the first in-range row's start to the last one's last pixel (its padding needs no products).
            long p = r0 * pitch, end = ((r1 - 1) * pitch) + w;
            while (p < end && count > 0)
            {
                // Up to the nearest group end: the position after the pixel that completes some chain's group.
                long stop = end;
                for (int c = 0; c < count; c++)
                {
                    ref Chain chain = ref state.Chains[c];
                    long room = GroupPixels - state.Open[chain.Slot], before = Counted(i, chain.Column, p);
                    if (Counted(i, chain.Column, end) - before >= room)
                    {
                        stop = Math.Min(stop, Position(i, chain.Column, before + room - 1) + 1);
                    }
                }

                T* v0 = vx + (p * lanes);
                for (int c = 0; c < count; c += MaxChains)
                {
                    Batch(v0, state.Chains + c, Math.Min(MaxChains, count - c), stop - p, (nint)gStep);
                }

                for (int c = 0; c < count; c++)
                {
                    ref Chain chain = ref state.Chains[c];
                    if ((state.Open[chain.Slot] += Counted(i, chain.Column, stop) - Counted(i, chain.Column, p)) == GroupPixels)
                    {
                        Close(chain.Slot, ref state);
                    }
                }

                p = stop;
            }
        }

        /// <summary>Tap (i, j)'s in-range pixels of the image before value position <paramref name="p"/>.</summary>
        private long Counted(long i, long j, long p)
        {
            long row = p / pitch, col = p - (row * pitch), columns = colHi[j] - colLo[j];
            long whole = Math.Clamp(row, rowLo[i], rowHi[i]) - rowLo[i];
            long part = row >= rowLo[i] && row < rowHi[i] ? Math.Clamp(col, colLo[j], colHi[j]) - colLo[j] : 0;
            return (whole * columns) + part;
        }

        /// <summary>The value position of tap (i, j)'s in-range pixel number <paramref name="k"/> of the image.</summary>
        private long Position(long i, long j, long k)
        {
            long columns = colHi[j] - colLo[j], row = k / columns;
            return ((rowLo[i] + row) * pitch) + colLo[j] + (k - (row * columns));
        }

        /// <summary>Ends slot <paramref name="slot"/>'s open group: the first becomes its sum, a later one is added to it.</summary>
        private static void Close(long slot, ref State state)
        {
            long lanes = TWidth.Lanes;
            T* acc = state.Acc + (slot * lanes), sum = state.Sum + (slot * lanes);
            if (state.Done[slot] == 0)
            {
                Buffer.MemoryCopy(acc, sum, lanes * sizeof(T), lanes * sizeof(T));
            }
            else
            {
                for (long l = 0; l < lanes; l++)
                {
                    sum[l] = TOp.Add(sum[l], acc[l]);
                }
            }

            NativeMemory.Clear(acc, (nuint)(lanes * sizeof(T)));
            state.Done[slot]++;
            state.Open[slot] = 0;
        }

        /// <summary>Writes a slot's pairs to dF (zeros where the tap met no pixel).</summary>
        private void WriteSlot(long tap, long v, T* sums)
        {
            long co0 = v * perVector, rows = Math.Min(perVector, cout - co0), columns = cin;
            T* target = dF + (((tap * cout) + co0) * columns);
            for (long r = 0; r < rows; r++)
            {
                for (long ci = 0; ci < columns; ci++)
                {
                    target[(r * columns) + ci] = sums is null ? default : sums[(r * columns) + ci];
                }
            }
        }

        private static void Batch(T* v0, Chain* chains, int count, long steps, nint gStep)
        {
            switch (count)
            {
                case 8: Chains<Count8>(v0, chains, steps, gStep); break;
                case 7: Chains<Count7>(v0, chains, steps, gStep); break;
                case 6: Chains<Count6>(v0, chains, steps, gStep); break;
                case 5: Chains<Count5>(v0, chains, steps, gStep); break;
                case 4: Chains<Count4>(v0, chains, steps, gStep); break;
                case 3: Chains<Count3>(v0, chains, steps, gStep); break;
                case 2: Chains<Count2>(v0, chains, steps, gStep); break;
                default: Chains<Count1>(v0, chains, steps, gStep); break;
            }
        }

        /// <summary>Up to eight chains over <paramref name="steps"/> value pixels from <paramref name="v0"/>: each
        /// multiplies its gradient vector by the shared value vector into its sums, then moves on by one pixel.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Chains<TCount>(T* v0, Chain* chains, long steps, nint gStep)
            where TCount : ITileCount
        {
            Debug.Assert(TCount.Value <= MaxChains, "a batch holds at most eight chains");
            nint lanes = TWidth.Lanes;
            T* g0 = chains[0].Grad, g1 = TCount.Value > 1 ? chains[1].Grad : null, g2 = TCount.Value > 2 ? chains[2].Grad : null, g3 = TCount.Value > 3 ? chains[3].Grad : null;
            T* g4 = TCount.Value > 4 ? chains[4].Grad : null, g5 = TCount.Value > 5 ? chains[5].Grad : null, g6 = TCount.Value > 6 ? chains[6].Grad : null, g7 = TCount.Value > 7 ? chains[7].Grad : null;
            TVec a0 = TWidth.Load(chains[0].Acc), a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            if (TCount.Value > 1)
            {
                a1 = TWidth.Load(chains[1].Acc);
            }

            if (TCount.Value > 2)
            {
                a2 = TWidth.Load(chains[2].Acc);
            }

            if (TCount.Value > 3)
            {
                a3 = TWidth.Load(chains[3].Acc);
            }

            if (TCount.Value > 4)
            {
                a4 = TWidth.Load(chains[4].Acc);
            }

            if (TCount.Value > 5)
            {
                a5 = TWidth.Load(chains[5].Acc);
            }

            if (TCount.Value > 6)
            {
                a6 = TWidth.Load(chains[6].Acc);
            }

            if (TCount.Value > 7)
            {
                a7 = TWidth.Load(chains[7].Acc);
            }

            for (long k = 0; k < steps; k++)
            {
                TVec x = TWidth.Load(v0);
                a0 = TWidth.MulAdd(TWidth.Load(g0), x, a0);
                if (TCount.Value > 1)
                {
                    a1 = TWidth.MulAdd(TWidth.Load(g1), x, a1);
                }

                if (TCount.Value > 2)
                {
                    a2 = TWidth.MulAdd(TWidth.Load(g2), x, a2);
                }

                if (TCount.Value > 3)
                {
                    a3 = TWidth.MulAdd(TWidth.Load(g3), x, a3);
                }

                if (TCount.Value > 4)
                {
                    a4 = TWidth.MulAdd(TWidth.Load(g4), x, a4);
                }

                if (TCount.Value > 5)
                {
                    a5 = TWidth.MulAdd(TWidth.Load(g5), x, a5);
                }

                if (TCount.Value > 6)
                {
                    a6 = TWidth.MulAdd(TWidth.Load(g6), x, a6);
                }

                if (TCount.Value > 7)
                {
                    a7 = TWidth.MulAdd(TWidth.Load(g7), x, a7);
                }

                v0 += lanes;
                g0 += gStep;
                g1 += gStep;
                g2 += gStep;
                g3 += gStep;
                g4 += gStep;
                g5 += gStep;
                g6 += gStep;
                g7 += gStep;
            }

            Finish(chains, 0, a0, g0);
            if (TCount.Value > 1)
            {
                Finish(chains, 1, a1, g1);
            }

            if (TCount.Value > 2)
            {
                Finish(chains, 2, a2, g2);
            }

            if (TCount.Value > 3)
            {
                Finish(chains, 3, a3, g3);
            }

            if (TCount.Value > 4)
            {
                Finish(chains, 4, a4, g4);
            }

            if (TCount.Value > 5)
            {
                Finish(chains, 5, a5, g5);
            }

            if (TCount.Value > 6)
            {
                Finish(chains, 6, a6, g6);
            }

            if (TCount.Value > 7)
            {
                Finish(chains, 7, a7, g7);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Finish(Chain* chains, int c, TVec acc, T* next)
        {
            TWidth.Store(chains[c].Acc, acc);
            chains[c].Grad = next;
        }
    }

    /// <summary>A thread's sums and lists: per slot the open group's sums, the closed groups' sum, the open group's
    /// pixels and the closed groups' count; the current row tap's chains; the range of taps.</summary>
    private struct State
    {
        public T* Acc;
        public T* Sum;
        public long* Open;
        public long* Done;
        public Chain* Chains;
        public long First;
        public long End;
    }
}
