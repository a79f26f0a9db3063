using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// The worker pool's hand-off protocol, driven directly: every item of every call is run exactly once, a call returns
/// only when all of its items are done, a worker that wakes late never runs an item of a call that has ended (nor of a
/// later one with an earlier one's state), and a failing chunk reaches the caller without leaving the pool stuck.
/// Serial: it measures what the pool's threads do between calls.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class WorkerPoolTests
{
    /// <summary>(items, threads, chunk, min chunk, awake only): whole and shrinking chunks, one item, more threads than
    /// items, and the small-job mode that shares only with spinning workers.</summary>
    public static IEnumerable<object[]> Shapes() =>
    [
        [1L, 2, 1L, 1L, false],
        [7L, 2, 1L, 1L, false],
        [64L, 2, 8L, 1L, false],
        [64L, 2, 8L, 8L, false],
        [1000L, int.MaxValue, 37L, 1L, false],
        [3L, 8, 1L, 1L, false],
        [33L, 2, 17L, 17L, true],
        [500L, 2, 250L, 250L, true],
    ];

    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void EveryItemRunsOnceAndIsDoneOnReturn(long items, int threads, long chunk, long minChunk, bool awakeOnly)
    {
        var job = new CountingJob(items);
        for (int call = 0; call < 300; call++)
        {
            job.Reset();
            WorkerPool.Run(job, items, threads, chunk, minChunk, awakeOnly);
            job.AssertEachItemOnce($"call {call}");
            if (call % 50 == 49)
            {
                Thread.Sleep(2); // let the workers fall asleep, so the next call wakes them
            }
        }

        // A worker still spinning or waking late must not run anything once the calls have ended.
        long runs = job.Runs;
        Thread.Sleep(20);
        Assert.AreEqual(runs, job.Runs, "a range ran after its call returned");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AFailingChunkReachesTheCallerAndThePoolRecovers(bool awakeOnly)
    {
        var failing = new FailingJob(failAt: 5);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => WorkerPool.Run(failing, 64, 2, 1, 1, awakeOnly));
        StringAssert.Contains(error.Message, "item 5");
        Assert.AreEqual(0, failing.Active, "a range was still running when the call returned");

        var job = new CountingJob(64);
        WorkerPool.Run(job, 64, 2, 4, 1, awakeOnly);
        job.AssertEachItemOnce("the call after a failure");
    }

    /// <summary>
    /// A worker woken by a small call that has read that call's claim word, and is held there until the next call has
    /// written its own fields (the pool's pause points), must not take a chunk of the next call with the old word.
    /// </summary>
    [TestMethod]
    public void ALateWorkerNeverTakesAChunkOfTheNextCall()
    {
        var first = new CountingJob(1);
        var second = new CountingJob(100);
        using var inWindow = new ManualResetEventSlim(false);
        using var resume = new ManualResetEventSlim(false);
        int phase = 1;
        WorkerPool.Pause = point =>
        {
            bool worker = Thread.CurrentThread.Name?.StartsWith("AtrousConv worker", StringComparison.Ordinal) == true;
            if (point == WorkerPool.PausePoint.AfterReadingClaim && worker && Volatile.Read(ref phase) == 1 && !inWindow.IsSet)
            {
                inWindow.Set();
                resume.Wait(5_000); // holds the old call's word while the next call writes its fields
            }
            else if (point == WorkerPool.PausePoint.BeforePublishing && Volatile.Read(ref phase) == 2)
            {
                resume.Set();
                Thread.Sleep(100); // the worker now tries its compare-exchange with the old word
            }
        };
        try
        {
            WorkerPool.Run(new CountingJob(4), 4, 2, 1, 1); // the worker exists
            Thread.Sleep(50); // and has gone to sleep, so the small call runs alone and only wakes it
            WorkerPool.Run(first, 1, 2, 1, 1, awakeOnly: true);
            Assert.IsTrue(inWindow.Wait(5_000), "the woken worker never reached the window after reading the claim");
            Volatile.Write(ref phase, 2);
            // On its own thread with a deadline: the bug this guards against double-counts items and never returns.
            var next = Task.Run(() => WorkerPool.Run(second, 100, 2, 10, 10));
            Assert.IsTrue(next.Wait(10_000), "the next call did not end: items were taken twice");
            first.AssertEachItemOnce("the small call");
            second.AssertEachItemOnce("the next call");
        }
        finally
        {
            WorkerPool.Pause = null;
            resume.Set();
        }
    }

    /// <summary>Counts how often each item runs and how many ranges are running.</summary>
    private sealed class CountingJob(long items) : IRangeJob
    {
        private readonly int[] counts = new int[items];
        private long runs;
        private int active;

        public long Runs => Interlocked.Read(ref runs);

        public void Reset() => Array.Clear(counts);

        public void RunRange(long start, long end)
        {
            Interlocked.Increment(ref active);
            Interlocked.Increment(ref runs);
            for (long i = start; i < end; i++)
            {
                Interlocked.Increment(ref counts[i]);
            }

            Thread.SpinWait(50); // long enough for the other thread to take chunks meanwhile
            Interlocked.Decrement(ref active);
        }

        public void AssertEachItemOnce(string context)
        {
            Assert.AreEqual(0, Volatile.Read(ref active), $"{context}: a range was still running on return");
            for (int i = 0; i < counts.Length; i++)
            {
                Assert.AreEqual(1, Volatile.Read(ref counts[i]), $"{context}: item {i} of {counts.Length}");
            }
        }
    }

    /// <summary>Throws on one item; counts running ranges.</summary>
    private sealed class FailingJob(long failAt) : IRangeJob
    {
        private int active;

        public int Active => Volatile.Read(ref active);

        public void RunRange(long start, long end)
        {
            Interlocked.Increment(ref active);
            try
            {
                Thread.SpinWait(200);
                if (start <= failAt && failAt < end)
                {
                    throw new InvalidOperationException($"item {failAt}");
                }
            }
            finally
            {
                Interlocked.Decrement(ref active);
            }
        }
    }
}
