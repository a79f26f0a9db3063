using static AtrousConv.Bench.InterleavedTiming;

namespace AtrousConv.Bench;

/// <summary>
/// <c>--quick-backward</c>: the gradient, atrous_conv2d and training-step comparisons in about four minutes, without
/// BenchmarkDotNet (<see cref="InterleavedTiming"/>). Only the result lines go to stdout:
/// <c>quick-grad SHAPE THREADS forward_ms value_ms filters_ms value/forward filters/forward</c> (each gradient
/// interleaved with the forward op in the same process, so the ratios are the gradients' cost in forward passes),
/// <c>quick-conv SHAPE THREADS ours_ms ort_ms ratio</c> and a geomean line, <c>quick-train SHAPE THREADS ours_ms
/// ort_fwd_ms ratio</c>. <c>--shapes A,D</c> limits the shapes.
/// </summary>
/// <remarks>
/// The scalar reference would take minutes on C, D and E, so every result is checked against ONNX Runtime instead:
/// the value gradient and atrous_conv2d against its Conv, the forward op against its ConvTranspose. The filter
/// gradient is checked for accuracy against the library's float64 kernel (2e-6 of scale, the float32 rule: its sums
/// over D's 65,536 pixels leave float32's exact range, and ORT's float32 sum is then no yardstick) and for indexing
/// against <see cref="OrtFilterGradient"/> within <see cref="OrtFilterGradientTolerance"/>. ORT runs without
/// spinning here (<see cref="OrtNode.AllowSpinning"/>): its spinning threads would take the core ours needs next.
/// BenchmarkDotNet's setups check against the reference.
/// </remarks>
internal static class QuickBackwardRunner
{
    // ~3 s of timed rounds per measurement (40: gradients twice per line) plus warm-up and setup: about three and a half minutes on the busy 2-core VM.
    private const double BudgetSeconds = 3.0;
    private static readonly int[] ThreadCounts = [1, 2];
    private static readonly string[] TrainingShapes = ["A", "E"];

    /// <summary>ORT's float32 filter gradient vs ours: both round sums of up to 65,536 products (D), measured 6.8e-6 of scale.</summary>
    private const double OrtFilterGradientTolerance = 1e-4;

    public static int Run(TextWriter output, TextWriter log, IReadOnlyList<string> args)
    {
        OrtNode.AllowSpinning = false;
        int shapesAt = args.ToList().IndexOf("--shapes");
        string[] shapes = shapesAt >= 0 && shapesAt + 1 < args.Count
            ? args[shapesAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. ShapeCatalog.NormalNames];
        foreach (string shape in shapes)
        {
            var problem = new Problem(ShapeCatalog.Get(shape));
            (float[] expectedValue, float[] expectedFilters) = ExpectedGradients(problem);
            foreach (int threads in ThreadCounts)
            {
                var g = MeasureGradients(problem, threads, expectedValue, expectedFilters, log);
                output.WriteLine(Invariant(
                    $"quick-grad {shape} {threads} {g.ForwardMs:F3} {g.ValueMs:F3} {g.FiltersMs:F3} {g.ValueRatio:F2} {g.FiltersRatio:F2}"));
            }
        }

        var ratios = ThreadCounts.ToDictionary(t => t, _ => new List<double>());
        foreach (string shape in shapes)
        {
            var problem = ConvProblem.Forward(new Problem(ShapeCatalog.Get(shape)));
            foreach (int threads in ThreadCounts)
            {
                (double ours, double ort) = MeasureConv(problem, threads, log);
                ratios[threads].Add(ours / ort);
                output.WriteLine(Invariant($"quick-conv {shape} {threads} {ours:F3} {ort:F3} {ours / ort:F3}"));
            }
        }

        output.WriteLine(Invariant($"quick-conv geomean ours/ort 1 thread {GeoMean(ratios[1]):F3}, 2 threads {GeoMean(ratios[2]):F3}"));

        foreach (string shape in TrainingShapes.Where(shapes.Contains))
        {
            var problem = new Problem(ShapeCatalog.Get(shape));
            (float[] expectedValue, float[] expectedFilters) = ExpectedGradients(problem);
            foreach (int threads in ThreadCounts)
            {
                (double ours, double ort) = MeasureTraining(problem, threads, expectedValue, expectedFilters, log);
                output.WriteLine(Invariant($"quick-train {shape} {threads} {ours:F3} {ort:F3} {ours / ort:F3}"));
            }
        }

        return 0;
    }

