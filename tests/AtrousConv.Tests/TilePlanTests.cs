using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The tiled kernel's tile placement (<see cref="TilePlan"/>) as data: for runs of many lengths, taps reaching
/// different stretches of them and every tile shape the micro-kernels have, the tiles cover each pixel of the run,
/// lie inside it (but a run shorter than a tile), and never cost more than the old placement (full tiles, then up
/// to two short ones, the last moved back). The kernels' bits do not depend on the placement: the variant sweeps
/// (<see cref="KernelSweepTests"/>, wide rows included) check those.
/// </summary>
[TestClass]
public sealed class TilePlanTests
{
    /// <summary>(Mr, ShortMr, TinyMr): AVX2 and x64 Vector128 wide tiles, AVX-512 and ARM64 wide tiles (with and
    /// without the tiny tile), narrow and Scalar tiles.</summary>
    private static readonly (int Mr, int ShortMr, int TinyMr)[] Shapes = [(6, 4, 0), (12, 8, 4), (12, 8, 0), (8, 8, 0), (16, 16, 0), (4, 4, 0)];

    private static readonly TileCosts Costs = TileCosts.For(3, 128);

    public static IEnumerable<object[]> Cases()
    {
        // Shape C's transposed rows: 36 pixels, tap j reaching [2j, 32 + 2j).
        yield return Case("C row", 36, [0, 2, 4], [32, 34, 36]);

        // Rows from real geometries: the reach a row's taps have at a rate and a padding.
        foreach (int rate in new[] { 1, 2, 3, 4, 6, 12 })
        {
            foreach (int width in new[] { 7, 17, 32, 56, 64, 100 })
            {
                for (int taps = 1; taps <= 5; taps += 2)
                {
                    int border = (taps - 1) * rate; // VALID transposed: the result is wider by the dilated filter
                    yield return Case($"valid w{width} r{rate} k{taps}", width + border, [.. Enumerable.Range(0, taps).Select(j => (long)j * rate)], [.. Enumerable.Range(0, taps).Select(j => (long)(width + (j * rate)))]);
                    int pad = border / 2; // SAME: the result as wide as the input, taps cut at both ends
                    yield return Case($"same w{width} r{rate} k{taps}", width, [.. Enumerable.Range(0, taps).Select(j => (long)((j * rate) - pad))], [.. Enumerable.Range(0, taps).Select(j => (long)(width + (j * rate) - pad))]);
                }
            }
        }

        // Random reaches, empty, reversed, outside the run and beyond it, over short and long runs.
        var random = new Random(5);
        for (int id = 0; id < 300; id++)
        {
            long length = id < 200 ? random.Next(1, 80) : random.Next(80, 3000);
            int taps = random.Next(0, 7);
            long[] lo = new long[taps], hi = new long[taps];
            for (int c = 0; c < taps; c++)
            {
                lo[c] = random.NextInt64(-10, length + 10);
                hi[c] = random.Next(4) == 0 ? random.NextInt64(-10, length + 10) : lo[c] + random.NextInt64(0, length + 10);
            }

            yield return Case($"random#{id}", length, lo, hi);
        }

        static object[] Case(string name, long length, long[] lo, long[] hi) => [name, length, lo, hi];
    }

    public static IEnumerable<object[]> Rows() => Cases().SelectMany(c => Shapes.Select(s => (object[])[.. c, s.Mr, s.ShortMr, s.TinyMr]));

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public void TilesCoverTheRunAndCostNoMoreThanBefore(string name, long length, long[] lo, long[] hi, int mr, int shortMr, int tinyMr)
    {
        TileRun[] tiles = Place(length, lo, hi, mr, shortMr, tinyMr);
        var covered = new bool[length];
        foreach (TileRun run in tiles)
        {
            Assert.IsTrue(run.Rows == mr || run.Rows == shortMr || (tinyMr > 0 && run.Rows == tinyMr), $"{name}: a tile of {run.Rows} rows");
            Assert.IsTrue(run.Repeat >= 1, $"{name}: an empty run of tiles");
            for (long k = 0; k < run.Repeat; k++)
            {
                long q0 = run.Start + (k * run.Rows);
                bool partial = tiles.Length == 1 && run.Repeat == 1 && q0 == 0 && length < run.Rows;
                Assert.IsTrue(q0 >= 0 && (partial || q0 + run.Rows <= length), $"{name} ({mr}, {shortMr}): tile [{q0}, {q0 + run.Rows}) outside the run of {length}");
                for (long q = q0; q < Math.Min(q0 + run.Rows, length); q++)
                {
                    covered[q] = true;
                }
            }
        }

        Assert.AreEqual(-1, Array.IndexOf(covered, false), $"{name} ({mr}, {shortMr}): pixel not covered");
        double cost = TilePlan.Cost(tiles, length, lo, hi, mr, Costs), before = TilePlan.Cost(OldPlacement(length, mr, shortMr), length, lo, hi, mr, Costs);
        Assert.IsTrue(cost <= before * (1 + Tolerances.PlacementCost), $"{name} ({mr}, {shortMr}): cost {cost} above the old placement's {before}");
        if (tinyMr > 0)
        {
            // A third height is one more option for the programme: never a dearer plan than the two heights'.
            double twoHeights = TilePlan.Cost(Place(length, lo, hi, mr, shortMr), length, lo, hi, mr, Costs);
            Assert.IsTrue(cost <= twoHeights * (1 + Tolerances.PlacementCost), $"{name} ({mr}, {shortMr}, {tinyMr}): cost {cost} above the two heights' {twoHeights}");
        }
    }

