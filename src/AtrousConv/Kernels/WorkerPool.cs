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
/// takes chunks itself, and returns once every item is done. One call at a time uses the pool; a concurrent caller gets
/// <see cref="Parallel.For(int, int, Action{int})"/> instead. Threads take contiguous chunks of items from a shared
/// counter, so a thread that wakes late or shares its core does less, not the whole call's wait. Which thread computes
/// an item depends on timing, but every item is computed whole by one thread in a fixed order, so the results do not.
/// </summary>
/// <remarks>
/// The call ends when its items are done, not when its workers are: a worker that wakes after the caller (or another
/// worker) has taken every chunk finds nothing and goes back to waiting, and the caller never waits for it. The claim
/// counter carries the call's number in its high half, and each call closes the last call's word (no items left) before
/// it writes its own fields. So a worker that read an earlier word cannot take a chunk of a later call with it: its
/// compare-exchange names a word that no longer exists. A compare-exchange succeeds only on the current call's word
/// while that call still has items, which is also while that call's caller is still waiting.
/// </remarks>
internal static class WorkerPool
{
    private const int SpinIterations = 2_000; // ~20–70 µs: long enough for back-to-back calls, short enough not to steal a core

    /// <summary>Items per call fit the claim word's low half.</summary>
    private const long MaxItems = uint.MaxValue;

    private static readonly Lock Gate = new();
    private static readonly object Sync = new();
    private static Worker[] workers = [];

    private static IRangeJob? job;
    private static long jobItems;
    private static long jobChunk;
    private static long jobMinChunk;
    private static int jobThreads;
    private static int call;

    /// <summary>High 32 bits: the call's number; low 32 bits: its first unclaimed item.</summary>
    private static long claim;

    /// <summary>Items of the current call that are done (computed, or abandoned after a failure).</summary>
    private static long completed;
    private static ExceptionDispatchInfo? failure;
    private static readonly ManualResetEventSlim Done = new(false);

    /// <summary>Workers started so far (never more than the processor count minus the caller).</summary>
    public static int WorkerCount => workers.Length;

    /// <summary>Runs <paramref name="work"/> over <paramref name="items"/> items on <paramref name="threads"/> threads (the
    /// caller included), in chunks of <paramref name="chunk"/> items, or, near the end, of a share of what is left down to
    /// <paramref name="minChunk"/> items. With <paramref name="awakeOnly"/> (a job too small to wait for a sleeping thread),
    /// it is shared only if a worker is spinning; else the caller runs it alone and the workers are merely woken.</summary>
    public static void Run(IRangeJob work, long items, int threads, long chunk, long minChunk, bool awakeOnly = false)
    {
        // A nested call from inside a job (the lock is re-entrant) or a concurrent caller uses the thread pool instead.
        if (items > MaxItems || Gate.IsHeldByCurrentThread || !Gate.TryEnter())
        {
            RunOnThreadPool(work, items, awakeOnly ? 1 : threads);
            return;
        }

        try
        {
            threads = Math.Clamp(threads, 1, Environment.ProcessorCount);

            // Close the last call's claim word before any field changes: a worker that read that word and then reads
            // this call's fields must fail its compare-exchange (a closed word has no items left for anyone).
            int number = unchecked(++call);
            Interlocked.Exchange(ref claim, ((long)number << 32) | MaxItems);
            EnsureWorkers(threads - 1);
            Worker[] pool = workers;
            bool alone = awakeOnly && !AnySpinning(pool, threads - 1);
            if (alone)
            {
                // Nobody to share with: the caller claims everything at once, and only then wakes the workers, so that
                // they are spinning for the next call (a stream of small calls keeps them awake) without taking this one.
                chunk = minChunk = items;
            }

            job = work;
            jobItems = items;
            jobChunk = Math.Max(1, chunk);
            jobMinChunk = Math.Clamp(minChunk, 1, jobChunk);
            jobThreads = threads;
            failure = null;
            Volatile.Write(ref completed, 0);
            Done.Reset();
            TestPause(PausePoint.BeforePublishing);
            Volatile.Write(ref claim, (long)number << 32); // publishes the fields above to whoever reads this word
            if (!alone)
            {
                StartWorkers(pool, threads);
            }

            Drain(number);
            if (alone)
            {
                StartWorkers(pool, threads);
            }

            WaitForItems(items);
            job = null;
            failure?.Throw();
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void StartWorkers(Worker[] pool, int threads)
    {
        for (int t = 1; t < threads; t++)
        {
            pool[t - 1].Start();
        }
    }

    private static bool AnySpinning(Worker[] pool, int count)
    {
        for (int t = 0; t < count; t++)
        {
            if (pool[t].IsSpinning)
            {
                return true;
            }
        }

        return false;
    }

    // Its own method: the lambda's closure is allocated on entry to the method that declares it, and Run must not allocate.
    private static void RunOnThreadPool(IRangeJob work, long items, int threads) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => work.RunRange(PieceStart(items, t, threads), PieceStart(items, t + 1, threads)));

    private static long PieceStart(long items, int t, int threads) => items * t / threads;

    /// <summary>Never returns while an item may still be written: the count decides, the event only wakes (a worker sets
    /// it after its count; a late Set from an earlier call is harmless).</summary>
    private static void WaitForItems(long items)
    {
        SpinWait spin = default;
        while (Volatile.Read(ref completed) != items && !spin.NextSpinWillYield)
        {
            spin.SpinOnce();
        }

        while (Volatile.Read(ref completed) != items)
        {
            Done.Wait();
            Done.Reset();
        }
    }

    /// <summary>Takes chunks of call <paramref name="number"/> until none is left; a failing chunk is recorded (the
    /// caller rethrows it) and the call's unclaimed items are abandoned, so it ends at once.</summary>
    private static void Drain(int number)
    {
        while (true)
        {
            long word = Volatile.Read(ref claim);
            if ((int)(word >> 32) != number)
            {
                return; // a later call: this thread saw an earlier one, which has ended
            }

            TestPause(PausePoint.AfterReadingClaim);

            // Read before the compare-exchange: if it succeeds, the call is still this one, and so are these.
            long items = jobItems, chunk = jobChunk, minChunk = jobMinChunk, share = 2L * jobThreads;
            IRangeJob? work = job;
            long start = (uint)word;
            if (start >= items || work is null)
            {
                return;
            }

            long size = Math.Clamp((items - start + share - 1) / share, minChunk, chunk);
            long end = Math.Min(items, start + size);
            if (Interlocked.CompareExchange(ref claim, ((long)number << 32) | end, word) != word)
            {
                continue; // another thread took this chunk
            }

            try
            {
                work.RunRange(start, end);
            }
#pragma warning disable CA1031 // Rethrown on the caller's thread once every item is accounted for.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // The first failure of a call is the one rethrown; a second thread failing too adds nothing new.
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                end += Abandon(number, items);
            }

            Complete(end - start, items);
        }
    }

