namespace AtrousConv.Kernels;

/// <summary>
/// Decides how many threads a job gets and runs it: on the <see cref="WorkerPool"/> in contiguous pieces; a small job
/// only with workers that are still spinning from the last call (a hand-off to them costs a cache-line transfer, waking
/// a sleeping one microseconds); a tiny one inline.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Below this many multiply-adds per thread a thread costs more than it saves.</summary>
    public const double MinMultiplyAddsPerThread = 1 << 20;

    /// <summary>Below this many multiply-adds per thread even an awake worker costs more than it saves.</summary>
    public const double MinMultiplyAddsPerAwakeThread = 1 << 17;

    /// <summary>Runs <paramref name="job"/>; with several threads, each takes about <paramref name="chunksPerThread"/>
    /// chunks (more chunks balance late wake-ups and busy cores; fewer keep a job's streamed data together). With
    /// <paramref name="shrinkChunks"/>, chunks shrink towards one item as the job nears its end (guided scheduling), so
    /// the threads finish within about one item of each other instead of half a chunk.</summary>
    public static void Run(IRangeJob job, long items, double multiplyAdds, int maxThreads, int chunksPerThread = 4, bool shrinkChunks = false)
    {
        if (items == 0)
        {
            return;
        }

        int threads = Threads(items, multiplyAdds / MinMultiplyAddsPerThread, maxThreads);
        bool awakeOnly = threads == 1;
        if (awakeOnly)
        {
            threads = Threads(items, multiplyAdds / MinMultiplyAddsPerAwakeThread, maxThreads);
        }

        if (threads == 1)
        {
            job.RunRange(0, items);
            return;
        }

        // A small job is cut into one piece per thread: a piece's fixed costs (workspace, its first input rows) are
        // then paid once per thread.
        int pieces = awakeOnly ? threads : threads * chunksPerThread;
        long chunk = (items + pieces - 1) / pieces;
        WorkerPool.Run(job, items, threads, chunk, shrinkChunks && !awakeOnly ? 1 : chunk, awakeOnly);
    }

    private static int Threads(long items, double byWork, int maxThreads) => (int)Math.Clamp(Math.Min(items, byWork), 1, Math.Max(1, maxThreads));
}
