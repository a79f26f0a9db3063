using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace AtrousConv.Bench;

/// <summary>
/// The measurement job of each suite, attached with <c>[Config(typeof(…))]</c>, sized for a noisy 2-core VM so that
/// all five suites end in about 40 minutes. Several processes, because on a shared VM the noise differs more
/// between processes (placement, JIT, heap layout) than between iterations of one; few, short iterations per process
/// keep the big shapes affordable. They are default jobs: a job named on the command line (e.g. <c>--job Dry</c>)
/// replaces them, and options such as <c>--launchCount</c> or <c>--iterationCount</c> modify them.
/// </summary>
public static class BenchJobs
{
    /// <summary>The forward suite: 3 processes × 15 iterations (~20 minutes for 7 shapes × 2 thread counts × 2–3 engines).</summary>
    public sealed class ThreeLaunches : ManualConfig
    {
        public ThreeLaunches() => AddJob(Vm(launches: 3, warmups: 4, iterations: 15, "Vm2Core"));
    }

    /// <summary>
    /// The other suites (~18 minutes together, ~12 s a case): 2 processes × 6 iterations, enough to rank engines and
    /// types; a process's start, JIT and pilot already cost about as much as its iterations.
    /// </summary>
    public sealed class TwoLaunches : ManualConfig
    {
        public TwoLaunches() => AddJob(Vm(launches: 2, warmups: 2, iterations: 6, "Vm2CoreShort"));
    }

    private static Job Vm(int launches, int warmups, int iterations, string id) => Job.Default
        .WithLaunchCount(launches)
        .WithWarmupCount(warmups)
        .WithIterationCount(iterations)
        .WithIterationTime(TimeInterval.FromMilliseconds(250))
        .WithId(id)
        .AsDefault();
}