    /// <summary>Where a test can stretch the protocol's windows (<see cref="Pause"/>).</summary>
    internal enum PausePoint
    {
        /// <summary>A thread has read the claim word and not yet the call's fields.</summary>
        AfterReadingClaim,

        /// <summary>The caller has written the call's fields and not yet published its claim word.</summary>
        BeforePublishing,
    }

    /// <summary>A test's hook, called at each <see cref="PausePoint"/> (null otherwise: one load and branch per chunk), so
    /// a test can force a late worker's interleaving in any build.</summary>
    internal static Action<PausePoint>? Pause { get; set; }

    private static void TestPause(PausePoint point) => Pause?.Invoke(point);

    /// <summary>Claims every item of call <paramref name="number"/> still unclaimed, without running them; returns how many.</summary>
    private static long Abandon(int number, long items)
    {
        while (true)
        {
            long word = Volatile.Read(ref claim);
            long start = (uint)word;
            if ((int)(word >> 32) != number || start >= items)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref claim, ((long)number << 32) | items, word) == word)
            {
                return items - start;
            }
        }
    }

    private static void Complete(long count, long items)
    {
        if (Interlocked.Add(ref completed, count) == items)
        {
            Done.Set();
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
        private volatile bool spinning;

        public Worker(int index)
        {
            new Thread(Loop) { IsBackground = true, Name = $"AtrousConv worker {index}" }.Start();
        }

        /// <summary>Whether the worker is between calls and not yet asleep: a start reaches it within a cache-line transfer.</summary>
        public bool IsSpinning => spinning;

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
                    spinning = true;
                    for (int i = 0; i < SpinIterations && Volatile.Read(ref generation) == seen; i++)
                    {
                        Thread.SpinWait(1);
                    }

                    spinning = false;
                    if (Volatile.Read(ref generation) == seen)
                    {
                        wake.Wait();
                    }

                    wake.Reset();
                }

                seen = current;

                // The call this start belongs to, or a later one: Drain checks the number against the claim word.
                Drain((int)(Volatile.Read(ref claim) >> 32));
            }
        }
    }
}
