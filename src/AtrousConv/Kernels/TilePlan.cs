namespace AtrousConv.Kernels;

/// <summary><see cref="Repeat"/> consecutive tiles of <see cref="Rows"/> rows, the first at run pixel <see cref="Start"/>.</summary>
/// <param name="Start">The first tile's first pixel.</param>
/// <param name="Rows">Rows of each tile (a micro-kernel's <c>Mr</c>, <c>ShortMr</c> or <c>TinyMr</c>).</param>
/// <param name="Repeat">How many tiles follow each other.</param>
internal readonly record struct TileRun(long Start, int Rows, long Repeat);

/// <summary>
/// The estimated cost of one tile, in row-steps (one tile row × one reduction channel of one tap): every column tap that
/// reaches one of its pixels costs its rows' products (a little more per product in the short tile, whose fewer
/// accumulators barely cover the FMA latency) and a segment set-up; every tile costs a call and a store.
/// </summary>
/// <param name="Product">One pixel × one column tap: the row taps × the reduction channels.</param>
/// <param name="ShortFactor">Per-product cost of the short tile relative to the full one.</param>
/// <param name="Segment">One column tap's segments (one per row tap): pointer set-up and loop entry.</param>
/// <param name="Tile">One micro-kernel call: its accumulators' stores, the segment-list check.</param>
internal readonly record struct TileCosts(double Product, double ShortFactor, double Segment, double Tile)
{
    /// <summary>The model for a geometry whose result rows use <paramref name="rowTaps"/> filter rows on average.</summary>
    public static TileCosts For(double rowTaps, long reduction) =>
        new(Math.Max(1, rowTaps) * reduction, ShortFactor: 1.1, Segment: Math.Max(1, rowTaps) * 8, Tile: 48);

    /// <summary>A tile of <paramref name="rows"/> rows whose pixels <paramref name="taps"/> column taps reach.</summary>
    public double Of(int rows, int mr, int taps) => (taps * ((rows * Product * (rows == mr ? 1 : ShortFactor)) + Segment)) + Tile;
}

/// <summary>
/// Where the tiles of each run of a call go (docs/kernel-design.md "Tiles per width"): the placement of least estimated
/// cost (<see cref="TileCosts"/>), computed once per call and run, read by every worker. A tile computes every column
/// tap that reaches any of its pixels, so a tile straddling an image border multiplies padding zeros; the placement
/// puts short tiles there instead, where that saves more than the short tile's extra cost.
/// </summary>
/// <remarks>
/// A run's column tap <c>c</c> reaches a tile of pixels <c>[q0, q0 + count)</c> when <c>q0 &lt; hi[c]</c> and <c>q0 +
/// count &gt; lo[c]</c> (the kernel's own skip test). Tiles are whole (<c>Mr</c>, <c>ShortMr</c> or, where the kernel has one, <c>TinyMr</c> rows inside the run)
/// and back to back, except that the last one may move back to end at the run's end, and a run shorter than a tile is
/// one partial tile at pixel 0 (its rows past the run are computed and dropped). A dynamic programme over the run's
/// pixels finds the cheapest such cut. Between the taps' reach ends the cost of a tile does not depend on where it
/// lies, so a stretch of 4 full tiles or more is first shortened to between 3 and 4 full tiles' length (a whole number
/// of full tiles removed) and its removed full tiles are put back after the first tile that ends inside it: the
/// programme's size depends on the taps, not on the image width, and every tile keeps its cost. Keeping 3 full tiles'
/// length keeps the old placement (full tiles, then up to two short ones) within reach of the shortened programme, so
/// the result never costs more than it.
/// </remarks>
internal sealed class TilePlan
{
    private TileRun[] tiles = new TileRun[16];
    private int[] firstTile = new int[4];
    private int tileCount, runCount;

    // One run's programme: kept and grown, so a steady stream of calls allocates nothing.
    private long[] breaks = [], shortBreaks = [], removed = [], lo = [], hi = [], from = [];
    private double[] best = [];
    private int[] size = [];
    private TileRun[] path = [];

