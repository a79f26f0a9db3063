using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <content>
/// The flattened-image mode (docs/kernel-design.md "Per-call cost"): at unit strides, each of an image's input
/// channels is copied once into a zero-padded plane whose rows are <c>pitch</c> elements apart, and the result is
/// computed as if its rows of <c>pitch</c> pixels were one long row: tap (i, j) reads every result pixel's input at one
/// constant offset, <c>e_i · pitch + d_j</c>, so a tile's lanes run on across the ends of result rows. The pitch
/// leaves zeros wherever a result pixel's tap falls outside the image, and the lanes between rows (past the result's
/// width) are computed and not written. Where result rows are short against a tile (F's 17 pixels in a 32-lane tile),
/// this fills the lanes the row mode leaves empty and drops its per-row set-up (tap search, segment lists, row-slot
/// ring). Each element still sums the taps in order and the channels ascending; the taps the row mode skips add
/// products of zero, which leave a sum unchanged unless it is −0 (products that underflowed: then 0 times a positive
/// weight makes it +0; such data runs the direct sum instead, <see cref="Underflow"/>), so the bits are the row mode's.
/// </content>
internal static unsafe partial class PixelLaneConvolution<TIn, T, TLoad, TVec, TWidth>
{
    internal sealed partial class Job
    {
        /// <summary>Lanes of one work item: a multiple of every tile's span (2, 3, 4 or 8 vectors), so only an
        /// image's last tile is partial.</summary>
        private static long ChunkLanes => 24L * TWidth.Lanes;

        private bool flat;
        private long pitch, topRows, paddedRows, planeLength, chunks, flatListBytes, flatWorkspaceBytes;
        private long rowShift, rowStep, colShift, colStep, rowMin, rowMax, firstRowTap, rowTaps, firstColTap, colTaps;

        /// <summary>Whether the planned call runs in the flattened-image mode (for the tests that must reach it).</summary>
        internal bool Flattened => flat;

        /// <summary>Plans the flattened-image mode; <see langword="false"/> where it does not apply (strides, no
        /// reduction channels, no tap that reaches the image), its planes exceed the row budget, or its tiles cost more
        /// than the row mode's (<see cref="RunCost"/>).</summary>
        private bool PlanFlat(long budgetBytes)
        {
            if (sh != 1 || sw != 1 || outH == 0 || outW == 0 || reduction == 0 || outputs > 4 * PixelLaneTile<T, TVec, TWidth>.MaxChannels || Budgets.Product(inH, inW, reduction, sizeof(T)) > budgetBytes)
            {
                return false;
            }

            // Input row of result row y for row tap i: y + rowShift + i·rowStep; columns alike. Taps that reach no
            // result pixel of the image add only zeros and are left out (the row mode skips them too): the taps kept
            // are consecutive, as the shifts are monotonic in the tap.
            (rowShift, rowStep) = transpose ? (pt, -dh) : (-pt, dh);
            (colShift, colStep) = transpose ? (pl, -dw) : (-pl, dw);
            (firstRowTap, rowTaps, long reached) = Reaching(kh, rowShift, rowStep, outH, inH);
            (firstColTap, colTaps, _) = Reaching(kw, colShift, colStep, outW, inW);
            if (rowTaps == 0 || colTaps == 0)
            {
                return false; // every sum is zero: the row mode writes them without a tile, the flat one would tile them all
            }

            // A kept tap reaches, so its offset lies in (−results, inputs) on its axis: the sums below stay within the
            // image's sizes.
            long lastRow = rowShift + (Math.Max(0, firstRowTap + rowTaps - 1) * rowStep), firstRow = rowShift + (firstRowTap * rowStep);
            long lastCol = colShift + (Math.Max(0, firstColTap + colTaps - 1) * colStep), firstCol = colShift + (firstColTap * colStep);
            (rowMin, rowMax) = (Math.Min(firstRow, lastRow), Math.Max(firstRow, lastRow));
            long colMin = Math.Min(firstCol, lastCol), colMax = Math.Max(firstCol, lastCol);

            // A read left of a row lands in the previous row's zeros past its pixels, a read right of it in its own.
            pitch = Math.Max(inW + Math.Max(0, -colMin), outW + Math.Max(0, colMax));
            topRows = Math.Max(0, -rowMin);
            paddedRows = topRows + inH + Math.Max(0, outH + rowMax - inH);

            // A plane: a row of zeros ahead (reads left of the first row), its rows, then a row and a tile's span of
            // zeros (the last tile's lanes past the result).
            planeLength = Budgets.Sum(Budgets.Product(Budgets.Sum(paddedRows, 2), pitch), PixelLaneTile<T, TVec, TWidth>.MaxSpan);
            long planeBytes = Budgets.Product(reduction, planeLength, sizeof(T));
            flatListBytes = (Budgets.Product(2 * sizeof(nint), kh) + 63) & ~63L;
            long tileBytes = Budgets.Product(PixelLaneTile<T, TVec, TWidth>.MaxChannels, PixelLaneTile<T, TVec, TWidth>.MaxSpan, sizeof(T));
            flatWorkspaceBytes = Budgets.Sum(Budgets.Sum(flatListBytes, planeBytes), tileBytes);
            if (planeBytes > budgetBytes || flatWorkspaceBytes > Budgets.ThreadWorkspaceBytes)
            {
                return false;
            }

            // Each mode's tiles, weighted by their sums per tap and input channel: under 8 sums (two fused multiply-add
            // pipes × 4 cycles of latency) a tile runs at the pace of 8. The row mode runs the row taps that reach a
            // row over tiles cut from that row alone (F's 17 pixels: a tile of 32 lanes), the flattened mode every tap
            // over tiles cut from the image's pitch-long rows run together.
            long flatLanes = Budgets.Product(outH, pitch), rowCost = 0, flatCost = 0;
            for (long oBase = 0; oBase < outputs; oBase += PixelLaneTile<T, TVec, TWidth>.MaxChannels)
            {
                int channels = (int)Math.Min(PixelLaneTile<T, TVec, TWidth>.MaxChannels, outputs - oBase);
                rowCost = Budgets.Sum(rowCost, Budgets.Product(reached, colTaps, RunCost(outW, channels)));
                flatCost = Budgets.Sum(flatCost, Budgets.Product(rowTaps, colTaps, RunCost(flatLanes, channels)));
            }

            chunks = (flatLanes + ChunkLanes - 1) / ChunkLanes;
            return flatCost <= rowCost;
        }

