using static AtrousConv.Bench.InterleavedTiming;

namespace AtrousConv.Bench;

/// <summary>
/// <c>--quick</c>: ours against ONNX Runtime in under two minutes, without BenchmarkDotNet (<see cref="InterleavedTiming"/>).
/// Only the result lines go to stdout, so scripts can parse them. ORT runs without spinning (<see cref="OrtNode.AllowSpinning"/>):
/// its intra-op threads would otherwise spin after each of its calls on the core our next 2-thread call needs.
/// </summary>
internal static class QuickRunner
{
    // Sized for under two minutes in all on the 2-core VM, even when it is busy: ~5 s per shape and thread count.
    private const double BudgetSeconds = 5.0;
    private static readonly int[] ThreadCounts = [1, 2];

    public static int Run(TextWriter output, TextWriter log)
    {
        OrtNode.AllowSpinning = false;
        var ratios = ThreadCounts.ToDictionary(t => t, _ => new List<double>());
        foreach (ShapeCase shape in ShapeCatalog.All)
        {
            var problem = new Problem(shape);
            foreach (int threads in ThreadCounts)
            {
                (double ours, double ort) = Measure(problem, threads, log);
                ratios[threads].Add(ours / ort);
                output.WriteLine(Invariant($"quick {shape.Name} {threads} {ours:F3} {ort:F3} {ours / ort:F3}"));
            }
        }

        output.WriteLine(Invariant($"quick geomean ours/ort 1 thread {GeoMean(ratios[1]):F3}, 2 threads {GeoMean(ratios[2]):F3}"));
        return 0;
    }

    /// <returns>Median milliseconds per call of each engine.</returns>
    private static (double OursMs, double OrtMs) Measure(Problem problem, int threads, TextWriter log)
    {
        var options = new ConvolutionOptions { MaxDegreeOfParallelism = threads };
        var destination = new float[problem.OutputLength];
        using var ort = new OrtConvTranspose(problem, threads);
        void Ours() => problem.Run(destination, options);

        // Correct before fast. The scalar reference would take minutes over all shapes, so quick mode cross-checks
        // the two independent fast engines instead (BenchmarkDotNet's setup checks each against the reference).
        Ours();
        ort.Run();
        ResultCheck.Require($"quick {problem.Shape.Name} {threads}: ours vs ONNX Runtime", destination, ort.OutputNhwc());
        return InterleavedTiming.Measure(Ours, ort.Run, BudgetSeconds, log, $"{problem.Shape.Name} x{threads}");
    }
}
