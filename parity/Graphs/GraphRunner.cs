using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Npy;
using AtrousConv.Parity.Tolerance;
using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Parity.Graphs;

/// <summary>
/// <c>graphs DIR</c>: imports each graph of a folder (<c>tf.import_graph_def</c>), feeds its <c>value</c> to
/// <c>input</c>, fetches <c>output</c> through a <c>tf.Session</c> and compares with the <c>.npz</c>'s <c>output</c> by
/// docs/fixture-format.md's rule for the output's dtype (<see cref="ParityTolerance"/>). A graph with a text form
/// runs it too: the graph passes only when both forms pass, and counts once.
/// </summary>
public static class GraphRunner
{
    /// <summary>Runs every graph of a folder.</summary>
    /// <param name="folder">The folder with <c>manifest.json</c>.</param>
    /// <returns>One verdict per graph, in manifest order.</returns>
    /// <exception cref="InvalidDataException">The manifest is missing or unreadable.</exception>
    public static IReadOnlyList<GraphVerdict> Run(string folder)
    {
        GraphManifest manifest = GraphManifest.Load(folder);
        return manifest.Graphs.Select(entry => Run(folder, entry)).ToList();
    }

    /// <summary>Runs one graph; never throws: whatever goes wrong is the verdict.</summary>
    /// <param name="folder">The graph folder.</param>
    /// <param name="entry">The graph.</param>
    /// <returns>The verdict.</returns>
    public static GraphVerdict Run(string folder, GraphEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Arrays is null)
        {
            return new GraphVerdict(entry.Name, CaseOutcome.Skipped, double.NaN, "no arrays file: nothing to compare with");
        }

        string form = "binary";
        try
        {
            IReadOnlyDictionary<string, NpyArray> arrays = NpzArchive.Read(Path.Combine(folder, entry.Arrays));
            NpyArray value = Take(arrays, "value", entry.Arrays);
            NpyArray expected = Take(arrays, "output", entry.Arrays);
            ArrayComparison binary = RunForm(GraphDefFormat.Load(Path.Combine(folder, entry.Graph)), entry, value, expected);
            if (!binary.Passed)
            {
                return Failed(entry.Name, form, binary);
            }

            if (entry.Text is null)
            {
                return new GraphVerdict(entry.Name, CaseOutcome.Passed, binary.Ratio, "");
            }

            form = "text";
            ArrayComparison text = RunForm(GraphDefFormat.Load(Path.Combine(folder, entry.Text)), entry, value, expected);
            return text.Passed
                ? new GraphVerdict(entry.Name, CaseOutcome.Passed, Math.Max(binary.Ratio, text.Ratio), " (binary and text)")
                : Failed(entry.Name, form, text);
        }
#pragma warning disable CA1031 // The runner reports every failure of a graph as its verdict and goes on.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new GraphVerdict(entry.Name, CaseOutcome.Failed, double.NaN, $"{(form == "text" ? "(text) " : "")}{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Imports a GraphDef into a new graph, runs <c>output</c> fed with <c>value</c>, and compares.</summary>
    private static ArrayComparison RunForm(GraphDef graphDef, GraphEntry entry, NpyArray value, NpyArray expected)
    {
        TFGraph graph = tf.Graph();
        using (graph.as_default())
        {
            tf.import_graph_def(graphDef, name: "");
        }

        using TFSession session = tf.Session(graph);
        TFValue result = session.run(
            graph.get_tensor_by_name(entry.Output),
            new Dictionary<TFTensor, TFValue> { [graph.get_tensor_by_name(entry.Input)] = new TFValue(value.Data, value.Shape) });
        if (!result.shape.SequenceEqual(expected.Shape))
        {
            return new ArrayComparison(false, double.NaN, double.NaN, double.NaN,
                $"output shape {ShapeText.Of(result.shape)}, expected {ShapeText.Of(expected.Shape)}");
        }

        return ParityTolerance.Compare(DTypeName(expected.Descr), null, ElementTypes.ToDoubles(expected.Data), ElementTypes.ToDoubles(result.data));
    }

    private static GraphVerdict Failed(string name, string form, ArrayComparison comparison) =>
        new(name, CaseOutcome.Failed, comparison.Ratio, $"({form}) {comparison.Reason}");

    private static NpyArray Take(IReadOnlyDictionary<string, NpyArray> arrays, string name, string file) =>
        arrays.TryGetValue(name, out NpyArray? array) ? array : throw new InvalidDataException($"{file} has no '{name}' array.");

    /// <summary>The dtype name of an <c>.npz</c> array, as docs/fixture-format.md stores each dtype.</summary>
    private static string DTypeName(string descr) => descr switch
    {
        "<f4" => "float32",
        "<f8" => "float64",
        "<f2" => "float16",
        "<u2" => "bfloat16",
        "<i4" => "int32",
        _ => descr,
    };
}