    /// <summary>The brief's hand-worked row: shape C's 36 pixels cost 108 products in six full tiles; short tiles at the
    /// ends, where one tap misses, take at most 100 (the exact count is 96).</summary>
    [TestMethod]
    public void ShapeCRowTakesShortTilesAtTheBorders()
    {
        long[] lo = [0, 2, 4], hi = [32, 34, 36];
        Assert.AreEqual(108, Products(OldPlacement(36, 6, 4), 36, lo, hi));
        TileRun[] tiles = Place(36, lo, hi, 6, 4);
        long products = Products(tiles, 36, lo, hi);
        Assert.IsTrue(products <= 100, $"{products} products: {string.Join(", ", tiles)}");
        Assert.AreEqual((0L, 4), (tiles[0].Start, tiles[0].Rows));
        Assert.AreEqual(4, tiles[^1].Rows);
        Assert.AreEqual(32, tiles[^1].Start + ((tiles[^1].Repeat - 1) * 4));
    }

    /// <summary>The same row with AVX-512's tiles: 12 rows cost 108 products, and so do 8-row end tiles (every tap
    /// reaches the first and last 8 pixels); the 4-row tiny tiles at the ends take 100.</summary>
    [TestMethod]
    public void ShapeCRowTakesTinyTilesOnWideRegisterFiles()
    {
        long[] lo = [0, 2, 4], hi = [32, 34, 36];
        Assert.AreEqual(108, Products(Place(36, lo, hi, 12, 8), 36, lo, hi));
        TileRun[] tiles = Place(36, lo, hi, 12, 8, 4);
        Assert.AreEqual(100, Products(tiles, 36, lo, hi), string.Join(", ", tiles));
        Assert.AreEqual((0L, 4), (tiles[0].Start, tiles[0].Rows));
        Assert.AreEqual((32L, 4), (tiles[^1].Start + ((tiles[^1].Repeat - 1) * tiles[^1].Rows), tiles[^1].Rows));
    }

    /// <summary>A long run's plan stays a handful of entries (its interior is one run of full tiles), and a plan is the
    /// same when placed again after other runs (nothing carries over).</summary>
    [TestMethod]
    public void LongRunsKeepFewEntriesAndPlansRepeat()
    {
        var plan = new TilePlan();
        plan.Add(100_000, [0, 3, 6], [99_994, 99_997, 100_000], 6, 4, Costs);
        plan.Add(37, [-1], [40], 6, 4, Costs);
        plan.Add(100_000, [0, 3, 6], [99_994, 99_997, 100_000], 6, 4, Costs);
        Assert.IsTrue(plan.Tiles(0).Length <= 8, string.Join(", ", plan.Tiles(0).ToArray()));
        CollectionAssert.AreEqual(plan.Tiles(0).ToArray(), plan.Tiles(2).ToArray());
        Assert.AreEqual(100_000, Covered(plan.Tiles(0).ToArray(), 100_000));
        Assert.AreEqual(37, Covered(plan.Tiles(1).ToArray(), 37));
    }

    private static TileRun[] Place(long length, long[] lo, long[] hi, int mr, int shortMr, int tinyMr = 0)
    {
        var plan = new TilePlan();
        plan.Add(length, lo, hi, mr, shortMr, Costs, tinyMr);
        return plan.Tiles(0).ToArray();
    }

    /// <summary>The placement before the cost model (a copy of the old <c>TileCounts</c> / <c>TilePlace</c>): full tiles,
    /// then up to two short ones, whichever computes the fewest rows; the last tile moved back to end at the run's end.</summary>
    private static TileRun[] OldPlacement(long length, int mr, int shortMr)
    {
        long full = (length + mr - 1) / mr, best = full * mr, shorts = 0;
        for (long k = 1; k <= 2 && shortMr < mr; k++)
        {
            long f = (Math.Max(0, length - (k * shortMr)) + mr - 1) / mr;
            if ((f * mr) + (k * shortMr) < best)
            {
                (full, shorts, best) = (f, k, (f * mr) + (k * shortMr));
            }
        }

        var tiles = new TileRun[full + shorts];
        for (long tile = 0; tile < tiles.Length; tile++)
        {
            int rows = tile < full ? mr : shortMr;
            long next = tile < full ? tile * mr : (full * mr) + ((tile - full) * rows);
            tiles[tile] = new TileRun(Math.Max(0, Math.Min(next, length - rows)), rows, 1);
        }

        return tiles;
    }

    /// <summary>Rows × reaching taps over the tiles (the products computed, padding ones included).</summary>
    private static long Products(TileRun[] tiles, long length, long[] lo, long[] hi)
    {
        long products = 0;
        foreach (TileRun run in tiles)
        {
            for (long k = 0; k < run.Repeat; k++)
            {
                long q0 = run.Start + (k * run.Rows), count = Math.Min(run.Rows, length - q0);
                products += run.Rows * Enumerable.Range(0, lo.Length).Count(c => q0 < hi[c] && q0 + count > lo[c]);
            }
        }

        return products;
    }

    private static long Covered(TileRun[] tiles, long length)
    {
        var covered = new bool[length];
        foreach (TileRun run in tiles)
        {
            for (long q = run.Start; q < Math.Min(run.Start + (run.Repeat * run.Rows), length); q++)
            {
                covered[q] = true;
            }
        }

        return covered.Count(c => c);
    }
}