        /// <summary>The taps of one axis that reach an input index from some result position: the first, how many
        /// (consecutive), and the (result position, tap) pairs that do.</summary>
        private static (long First, long Count, long Pairs) Reaching(long taps, long shift, long step, long results, long inputs)
        {
            long first = -1, count = 0, pairs = 0;
            for (long k = 0; k < taps; k++)
            {
                // Result position p reads input p + offset: some p in [0, results) reaches [0, inputs) unless the offset
                // lies outside (−results, inputs) (tested first, so inputs − offset cannot overflow).
                long offset = shift + (k * step);
                long reach = offset <= -results || offset >= inputs ? 0 : Math.Min(results, inputs - offset) - Math.Max(0, -offset);
                if (reach > 0)
                {
                    first = first < 0 ? k : first;
                    count++;
                    pairs += reach;
                }
            }

            return (Math.Max(0, first), count, pairs);
        }

        /// <summary>A run of <paramref name="length"/> pixels cut into whole tiles of <paramref name="channels"/> and one
        /// partial tile: their sums, at least 8 per tile.</summary>
        private static long RunCost(long length, int channels)
        {
            long lanes = TWidth.Lanes, whole = PixelLaneTile<T, TVec, TWidth>.Vectors(channels) * lanes, rest = length % whole;
            long partial = rest == 0 ? 0 : Math.Max(8, channels * ((rest + lanes - 1) / lanes));
            return Budgets.Sum(Budgets.Product(length / whole, Math.Max(8, channels * (whole / lanes))), partial);
        }

