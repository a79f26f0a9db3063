using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace AtrousConv.Bench;

/// <summary>
/// BenchmarkDotNet settings shared by all suites: columns, the shape filter and the reference kernel's budget.
/// The jobs come with each suite (<see cref="BenchJobs"/>).
/// </summary>
internal static class BenchConfig
{
    /// <param name="shapes">Shapes to run (all when empty), from the bench's own <c>--shapes</c> option.</param>
    public static IConfig Create(IReadOnlyCollection<string> shapes) =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(StatisticColumn.Median, new OursOverOrtColumn())
            .AddFilter(new SimpleFilter(c => IsAffordable(c) && (shapes.Count == 0 || shapes.Contains(ShapeOf(c)))))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Millisecond));

    /// <summary>Every suite has a <c>Shape</c> parameter, a name from <see cref="ShapeCatalog"/>.</summary>
    private static string ShapeOf(BenchmarkCase c) => (string)c.Parameters[nameof(ConvTransposeBenchmarks.Shape)];

    /// <summary>The reference kernel is timed only where one call is cheap (<see cref="ShapeCase.TimeReference"/>).</summary>
    private static bool IsAffordable(BenchmarkCase c) =>
        !c.Descriptor.WorkloadMethod.IsDefined(typeof(ReferenceKernelAttribute), inherit: false) || ShapeCatalog.Get(ShapeOf(c)).TimeReference;
}