    /// <summary>An upper bound on the bytes a plan of <paramref name="runs"/> runs, <paramref name="pixels"/> pixels in
    /// all and <paramref name="taps"/> column taps in all keeps (a caller refuses a plan beyond its budget).</summary>
    public static long BoundBytes(long pixels, long runs, long taps, int mr)
    {
        long programme = Math.Min(pixels, Budgets.Product(Budgets.Sum(Budgets.Product(2, taps), runs), 4 * mr));
        long entries = Budgets.Sum(programme, Budgets.Sum(Budgets.Product(4, taps), Budgets.Product(4, runs)));
        return Budgets.Product(entries, 2 * (sizeof(long) * 3) + sizeof(double) + sizeof(long) + sizeof(int));
    }

    /// <summary>Forgets every run (the start of a call).</summary>
    public void Clear() => (tileCount, runCount) = (0, 0);

    /// <summary>The tiles of run <paramref name="run"/>, in the order they are computed.</summary>
    public ReadOnlySpan<TileRun> Tiles(long run) => tiles.AsSpan(firstTile[run], firstTile[run + 1] - firstTile[run]);

    /// <summary>Places the tiles of the next run: <paramref name="length"/> pixels, column tap <c>c</c> reaching the
    /// pixels <c>q</c> with <c>lo[c] ≤ q &lt; hi[c]</c> (see the remarks).</summary>
    public void Add(long length, ReadOnlySpan<long> reachLo, ReadOnlySpan<long> reachHi, int mr, int shortMr, TileCosts costs, int tinyMr = 0)
    {
        Grow(ref firstTile, runCount + 2);
        firstTile[runCount] = tileCount;
        if (length > 0)
        {
            long shortened = Shorten(length, reachLo, reachHi, mr, out int regions);
            int placed = Programme(shortened, reachLo.Length, mr, shortMr, tinyMr > 0 && tinyMr < shortMr ? tinyMr : 0, costs);
            Expand(placed, regions, mr);
        }

        firstTile[++runCount] = tileCount;
    }

    /// <summary>The estimated cost of tiles <paramref name="placed"/> over a run (the programme's objective).</summary>
    public static double Cost(ReadOnlySpan<TileRun> placed, long length, ReadOnlySpan<long> reachLo, ReadOnlySpan<long> reachHi, int mr, TileCosts costs)
    {
        double total = 0;
        foreach (TileRun run in placed)
        {
            for (long k = 0; k < run.Repeat; k++)
            {
                long q0 = run.Start + (k * run.Rows);
                total += costs.Of(run.Rows, mr, Reaching(q0, Math.Min(run.Rows, length - q0), reachLo, reachHi));
            }
        }

        return total;
    }

    /// <summary>How many taps reach a tile of pixels <c>[q0, q0 + count)</c>.</summary>
    private static int Reaching(long q0, long count, ReadOnlySpan<long> reachLo, ReadOnlySpan<long> reachHi)
    {
        int taps = 0;
        for (int c = 0; c < reachLo.Length; c++)
        {
            taps += q0 < reachHi[c] && q0 + count > reachLo[c] ? 1 : 0;
        }

        return taps;
    }

    /// <summary>Cuts the run at the taps' reach ends (<c>breaks</c>) into regions, shortens every region longer than 4
    /// full tiles by a whole number of full tiles (<c>removed</c>, per region), and moves the breaks (<c>shortBreaks</c>)
    /// and the reach ends (<c>lo</c>, <c>hi</c>) to the shortened run. Returns the shortened length.</summary>
    private long Shorten(long length, ReadOnlySpan<long> reachLo, ReadOnlySpan<long> reachHi, int mr, out int regions)
    {
        int taps = reachLo.Length;
        Grow(ref breaks, (2 * taps) + 2);
        int count = 0;
        breaks[count++] = 0;
        breaks[count++] = length;
        for (int c = 0; c < taps; c++)
        {
            // Clamping to the run keeps every comparison with a tile's pixels (all inside [0, length]).
            breaks[count++] = Math.Clamp(reachLo[c], 0, length);
            breaks[count++] = Math.Clamp(reachHi[c], 0, length);
        }

        Array.Sort(breaks, 0, count);
        int unique = 1;
        for (int b = 1; b < count; b++)
        {
            if (breaks[b] != breaks[unique - 1])
            {
                breaks[unique++] = breaks[b];
            }
        }

        regions = unique - 1;
        Grow(ref shortBreaks, unique);
        Grow(ref removed, unique);
        long shift = 0;
        for (int b = 0; b < unique; b++)
        {
            shortBreaks[b] = breaks[b] - shift;
            removed[b] = b < regions ? Math.Max(0, (breaks[b + 1] - breaks[b] - (3 * mr)) / mr) : 0;
            shift += removed[b] * mr;
        }

        Grow(ref lo, taps);
        Grow(ref hi, taps);
        for (int c = 0; c < taps; c++)
        {
            lo[c] = shortBreaks[Array.BinarySearch(breaks, 0, unique, Math.Clamp(reachLo[c], 0, length))];
            hi[c] = shortBreaks[Array.BinarySearch(breaks, 0, unique, Math.Clamp(reachHi[c], 0, length))];
        }

        return length - shift;
    }

