using System.Diagnostics;
using System.Globalization;

namespace AtrousConv.Bench;

/// <summary>
/// <c>--quick</c>: ours against ONNX Runtime in under two minutes, without BenchmarkDotNet. The two engines
/// alternate round by round (and swap who goes first), so the VM's slow phases hit both alike; medians discard
/// the outliers. Only the result lines go to stdout, so scripts can parse them.
/// </summary>
internal static class QuickRunner
{
    // Sized for under two minutes in all on the 2-core VM, even when it is busy: ~5 s per shape and thread count.
    private const double WarmupSeconds = 0.5, SampleSeconds = 0.02, BudgetSeconds = 5.0;
    private const int MinRounds = 5, MaxRounds = 41;
    private static readonly int[] ThreadCounts = [1, 2];

    public static int Run(TextWriter output, TextWriter log)
    {
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

        double oursOnce = WarmUp(Ours), ortOnce = WarmUp(ort.Run);
        int oursReps = Repetitions(oursOnce), ortReps = Repetitions(ortOnce);
        int rounds = Math.Clamp((int)(BudgetSeconds / ((oursOnce * oursReps) + (ortOnce * ortReps))), MinRounds, MaxRounds);
        var oursMs = new double[rounds];
        var ortMs = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                oursMs[r] = Sample(Ours, oursReps);
                ortMs[r] = Sample(ort.Run, ortReps);
            }
            else
            {
                ortMs[r] = Sample(ort.Run, ortReps);
                oursMs[r] = Sample(Ours, oursReps);
            }
        }

        log.WriteLine(Invariant($"# {problem.Shape.Name} x{threads}: {rounds} rounds, {oursReps} / {ortReps} calls per sample"));
        return (Median(oursMs), Median(ortMs));
    }

    /// <summary>
    /// Runs for half a second (and at least twice), long enough for tiered JIT to promote the hot methods (after
    /// ~30 calls and a 100 ms delay). Returns the fastest call, in seconds, to size the samples.
    /// </summary>
    private static double WarmUp(Action run)
    {
        var total = Stopwatch.StartNew();
        double fastest = double.MaxValue;
        for (int calls = 0; calls < 2 || total.Elapsed.TotalSeconds < WarmupSeconds; calls++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return fastest;
    }

    /// <summary>Calls per sample: tiny shapes are repeated so a sample is long against timer and call overhead.</summary>
    private static int Repetitions(double secondsPerCall) => Math.Max(1, (int)Math.Ceiling(SampleSeconds / secondsPerCall));

    private static double Sample(Action run, int repetitions)
    {
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; k < repetitions; k++)
        {
            run();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / repetitions;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double GeoMean(List<double> values) => Math.Exp(values.Average(Math.Log));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