    /// <summary>Each gradient interleaved with the forward op (the forward's time reported is that of the value pairing).</summary>
    private static GradientTimes MeasureGradients(Problem problem, int threads, float[] expectedValue, float[] expectedFilters, TextWriter log)
    {
        var options = new ConvolutionOptions { MaxDegreeOfParallelism = threads };
        ConvProblem valueGradient = ConvProblem.ValueGradient(problem);
        float[] gradValue = new float[valueGradient.OutputLength], output = new float[problem.OutputLength];
        void Forward() => problem.Run(output, options);
        void Value() => valueGradient.Run(gradValue, options);
        void Filters() => problem.FilterGradient(options);

        string what = $"quick-grad {problem.Shape.Name} {threads}";
        Value();
        ResultCheck.Require($"{what}: value gradient vs ONNX Runtime", gradValue, expectedValue);
        ResultCheck.Require($"{what}: filter gradient vs float64", Problem.Flatten(problem.FilterGradient(options)), expectedFilters);
        (double forwardWithValue, double value) = Measure(Forward, Value, BudgetSeconds, log, what + " forward/value");
        (double forwardWithFilters, double filters) = Measure(Forward, Filters, BudgetSeconds, log, what + " forward/filters");

        // Each ratio uses the forward time of its own pairing (the same rounds, the same phases of the machine).
        return new(forwardWithValue, value, filters, value / forwardWithValue, filters / forwardWithFilters);
    }

    private static (double OursMs, double OrtMs) MeasureConv(ConvProblem problem, int threads, TextWriter log)
    {
        var options = new ConvolutionOptions { MaxDegreeOfParallelism = threads };
        var destination = new float[problem.OutputLength];
        using var ort = new OrtConv(problem, threads);
        void Ours() => problem.Run(destination, options);

        string what = $"quick-conv {problem.Name} {threads}";
        Ours();
        ort.Run();
        ResultCheck.Require($"{what}: ours vs ONNX Runtime", destination, ort.OutputNhwc());
        return Measure(Ours, ort.Run, BudgetSeconds, log, what);
    }

    private static (double OursMs, double OrtMs) MeasureTraining(Problem problem, int threads, float[] expectedValue, float[] expectedFilters, TextWriter log)
    {
        var options = new ConvolutionOptions { MaxDegreeOfParallelism = threads };
        float[] output = new float[problem.OutputLength], gradValue = new float[problem.Value.Length], gradFilters = new float[problem.Filters.Length];
        using var ort = new OrtConvTranspose(problem, threads);
        void Step()
        {
            problem.Run(output, options);
            problem.Gradients(gradValue, gradFilters, options);
        }

        string what = $"quick-train {problem.Shape.Name} {threads}";
        Step();
        ort.Run();
        ResultCheck.Require($"{what}: output vs ONNX Runtime", output, ort.OutputNhwc());
        ResultCheck.Require($"{what}: value gradient vs ONNX Runtime", gradValue, expectedValue);
        ResultCheck.Require($"{what}: filter gradient vs float64", gradFilters, expectedFilters);
        return Measure(Step, ort.Run, BudgetSeconds, log, what);
    }

    /// <summary>The value gradient by ONNX Runtime, the filter gradient in float64 after checking ORT's against it
    /// (2 threads: these are only the expected values).</summary>
    private static (float[] Value, float[] Filters) ExpectedGradients(Problem problem)
    {
        using var conv = new OrtConv(ConvProblem.ValueGradient(problem), threads: 2);
        conv.Run();
        float[] filters = problem.FilterGradientFloat64();
        ResultCheck.Require($"quick-grad {problem.Shape.Name}: ONNX Runtime's filter gradient vs float64", OrtFilterGradient.Compute(problem, threads: 2), filters, OrtFilterGradientTolerance);
        return (conv.OutputNhwc(), filters);
    }

    /// <summary>One shape's gradient times (median ms) and each gradient's time over the forward's of its pairing.</summary>
    private readonly record struct GradientTimes(double ForwardMs, double ValueMs, double FiltersMs, double ValueRatio, double FiltersRatio);
}
