using System.Numerics.Tensors;
using AtrousConv.TensorFlow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace AtrousConv.Bench;

/// <summary>
/// A TensorFlow-format atrous graph imported and run through a <c>tf.Session</c> (<see cref="ImportedGraph"/>),
/// against the direct <c>Convolution.AtrousConv2DTranspose</c> call into a destination (the baseline) and into a
/// new tensor (what a session run returns), and the session run into a caller's value (the baseline's counterpart),
/// on shapes A and E, one thread. Issue 8's target: the session at most 1.1× the direct call. <c>--quick-graph</c> measures the same calls interleaved (<see cref="QuickGraphRunner"/>),
/// which a busy machine disturbs less.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneThread))]
public class ImportedGraphBenchmarks : IDisposable
{
    private static readonly ConvolutionOptions OneThreadOptions = new() { MaxDegreeOfParallelism = 1 };
    private Problem problem = null!;
    private float[] destination = [];
    private ImportedGraph? graph;
    private TFValue sessionDestination = null!;

    [Params("A", "E")]
    public string Shape { get; set; } = "A";

    [GlobalSetup]
    public void Setup()
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        destination = new float[problem.OutputLength];
        problem.Run(destination, OneThreadOptions);
        graph = new ImportedGraph(problem, OneThreadOptions, destination);
        sessionDestination = new TFValue(new float[problem.OutputLength], problem.Shape.OutputShape);
    }

    [Benchmark(Baseline = true)]
    public void Direct() => problem.Run(destination, OneThreadOptions);

    /// <summary>The direct call that, like <c>session.run</c>, returns a new result (the tensor-returning overload).</summary>
    [Benchmark]
    public Tensor<float> DirectNewTensor() => problem.RunNew(OneThreadOptions);

    [Benchmark]
    public TFValue ImportedGraph() => graph!.Run();

    /// <summary>The session run into the caller's value (the baseline's counterpart: no result allocated).</summary>
    [Benchmark]
    public void ImportedGraphInto() => graph!.RunInto(sessionDestination);

    [GlobalCleanup]
    public void Dispose()
    {
        graph?.Dispose();
        graph = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// 2 processes × 6 iterations, as the other short suites; both engines get one thread through their options. The
    /// build timeout is raised: building the job's exe takes over 2 minutes on the shared 2-core VM.
    /// </summary>
    public sealed class OneThread : ManualConfig
    {
        public OneThread() => WithBuildTimeout(TimeSpan.FromMinutes(10)).AddJob(Job.Default
            .WithLaunchCount(2)
            .WithWarmupCount(2)
            .WithIterationCount(6)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Vm1Thread")
            .AsDefault());
    }
}
