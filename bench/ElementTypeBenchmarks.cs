using BenchmarkDotNet.Attributes;

namespace AtrousConv.Bench;

/// <summary>
/// The forward op in each element type at one thread, with float32 as the baseline, so Ratio is each type's cost
/// relative to float32 on the same shape. Half and bfloat16 widen to float32 and accumulate there. Each setup checks
/// its result against the reference kernel in the same type (<see cref="ElementTypes.Tolerance{T}"/>). Methods carry
/// TensorFlow's short type names (F32 = float32, BF16 = bfloat16, …; CA1720 forbids Float32 and Int32).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchJobs.TwoLaunches))]
public class ElementTypeBenchmarks
{
    private static readonly ConvolutionOptions OneThread = new() { MaxDegreeOfParallelism = 1 };

    private Action run = () => { };

    [ParamsSource(nameof(ShapeNames))]
    public string Shape { get; set; } = "A";

    public static IEnumerable<string> ShapeNames => ["A", "E", "F"];

    [GlobalSetup(Target = nameof(F32))]
    public void SetupF32() => run = ElementProblem.Create<float>(Shape, OneThread);

    [GlobalSetup(Target = nameof(F64))]
    public void SetupF64() => run = ElementProblem.Create<double>(Shape, OneThread);

    [GlobalSetup(Target = nameof(F16))]
    public void SetupF16() => run = ElementProblem.Create<Half>(Shape, OneThread);

    [GlobalSetup(Target = nameof(BF16))]
    public void SetupBF16() => run = ElementProblem.Create<BFloat16>(Shape, OneThread);

    [GlobalSetup(Target = nameof(I32))]
    public void SetupI32() => run = ElementProblem.Create<int>(Shape, OneThread);

    [Benchmark(Baseline = true)]
    public void F32() => run();

    [Benchmark]
    public void F64() => run();

    [Benchmark]
    public void F16() => run();

    [Benchmark]
    public void BF16() => run();

    [Benchmark]
    public void I32() => run();
}
