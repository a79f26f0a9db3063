using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AtrousConv.Bench;

/// <summary>
/// Ours ÷ ONNX Runtime, by medians, on the Ours row of each (Shape, Threads) group, in every suite whose methods are
/// named <c>Ours</c> and <c>OnnxRuntime</c> (forward, conv, train). The Ratio column is against the reference
/// baseline, which exists only for cheap shapes (or not at all); this is the comparison that matters everywhere.
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

    public string Legend => "Median of Ours / median of OnnxRuntime for the same Shape and Threads (below 1: ours is faster; train: our step / ORT forward)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(ConvTransposeBenchmarks.Ours))
        {
            return "-";
        }

        // Matched by type, parameters and job, not by BenchmarkDotNet's logical group: without a baseline (conv, train)
        // that group does not include the parameters, and every Ours row would be divided by the first ORT row.
        BenchmarkCase? ort = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.WorkloadMethod.Name == nameof(ConvTransposeBenchmarks.OnnxRuntime)
            && c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo
            && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo);
        double? ours = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? theirs = ort is null ? null : summary[ort]?.ResultStatistics?.Median;
        return ours is double o && theirs is double t && t > 0 ? (o / t).ToString("0.000", CultureInfo.InvariantCulture) : "?";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>Only in the tables of suites that time ONNX Runtime.</summary>
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Descriptor.WorkloadMethod.Name == nameof(ConvTransposeBenchmarks.OnnxRuntime));
}