        /// <summary>Items <c>[start, end)</c> of (image, chunk of <see cref="ChunkLanes"/> flattened result pixels).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunFlat(long start, long end)
        {
            byte* block = ThreadBuffers.Get(ThreadBuffers.Workspace, flatWorkspaceBytes, out byte[] owner);
            long channels = reduction, results = outputs, lanes = TWidth.Lanes, stride = pitch, total = outH * pitch;
            T* planes = (T*)(block + flatListBytes);
            var call = new PixelLaneCall<T>
            {
                A = (T**)block,
                B = (T**)(block + (kh * sizeof(nint))),
                Segments = (nint)rowTaps,
                Repeat = (nint)colTaps,
                Channels = (nint)channels,
                AJump = (nint)colStep,
                BJump = (nint)(channels * results),
                AStep = (nint)planeLength,
                BStep = (nint)results,
                C = planes + (channels * planeLength),
            };

            // The copies write only the image's pixels: the zeros around them are written here, once per range, in
            // the padded rows its lanes read (all of them where it spans images: a thread of two reads half an image).
            long nFirst = start / chunks, nLast = (end - 1) / chunks;
            (long lo, long hi) = nFirst == nLast ? RowsRead(start, end) : (-1, paddedRows - 1);
            for (long c = 0; c < channels; c++)
            {
                NativeMemory.Clear(planes + (c * planeLength) + ((1 + lo) * stride), (nuint)((hi - lo + 1) * stride * sizeof(T)));
            }

            // Pixel (0, 0) of the result's flattened rows reads tap (0, 0) at this offset into each plane.
            long origin = stride + ((topRows + rowShift + (firstRowTap * rowStep)) * stride) + colShift + (firstColTap * colStep);
            long image = -1;
            for (long item = start; item < end; item++)
            {
                long n = item / chunks, first = (item - (n * chunks)) * ChunkLanes, last = Math.Min(total, first + ChunkLanes);
                if (n != image)
                {
                    for (long iy = Math.Max(0, lo - topRows); iy < Math.Min(inH, hi - topRows + 1); iy++)
                    {
                        CopyPlanar((n * inH) + iy, planes + ((1 + topRows + iy) * stride), planeLength);
                    }

                    image = n;
                }

                TIn* outImage = result + (n * outH * outW * results);
                for (long oBase = 0; oBase < results; oBase += PixelLaneTile<T, TVec, TWidth>.MaxChannels)
                {
                    int tileChannels = (int)Math.Min(PixelLaneTile<T, TVec, TWidth>.MaxChannels, results - oBase);
                    int fullVectors = PixelLaneTile<T, TVec, TWidth>.Vectors(tileChannels);
                    call.CRow = (nint)(fullVectors * lanes);
                    for (long i = 0; i < rowTaps; i++)
                    {
                        call.B[i] = packed + ((((firstRowTap + i) * kw) + firstColTap) * channels * results) + oBase; // the block's weights: the same for every tile
                    }

                    for (long p0 = first; p0 < last;)
                    {
                        long rest = last - p0;
                        int vectors = rest >= fullVectors * lanes ? fullVectors : (int)((rest + lanes - 1) / lanes);
                        long valid = Math.Min(vectors * lanes, rest);
                        for (long i = 0; i < rowTaps; i++)
                        {
                            call.A[i] = planes + origin + (i * rowStep * stride) + p0;
                        }

                        var tile = new FlatTile(&call, outImage + oBase, p0, valid, stride, outW, results);
                        Tile(tileChannels, vectors, ref tile);
                        p0 += valid;
                    }
                }
            }

            GC.KeepAlive(owner);
        }

        /// <summary>The padded rows (−1: the zeros ahead of the first) that the result pixels of items
        /// <c>[start, end)</c> of one image read, a row ahead included (a read left of a row lands in its zeros).</summary>
        private (long First, long Last) RowsRead(long start, long end)
        {
            long firstY = (start % chunks) * ChunkLanes / pitch;
            long lastY = Math.Min(outH - 1, ((((end - 1) % chunks) + 1) * ChunkLanes - 1) / pitch);
            return (topRows + firstY + rowMin - 1, topRows + lastY + rowMax);
        }

        /// <summary>One tile of flattened result pixels <c>[first, first + valid)</c>: the micro-kernel, then each
        /// result row's share of its lanes into that row (the lanes past the result's width are not written).</summary>
        private readonly struct FlatTile(PixelLaneCall<T>* call, TIn* image, long first, long valid, long pitch, long width, long results) : ITileAction
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public void Run<TChannels, TVectors>()
                where TChannels : ITileCount
                where TVectors : ITileCount
            {
                PixelLaneTile<T, TVec, TWidth>.Compute<TChannels, TVectors>(call);
                T* tile = call->C;
                nint span = call->CRow;
                long y = first / pitch, x = first - (y * pitch);
                for (long q = 0; q < valid; y++, x = 0)
                {
                    long run = Math.Min(valid - q, pitch - x), pixels = Math.Min(run, width - x);
                    Debug.Assert(y < (first + valid + pitch - 1) / pitch, "a tile's lanes stay within the result's rows");
                    if (pixels > 0)
                    {
                        Write<TChannels>(tile + q, span, image + (((y * width) + x) * results), pixels, results);
                    }

                    q += run;
                }
            }
        }
    }
}
