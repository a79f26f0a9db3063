using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace AtrousConv.Bench;

/// <summary>
/// A TensorFlow-format atrous graph, exported to a binary GraphDef, read back and imported
/// (<c>tf.import_graph_def</c>), run through a <c>tf.Session</c>, against the direct
/// <c>Convolution.AtrousConv2DTranspose</c> call into a destination (the baseline), on shapes A and E, one thread.
/// Issue 8's target: the session at most 1.1× the direct call. Setup checks the imported graph runs as one fused
/// chain and gives the direct call's result before anything is timed.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneThread))]
public class ImportedGraphBenchmarks : IDisposable
{
    private static readonly ConvolutionOptions OneThreadOptions = new() { MaxDegreeOfParallelism = 1 };
    private Problem problem = null!;
    private float[] destination = [];
    private TFSession? session;
    private TFTensor output = null!;
    private Dictionary<TFTensor, TFValue> feed = [];

    [Params("A", "E")]
    public string Shape { get; set; } = "A";

    [GlobalSetup]
    public void Setup()
    {
        problem = new Problem(ShapeCatalog.Get(Shape));
        destination = new float[problem.OutputLength];
        problem.Run(destination, OneThreadOptions);

        TFGraph imported = tf.Graph();
        using (imported.as_default())
        {
            tf.import_graph_def(GraphDefFormat.ParseBinary(GraphDefFormat.ToBinary(BuildGraphDef(problem))), name: "");
        }

        TFTensor value = imported.get_tensor_by_name("value:0");
        output = imported.get_tensor_by_name("Identity:0");
        feed = new() { [value] = new TFValue(problem.Value, problem.Shape.ValueShape) };
        session = tf.Session(imported, OneThreadOptions);
        if (!session.Plan([output], feed.Keys).Steps.Any(s => s.IsFusedChain))
        {
            throw new InvalidOperationException($"shape {Shape}: the imported graph does not run as one fused atrous chain.");
        }

        ResultCheck.Require($"imported graph, shape {Shape}", session.run(output, feed).ToArray<float>(), destination);
    }

    [Benchmark(Baseline = true)]
    public void Direct() => problem.Run(destination, OneThreadOptions);

    [Benchmark]
    public TFValue ImportedGraph() => session!.run(output, feed);

    [GlobalCleanup]
    public void Dispose()
    {
        session?.Dispose();
        session = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>What TensorFlow's Python writes for the op: Placeholder <c>value</c>, filters as a Const, Identity.</summary>
    private static GraphDef BuildGraphDef(Problem problem)
    {
        ShapeCase shape = problem.Shape;
        TFGraph graph = tf.Graph();
        using (graph.as_default())
        {
            TFTensor value = tf.placeholder(TFDataType.Float32, shape.ValueShape, "value");
            TFTensor filters = tf.constant(problem.Filters, shape.FiltersShape);
            string padding = shape.Padding == Padding.Same ? "SAME" : "VALID";
            tf.identity(tf.nn.atrous_conv2d_transpose(value, filters, shape.OutputShape, shape.Rate, padding), "Identity");
        }

        return graph.as_graph_def();
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
