using AtrousConv.Parity.Npy;
using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Parity.Graphs;

/// <summary>
/// <c>export-graphs DIR</c>: builds each <see cref="GraphCases"/> graph with our TensorFlow face, runs it through a
/// <c>tf.Session</c>, and writes <c>NAME.pb</c>, <c>NAME.pbtxt</c> (<c>graph.as_graph_def()</c>), <c>NAME.npz</c>
/// (<c>value</c> and our <c>output</c>) and one <c>manifest.json</c> in <see cref="GraphManifest.FormatName"/>.
/// </summary>
public static class GraphExporter
{
    public const string Input = "value:0";

    /// <summary>Writes every graph into a folder (created if missing; files of the same names are replaced).</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The manifest written.</returns>
    public static GraphManifest Export(string folder)
    {
        Directory.CreateDirectory(folder);
        var entries = GraphCases.All.Select(c => Export(folder, c)).ToList();
        var manifest = new GraphManifest(GraphManifest.FormatName, null, "AtrousConv parity export-graphs", entries);
        manifest.Save(folder);
        return manifest;
    }

    private static GraphEntry Export(string folder, GraphCase graphCase)
    {
        Array value = GraphInputs.Normal(graphCase.DType, graphCase.ValueShape, GraphCases.Seed(graphCase.Name, "value"));
        (GraphDef graphDef, string output, TFValue result) = Build(graphCase, graphCase.Build, value);
        if (graphCase.Reference is not null)
        {
            result = Build(graphCase, graphCase.Reference, value).Result;
        }

        File.WriteAllBytes(Path.Combine(folder, graphCase.Name + ".pb"), GraphDefFormat.ToBinary(graphDef));
        File.WriteAllText(Path.Combine(folder, graphCase.Name + ".pbtxt"), GraphDefFormat.ToText(graphDef));
        NpzWriter.Write(Path.Combine(folder, graphCase.Name + ".npz"),
        [
            new("value", new NpyArray("", graphCase.ValueShape, value)),
            new("output", new NpyArray("", result.shape, result.data)),
        ]);
        return new GraphEntry(
            graphCase.Name, graphCase.Name + ".pb", graphCase.Name + ".pbtxt", graphCase.Name + ".npz", Input, output,
            graphCase.ValueShape, result.shape, graphDef.Node.Select(n => n.Op).ToArray(), graphCase.Note);
    }

    /// <summary>Builds the case in a new graph (Placeholder <c>value</c>, result through <c>Identity</c>) and runs it.</summary>
    private static (GraphDef GraphDef, string Output, TFValue Result) Build(GraphCase graphCase, Func<TFTensor, TFTensor> build, Array value)
    {
        TFGraph graph = tf.Graph();
        TFTensor placeholder, output;
        using (graph.as_default())
        {
            placeholder = tf.placeholder(graphCase.DType, graphCase.PlaceholderShape, "value");
            output = tf.identity(build(placeholder), "Identity");
        }

        using TFSession session = tf.Session(graph);
        TFValue result = session.run(output, new Dictionary<TFTensor, TFValue> { [placeholder] = new TFValue(value, graphCase.ValueShape) });
        return (graph.as_graph_def(), output.name, result);
    }
}
