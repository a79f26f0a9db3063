using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Bench;

/// <summary>
/// A shape's atrous graph as TensorFlow's Python writes it (Placeholder <c>value</c>, filters as a Const, the op,
/// Identity), exported to a binary GraphDef, read back, imported with <c>tf.import_graph_def</c> and run through a
/// one-thread <c>tf.Session</c>. Construction checks the imported graph runs as one fused chain and gives the
/// direct call's result, so nothing is timed that does not compute the op.
/// </summary>
internal sealed class ImportedGraph : IDisposable
{
    private readonly TFSession session;
    private readonly TFTensor output;
    private readonly Dictionary<TFTensor, TFValue> feed;

    public ImportedGraph(Problem problem, ConvolutionOptions options, float[] expected)
    {
        TFGraph imported = tf.Graph();
        using (imported.as_default())
        {
            tf.import_graph_def(GraphDefFormat.ParseBinary(GraphDefFormat.ToBinary(BuildGraphDef(problem))), name: "");
        }

        TFTensor value = imported.get_tensor_by_name("value:0");
        output = imported.get_tensor_by_name("Identity:0");
        feed = new() { [value] = new TFValue(problem.Value, problem.Shape.ValueShape) };
        session = tf.Session(imported, options);
        if (!session.Plan([output], feed.Keys).Steps.Any(s => s.IsFusedChain))
        {
            throw new InvalidOperationException($"shape {problem.Shape.Name}: the imported graph does not run as one fused atrous chain.");
        }

        ResultCheck.Require($"imported graph, shape {problem.Shape.Name}", Run().ToArray<float>(), expected);
    }

    /// <summary>One <c>session.run(output, feed_dict)</c>.</summary>
    public TFValue Run() => session.run(output, feed);

    /// <summary>One <c>session.run(output, feed_dict, destination)</c>: the result into the caller's value.</summary>
    public void RunInto(TFValue destination) => session.run(output, feed, destination);

    public void Dispose() => session.Dispose();

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
}
