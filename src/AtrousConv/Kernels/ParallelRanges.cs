namespace AtrousConv.Kernels;

/// <summary>
/// Decides how many threads a job gets and runs it: inline below a minimum of work per thread (a hand-off costs
/// microseconds, more after idling), else on the <see cref="WorkerPool"/> in contiguous pieces.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Below this many multiply-adds per thread a thread costs more than it saves.</summary>
    public const double MinMultiplyAddsPerThread = 1 << 20;

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

        int threads = (int)Math.Clamp(Math.Min(items, multiplyAdds / MinMultiplyAddsPerThread), 1, Math.Max(1, maxThreads));
        if (threads == 1)
        {
            job.RunRange(0, items);
            return;
        }

        long chunk = (items + ((long)threads * chunksPerThread) - 1) / ((long)threads * chunksPerThread);
        WorkerPool.Run(job, items, threads, chunk, shrinkChunks ? 1 : chunk);
    }
}
