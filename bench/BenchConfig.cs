using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace AtrousConv.Bench;

/// <summary>
/// BenchmarkDotNet settings for a noisy 2-core VM, sized so the whole suite (7 shapes × 2 thread counts × 2–3
/// engines) ends in roughly half an hour.
/// </summary>
internal static class BenchConfig
{
    /// <param name="shapes">Shapes to run (all when empty), from the bench's own <c>--shapes</c> option.</param>
    /// <param name="withJob">False when the command line names a job of its own.</param>
    public static IConfig Create(IReadOnlyCollection<string> shapes, bool withJob)
    {
        // Three processes, because on a shared VM the noise differs more between processes (placement, JIT, heap
        // layout) than between iterations of one; few, short iterations per process keep the big shapes affordable.
        // AsDefault: command-line options such as --launchCount or --iterationCount then modify this job.
        Job job = Job.Default
            .WithLaunchCount(3)
            .WithWarmupCount(4)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Vm2Core")
            .AsDefault();

        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance);
        if (withJob)
        {
            config.AddJob(job);
        }

        return config
            .AddColumn(StatisticColumn.Median, new OursOverOrtColumn())
            .AddFilter(new SimpleFilter(c => IsAffordable(c) && (shapes.Count == 0 || shapes.Contains(ShapeOf(c)))))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Millisecond));
    }

    private static string ShapeOf(BenchmarkCase c) => (string)c.Parameters[nameof(ConvTransposeBenchmarks.Shape)];

    /// <summary>The reference kernel is timed only where one call is cheap (<see cref="ShapeCase.TimeReference"/>).</summary>
    private static bool IsAffordable(BenchmarkCase c) =>
        c.Descriptor.WorkloadMethod.Name != nameof(ConvTransposeBenchmarks.Reference) || ShapeCatalog.Get(ShapeOf(c)).TimeReference;
}
