using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AtrousConv.Bench;

/// <summary>
/// tf.nn.atrous_conv2d (float32) against ONNX Runtime's Conv with dilations = rate, on shapes A–F read as
/// atrous_conv2d's (value <c>[N, H, W, Cin]</c>, filters <c>[kh, kw, Cin, Cout]</c>). No reference timing (the
/// backward suite times the same kernel, as the value gradient, against it); each setup checks its engine's output
/// against the reference before any timing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchJobs.TwoLaunches))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)] // no baseline: without this the table does not separate the (Shape, Threads) groups
public class AtrousConvBenchmarks : IDisposable
{
    private ConvProblem problem = null!;
    private float[] destination = [];
    private ConvolutionOptions options = ConvolutionOptions.Default;
    private OrtConv? ort;

    [ParamsSource(nameof(ShapeNames), Priority = -1)]
    public string Shape { get; set; } = "A";

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<string> ShapeNames => ShapeCatalog.NormalNames;

    [GlobalSetup(Target = nameof(Ours))]
    public void SetupOurs()
    {
        problem = ConvProblem.Forward(new Problem(ShapeCatalog.Get(Shape)));
        options = new ConvolutionOptions { MaxDegreeOfParallelism = Threads };
        destination = new float[problem.OutputLength];
        problem.Run(destination, options);
        ResultCheck.Require($"atrous_conv2d, shape {Shape}, {Threads} thread(s)", destination, problem.Reference());
    }

    [GlobalSetup(Target = nameof(OnnxRuntime))]
    public void SetupOnnxRuntime()
    {
        problem = ConvProblem.Forward(new Problem(ShapeCatalog.Get(Shape)));
        ort = new OrtConv(problem, Threads);
        ort.Run();
        ResultCheck.Require($"ONNX Runtime Conv, shape {Shape}, {Threads} thread(s)", ort.OutputNhwc(), problem.Reference());
    }

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
}
