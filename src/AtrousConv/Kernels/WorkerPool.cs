using System.Runtime.ExceptionServices;

namespace AtrousConv.Kernels;

/// <summary>A range of work items split among threads: <c>RunRange(start, end)</c> for one thread's contiguous piece.</summary>
internal interface IRangeJob
{
    void RunRange(long start, long end);
}

/// <summary>
/// Dedicated worker threads for the kernels, so a parallel call neither allocates nor waits for the thread pool: a
/// dispatch wakes the workers (they spin briefly before sleeping, so back-to-back calls find them awake), the caller
/// runs the first piece itself, and waits for the rest. One call at a time uses the pool; a concurrent caller gets
/// <see cref="Parallel.For(int, int, Action{int})"/> instead. Threads take contiguous chunks of items from a shared
/// counter, so a thread that wakes late or shares its core does less, not the whole call's wait. Which thread computes
/// an item depends on timing, but every item is computed whole by one thread in a fixed order, so the results do not.
/// </summary>
internal static class WorkerPool
{
    private const int SpinIterations = 2_000; // ~20–70 µs: long enough for back-to-back calls, short enough not to steal a core

    private static readonly Lock Gate = new();
    private static readonly object Sync = new();
    private static Worker[] workers = [];

    private static IRangeJob? job;
    private static long jobItems;
    private static long jobChunk;
    private static long jobMinChunk;
    private static int jobThreads;
    private static long nextItem;
    private static int pending;
    private static ExceptionDispatchInfo? failure;
    private static readonly ManualResetEventSlim Done = new(false);

    /// <summary>Workers started so far (never more than the processor count minus the caller).</summary>
    public static int WorkerCount => workers.Length;

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> items on <paramref name="threads"/> threads (the
    /// caller included), in chunks of <paramref name="chunk"/> items, or, near the end, of a share of what is left down to
    /// <paramref name="minChunk"/> items.</summary>
    public static void Run(IRangeJob work, long items, int threads, long chunk, long minChunk)
    {
        // A nested call from inside a job (the lock is re-entrant) or a concurrent caller uses the thread pool instead.
        if (Gate.IsHeldByCurrentThread || !Gate.TryEnter())
        {
            RunOnThreadPool(work, items, threads);
            return;
        }

        try
        {
            threads = Math.Clamp(threads, 1, Environment.ProcessorCount);
            EnsureWorkers(threads - 1);
            job = work;
            jobItems = items;
            jobChunk = Math.Max(1, chunk);
            jobMinChunk = Math.Clamp(minChunk, 1, jobChunk);
            jobThreads = threads;
            Volatile.Write(ref nextItem, 0);
            failure = null;
            Done.Reset();
            Volatile.Write(ref pending, threads - 1);
            for (int t = 1; t < threads; t++)
            {
                workers[t - 1].Start();
            }

            ExceptionDispatchInfo? own = null;
            try
            {
                Drain(work);
            }
#pragma warning disable CA1031 // Rethrown below, after the workers are done with the caller's memory.
            catch (Exception e)
#pragma warning restore CA1031
            {
                own = ExceptionDispatchInfo.Capture(e);
            }

            // Never return while a worker may still write: the count decides, the event only wakes. A worker sets
            // the event after its decrement, so a Set can arrive late, even during the next call; it is harmless here.
            SpinWait spin = default;
            while (Volatile.Read(ref pending) != 0 && !spin.NextSpinWillYield)
            {
                spin.SpinOnce();
            }

            while (Volatile.Read(ref pending) != 0)
            {
                Done.Wait();
                Done.Reset();
            }

            job = null;
            own?.Throw();
            failure?.Throw();
        }
        finally
        {
            Gate.Exit();
        }
    }

    // Its own method: the lambda's closure is allocated on entry to the method that declares it, and Run must not allocate.
    private static void RunOnThreadPool(IRangeJob work, long items, int threads) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => work.RunRange(PieceStart(items, t, threads), PieceStart(items, t + 1, threads)));

    private static long PieceStart(long items, int t, int threads) => items * t / threads;

    /// <summary>Runs chunks of the current job until none is left: <c>jobChunk</c> items while plenty are left, then
    /// half of the remaining items' share per thread, never fewer than <c>jobMinChunk</c>.</summary>
    private static void Drain(IRangeJob work)
    {
        long items = jobItems, chunk = jobChunk, minChunk = jobMinChunk, share = 2L * jobThreads;
        while (true)
        {
            long start = Volatile.Read(ref nextItem);
            if (start >= items)
            {
                return;
            }

            long size = Math.Clamp((items - start + share - 1) / share, minChunk, chunk);
            if (Interlocked.CompareExchange(ref nextItem, start + size, start) != start)
            {
                continue; // another thread took this chunk
            }

            work.RunRange(start, Math.Min(items, start + size));
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (workers.Length >= count)
        {
            return;
        }

        lock (Sync)
        {
            var grown = new Worker[count];
            Array.Copy(workers, grown, workers.Length);
            for (int i = workers.Length; i < count; i++)
            {
                grown[i] = new Worker(i + 1);
            }

            workers = grown;
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Workers live as long as the process.")]
    private sealed class Worker
    {
        private readonly ManualResetEventSlim wake = new(false, SpinIterations / 10);
        private int generation;

        public Worker(int index)
        {
            new Thread(Loop) { IsBackground = true, Name = $"AtrousConv worker {index}" }.Start();
        }

        public void Start()
        {
            Interlocked.Increment(ref generation);
            wake.Set();
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                // Wait for a new generation. The event only says "look again": a Set can outlive the Reset of an
                // earlier wake-up, so nothing runs until the generation itself has moved on.
                int current;
                while ((current = Volatile.Read(ref generation)) == seen)
                {
                    // Spin a little before sleeping: the next call of a training loop usually comes within microseconds.
                    for (int i = 0; i < SpinIterations && Volatile.Read(ref generation) == seen; i++)
                    {
                        Thread.SpinWait(1);
                    }

                    if (Volatile.Read(ref generation) == seen)
                    {
                        wake.Wait();
                    }

                    wake.Reset();
                }

                seen = current;
                try
                {
                    Drain(job!);
                }
#pragma warning disable CA1031 // Any failure of a worker is rethrown on the caller's thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }

                if (Interlocked.Decrement(ref pending) == 0)
                {
                    Done.Set();
                }
            }
        }
    }
}