    /// <summary>The cheapest cut of the shortened run (<c>lo</c>, <c>hi</c>) into <c>path</c>; returns its tile count.</summary>
    private int Programme(long length, int taps, int mr, int shortMr, int tinyMr, TileCosts costs)
    {
        Grow(ref best, length + 1);
        Grow(ref from, length + 1);
        Grow(ref size, length + 1);
        best.AsSpan(0, (int)length + 1).Fill(double.PositiveInfinity);
        best[0] = 0;
        ReadOnlySpan<long> reachLo = lo.AsSpan(0, taps), reachHi = hi.AsSpan(0, taps);
        for (long p = 0; p < length; p++)
        {
            if (double.IsPositiveInfinity(best[p]))
            {
                continue;
            }

            for (int option = 0; option < 3; option++)
            {
                int rows = option switch { 0 => mr, 1 => shortMr < mr ? shortMr : 0, _ => tinyMr };
                if (rows == 0)
                {
                    continue;
                }

                long next = Math.Min(p + rows, length);
                if (p + rows > length && length < rows && p > 0)
                {
                    continue; // a partial tile only as a run's one tile
                }

                long start = Start(p, rows, length);
                double cost = best[p] + costs.Of(rows, mr, Reaching(start, Math.Min(rows, length - start), reachLo, reachHi));
                if (cost < best[next])
                {
                    (best[next], from[next], size[next]) = (cost, p, rows);
                }
            }
        }

        int placed = 0;
        for (long p = length; p > 0; p = from[p])
        {
            placed++;
        }

        Grow(ref path, placed);
        int index = placed;
        for (long p = length; p > 0; p = from[p])
        {
            path[--index] = new TileRun(Start(from[p], size[p], length), size[p], 1);
        }

        return placed;

        // A tile that would pass the run's end moves back to end there (or, in a run shorter than it, stays at 0).
        static long Start(long p, int rows, long length) => p + rows <= length ? p : Math.Max(0, length - rows);
    }

    /// <summary>Appends the programme's tiles in the full run's positions, each region's removed full tiles after the
    /// first tile that ends inside it, and joins back-to-back tiles of one size into one <see cref="TileRun"/>.</summary>
    private void Expand(int placed, int regions, int mr)
    {
        long shift = 0;
        int region = 0;
        for (int t = 0; t < placed; t++)
        {
            TileRun tile = path[t];
            Append(tile.Start + shift, tile.Rows, 1);
            long end = tile.Start + tile.Rows;
            for (; region < regions && shortBreaks[region] < end; region++)
            {
                if (removed[region] > 0)
                {
                    Append(end + shift, mr, removed[region]);
                    shift += removed[region] * mr;
                }
            }
        }
    }

    private void Append(long start, int rows, long repeat)
    {
        if (tileCount > firstTile[runCount])
        {
            ref TileRun last = ref tiles[tileCount - 1];
            if (last.Rows == rows && last.Start + (last.Repeat * rows) == start)
            {
                last = last with { Repeat = last.Repeat + repeat };
                return;
            }
        }

        Grow(ref tiles, tileCount + 1);
        tiles[tileCount++] = new TileRun(start, rows, repeat);
    }

    private static void Grow<TItem>(ref TItem[] array, long length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, (int)Math.Max(length, 2L * array.Length));
        }
    }
}
