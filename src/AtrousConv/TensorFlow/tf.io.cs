using System.Diagnostics.CodeAnalysis;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

#pragma warning disable CS8981 // tf.io is TensorFlow's lower-case name.

namespace AtrousConv.TensorFlow;

public static partial class tf
{
    /// <summary>
    /// <c>tf.import_graph_def(graph_def, input_map=None, return_elements=None, name=None)</c> into the default graph:
    /// node names prefixed with <c>import/</c> (or <c>name/</c>, made unique; <c>name: ""</c> for none),
    /// <c>input_map</c> replacing the graph's tensors (<c>"value:0"</c> → a tensor of the default graph), and the
    /// <c>return_elements</c> looked up (<c>"op"</c> → the operation, <c>"op:0"</c> → its tensor). Supports the op
    /// family: Placeholder, Const, Identity, SpaceToBatchND, Conv2DBackpropInput, BatchToSpaceND, Conv2D,
    /// Conv2DBackpropFilter, and the int32 shape ops Shape, StridedSlice, Pack, AddV2, Sub, Mul, FloorDiv, FloorMod
    /// (also AddN and Fill, which <see cref="gradients"/> builds).
    /// </summary>
    /// <param name="graph_def">The graph (from <see cref="GraphDefFormat"/> or <see cref="TFGraph.as_graph_def"/>).</param>
    /// <param name="input_map">Tensors to use in place of the graph's, by <c>"name:0"</c> (or <c>"name"</c>).</param>
    /// <param name="return_elements">Names to return.</param>
    /// <param name="name">The prefix (default <c>import</c>).</param>
    /// <returns>The requested elements in order, or <see langword="null"/> when <paramref name="return_elements"/> is null.</returns>
    /// <exception cref="NotSupportedException">An op type or attribute value outside the family (NCHW, EXPLICIT padding, another dtype, …), before anything is added.</exception>
    /// <exception cref="InvalidDataException">A malformed graph: a missing input, a cycle, a constant whose data disagrees with its shape, shapes that do not fit.</exception>
    /// <exception cref="ArgumentException">An <paramref name="input_map"/> key or <paramref name="return_elements"/> entry not in the graph, or a name clash with <c>name: ""</c>.</exception>
    public static ITensorOrOperation[]? import_graph_def(
        GraphDef graph_def, IReadOnlyDictionary<string, TFTensor>? input_map = null, IReadOnlyList<string>? return_elements = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(graph_def);
        return TFGraphDefImport.Import(TFGraph.Default, graph_def, input_map, return_elements, name);
    }

    /// <summary>The <c>tf.io</c> module.</summary>
    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "TensorFlow's names, so ported code reads the same.")]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "TensorFlow's names, so ported code reads the same.")]
    public static class io
    {
        /// <summary><c>tf.io.write_graph(graph, logdir, name, as_text=True)</c>: writes <see cref="TFGraph.as_graph_def"/> as text (<c>.pbtxt</c>) or binary (<c>.pb</c>).</summary>
        /// <param name="graph_or_graph_def">The graph.</param>
        /// <param name="logdir">The folder (created if missing).</param>
        /// <param name="name">The file name.</param>
        /// <param name="as_text">Text format (TensorFlow's <c>text_format</c>) or binary.</param>
        /// <returns>The path written.</returns>
        public static string write_graph(TFGraph graph_or_graph_def, string logdir, string name, bool as_text = true)
        {
            ArgumentNullException.ThrowIfNull(graph_or_graph_def);
            return write_graph(graph_or_graph_def.as_graph_def(), logdir, name, as_text);
        }

        /// <summary><c>tf.io.write_graph(graph_def, logdir, name, as_text=True)</c>.</summary>
        /// <param name="graph_or_graph_def">The GraphDef.</param>
        /// <param name="logdir">The folder (created if missing).</param>
        /// <param name="name">The file name.</param>
        /// <param name="as_text">Text format or binary.</param>
        /// <returns>The path written.</returns>
        public static string write_graph(GraphDef graph_or_graph_def, string logdir, string name, bool as_text = true)
        {
            ArgumentNullException.ThrowIfNull(graph_or_graph_def);
            ArgumentNullException.ThrowIfNull(logdir);
            ArgumentNullException.ThrowIfNull(name);
            Directory.CreateDirectory(logdir);
            string path = Path.Combine(logdir, name);
            if (as_text)
            {
                File.WriteAllText(path, GraphDefFormat.ToText(graph_or_graph_def));
            }
            else
            {
                File.WriteAllBytes(path, GraphDefFormat.ToBinary(graph_or_graph_def));
            }

            return path;
        }
    }
}
