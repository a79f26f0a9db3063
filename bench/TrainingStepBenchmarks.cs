using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AtrousConv.Bench;

/// <summary>
/// What training costs: one step of ours (the forward op, then both gradients in one call, all into preallocated
/// buffers) against ONNX Runtime's forward ConvTranspose alone, on shapes A and E (float32). The upstream gradient is
/// fixed data rather than a loss's; its values do not change the work. The Ours/ORT column is the ratio.
/// Each setup checks all its outputs against the reference before timing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchJobs.TwoLaunches))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)] // no baseline: without this the table does not separate the (Shape, Threads) groups
public class TrainingStepBenchmarks : IDisposable
{
    private Problem problem = null!;
    private float[] output = [], gradValue = [], gradFilters = [];
    private ConvolutionOptions options = ConvolutionOptions.Default;
    private OrtConvTranspose? ort;

    [ParamsSource(nameof(ShapeNames), Priority = -1)]
    public string Shape { get; set; } = "A";

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<string> ShapeNames => ["A", "E"];

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        options = new ConvolutionOptions { MaxDegreeOfParallelism = Threads };
        output = new float[problem.OutputLength];
        gradValue = new float[problem.Value.Length];
        gradFilters = new float[problem.Filters.Length];
        Ours();
        string what = $"training step, shape {Shape}, {Threads} thread(s)";
        ResultCheck.Require($"{what}: output", output, ReferenceCache.GetOrCompute(problem));
        ResultCheck.Require($"{what}: value gradient", gradValue, ConvProblem.ValueGradient(problem).Reference());
        ResultCheck.Require($"{what}: filter gradient", gradFilters, problem.FilterGradientReference());
    }

    [GlobalSetup(Target = nameof(OnnxRuntime))]
    public void SetupOnnxRuntime()
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        ort = new OrtConvTranspose(problem, Threads);
        ort.Run();
        ResultCheck.Require($"ONNX Runtime, shape {Shape}, {Threads} thread(s)", ort.OutputNhwc(), ReferenceCache.GetOrCompute(problem));
    }

    /// <summary>Forward + value gradient + filter gradient.</summary>
    [Benchmark(Description = "Ours (forward + gradients)")]
    public void Ours()
    {
        problem.Run(output, options);
        problem.Gradients(gradValue, gradFilters, options);
    }

    [Benchmark(Description = "OnnxRuntime (forward)")]
    public void OnnxRuntime() => ort!.Run();

    [GlobalCleanup]
    public void Dispose()
    {
        ort?.Dispose();
        ort = null;
        GC.SuppressFinalize(this);
    }
}
