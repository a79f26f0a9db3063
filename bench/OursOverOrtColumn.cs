using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AtrousConv.Bench;

/// <summary>
/// Ours ÷ ONNX Runtime, by medians, on the Ours row of each (Shape, Threads) group. The Ratio column is against
/// the reference baseline, which exists only for cheap shapes; this is the comparison that matters everywhere.
/// </summary>
internal sealed class OursOverOrtColumn : IColumn
{
    public string Id => nameof(OursOverOrtColumn);

    public string ColumnName => "Ours/ORT";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median of Ours / median of OnnxRuntime for the same Shape and Threads (below 1: ours is faster)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(ConvTransposeBenchmarks.Ours))
        {
            return "-";
        }

        string group = summary.GetLogicalGroupKey(benchmarkCase) ?? string.Empty;
        BenchmarkCase? ort = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == nameof(ConvTransposeBenchmarks.OnnxRuntime) && (summary.GetLogicalGroupKey(c) ?? string.Empty) == group);
        double? ours = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? theirs = ort is null ? null : summary[ort]?.ResultStatistics?.Median;
        return ours is double o && theirs is double t && t > 0 ? (o / t).ToString("0.000", CultureInfo.InvariantCulture) : "?";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
