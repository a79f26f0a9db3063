using BenchmarkDotNet.Attributes;

namespace AtrousConv.Bench;

/// <summary>
/// The library (Auto kernel) against its scalar reference kernel (the baseline) and ONNX Runtime's ConvTranspose,
/// per shape and thread count. Each setup checks its engine's output against the reference before any timing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchJobs.ThreeLaunches))]
public class ConvTransposeBenchmarks : IDisposable
{
    private Problem problem = null!;
    private float[] destination = [];
    private ConvolutionOptions options = ConvolutionOptions.Default;
    private OrtConvTranspose? ort;

    /// <summary>The shape's name in <see cref="ShapeCatalog"/>: a string, so the table shows "A", "F", ….</summary>
    /// <remarks>Priority −1 puts Shape before Threads in the table and in the row order.</remarks>
    [ParamsSource(nameof(ShapeNames), Priority = -1)]
    public string Shape { get; set; } = "A";

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<string> ShapeNames => ShapeCatalog.All.Select(s => s.Name);

    [GlobalSetup(Target = nameof(Reference))]
    public void SetupReference() => SetupLibrary(KernelVariant.Reference);

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs() => SetupLibrary(KernelVariant.Auto);

    [GlobalSetup(Target = nameof(OnnxRuntime))]
    public void SetupOnnxRuntime()
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        ort = new OrtConvTranspose(problem, Threads);
        ort.Run();
        ResultCheck.Require($"ONNX Runtime, shape {Shape}, {Threads} thread(s)", ort.OutputNhwc(), ReferenceCache.GetOrCompute(problem));
    }

    /// <summary>
    /// The scalar reference kernel. It is single-threaded whatever <see cref="Threads"/> says; it runs at both
    /// counts only so that every (Shape, Threads) row group has its baseline. BenchConfig drops it for shapes
    /// where it is too slow (<see cref="ShapeCase.TimeReference"/>); those groups show no Ratio.
    /// </summary>
    [Benchmark(Baseline = true)]
    [ReferenceKernel]
    public void Reference() => problem.Run(destination, options);

    [Benchmark]
    public void Ours() => problem.Run(destination, options);

    [Benchmark]
    public void OnnxRuntime() => ort!.Run();

    [GlobalCleanup]
    public void Dispose()
    {
        ort?.Dispose();
        ort = null;
        GC.SuppressFinalize(this);
    }

    private void SetupLibrary(KernelVariant kernel)
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        options = new ConvolutionOptions { Kernel = kernel, MaxDegreeOfParallelism = Threads };
        destination = new float[problem.OutputLength];
        problem.Run(destination, options);
        ResultCheck.Require($"{kernel} kernel, shape {Shape}, {Threads} thread(s)", destination, ReferenceCache.GetOrCompute(problem));
    }
}
