using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AtrousConv.Bench;

/// <summary>
/// The backward kernels of atrous_conv2d_transpose (float32), each against the scalar reference as its baseline:
/// the value gradient (atrous_conv2d of gradOutput) and the filter gradient (Conv2DTransposeFilterGradient). The two
/// are categories with a baseline each. Each setup checks its engine's output against the reference before timing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchJobs.TwoLaunches))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GradientBenchmarks
{
    private const string ValueCategory = "Value", FiltersCategory = "Filters";

    private Problem problem = null!;
    private ConvProblem valueGradient = null!;
    private float[] gradValue = [];
    private ConvolutionOptions options = ConvolutionOptions.Default;

    [ParamsSource(nameof(ShapeNames), Priority = -1)]
    public string Shape { get; set; } = "A";

    [Params(1, 2)]
    public int Threads { get; set; }

    public static IEnumerable<string> ShapeNames => ShapeCatalog.NormalNames;

    [GlobalSetup(Target = nameof(ValueReference))]
    public void SetupValueReference() => SetupValue(KernelVariant.Reference);

    [GlobalSetup(Target = nameof(Value))]
    public void SetupValueOurs() => SetupValue(KernelVariant.Auto);

    [GlobalSetup(Target = nameof(FiltersReference))]
    public void SetupFiltersReference() => SetupFilters(KernelVariant.Reference);

    [GlobalSetup(Target = nameof(Filters))]
    public void SetupFiltersOurs() => SetupFilters(KernelVariant.Auto);

    /// <summary>The reference is single-threaded whatever <see cref="Threads"/> says; it runs at both counts so each group has its baseline.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(ValueCategory)]
    [ReferenceKernel]
    public void ValueReference() => valueGradient.Run(gradValue, options);

    [Benchmark]
    [BenchmarkCategory(ValueCategory)]
    public void Value() => valueGradient.Run(gradValue, options);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(FiltersCategory)]
    [ReferenceKernel]
    public Tensor<float> FiltersReference() => problem.FilterGradient(options);

    /// <summary>Returns the new tensor, as the API does; BenchmarkDotNet consumes it so the call cannot be elided.</summary>
    [Benchmark]
    [BenchmarkCategory(FiltersCategory)]
    public Tensor<float> Filters() => problem.FilterGradient(options);

    private void SetupValue(KernelVariant kernel)
    {
        Setup(kernel);
        valueGradient = ConvProblem.ValueGradient(problem);
        gradValue = new float[valueGradient.OutputLength];
        valueGradient.Run(gradValue, options);
        ResultCheck.Require($"value gradient, {kernel} kernel, shape {Shape}, {Threads} thread(s)", gradValue, valueGradient.Reference());
    }

    private void SetupFilters(KernelVariant kernel)
    {
        Setup(kernel);
        ResultCheck.Require($"filter gradient, {kernel} kernel, shape {Shape}, {Threads} thread(s)",
            Problem.Flatten(problem.FilterGradient(options)), problem.FilterGradientReference());
    }

    private void Setup(KernelVariant kernel)
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        options = new ConvolutionOptions { Kernel = kernel, MaxDegreeOfParallelism = Threads };
    }
}
