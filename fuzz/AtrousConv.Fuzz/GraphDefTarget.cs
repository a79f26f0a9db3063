#if GRAPH_IMPORT
using AtrousConv.TensorFlow;

namespace AtrousConv.Fuzz;

/// <summary>
/// Bytes as a binary GraphDef: parse it and import it. A malformed or unsupported graph must be rejected with an
/// ArgumentException-family exception (or the format's own parse error, if it derives from one); anything else
/// escapes as a finding. Compiled only with <c>-p:GraphImport=true</c>, once the graph branches have merged.
/// </summary>
internal static class GraphDefTarget
{
    public static void Run(ReadOnlySpan<byte> data)
    {
        try
        {
            var graphDef = GraphDefFormat.ParseBinary(data);
            tf.import_graph_def(graphDef);
        }
        catch (ArgumentException)
        {
            // rejected as promised
        }
    }
}
#endif
