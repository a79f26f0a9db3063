namespace AtrousConv.Kernels;

/// <summary>
/// Splits a flat range of work items into one contiguous piece per thread (oneDNN's balance211), running small
/// problems inline: a thread hand-off costs microseconds, tens of them after idling.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Below this many multiply-adds per thread a thread costs more than it saves.</summary>
    public const double MinMultiplyAddsPerThread = 1 << 20;

    public static void Run(long items, double multiplyAdds, int maxThreads, Action<long, long> body)
    {
        if (items == 0)
        {
            return;
        }

        int threads = (int)Math.Clamp(Math.Min(items, multiplyAdds / MinMultiplyAddsPerThread), 1, Math.Max(1, maxThreads));
        if (threads == 1)
        {
            body(0, items);
            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => body(items * t / threads, items * (t + 1) / threads));
    }
}
