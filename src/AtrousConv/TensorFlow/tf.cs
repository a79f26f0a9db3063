using System.Diagnostics.CodeAnalysis;

#pragma warning disable CS8981 // tf and tf.nn are TensorFlow's lower-case names.

namespace AtrousConv.TensorFlow;

/// <summary>
/// TensorFlow's face, TF1 graph style (as TensorFlow.NET): <c>tf.placeholder</c>, <c>tf.constant</c>, the ops
/// <c>tf.nn.atrous_conv2d_transpose</c>, <c>conv2d_transpose</c>, <c>atrous_conv2d</c> with TensorFlow's names,
/// parameter order, check order and the graph nodes TensorFlow 2.21 builds, the int32 shape arithmetic of a
/// dynamic <c>output_shape</c>, <c>tf.gradients</c>, <c>tf.Session</c>, and GraphDef export and import. Shapes are
/// inferred and checked when a node is built; values are computed when a session runs.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "TensorFlow's names, so ported code reads the same.")]
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "TensorFlow's names, so ported code reads the same.")]
[SuppressMessage("Naming", "CA1724:Type names should not match namespaces", Justification = "TensorFlow's name.")]
public static partial class tf
{
    /// <summary>A new, empty graph (use <see cref="TFGraph.as_default"/> to build in it).</summary>
    /// <returns>The graph.</returns>
    public static TFGraph Graph() => new();

    /// <summary>The graph operations are built in now.</summary>
    /// <returns>The default graph.</returns>
    public static TFGraph get_default_graph() => TFGraph.Default;

    /// <summary><c>tf.reset_default_graph()</c>: a new, empty global default graph (the old one and everything in it can be collected).</summary>
    /// <exception cref="InvalidOperationException">Called inside a <see cref="TFGraph.as_default"/> scope.</exception>
    public static void reset_default_graph() => TFGraph.ResetGlobal();

    /// <summary><c>tf.Session(graph)</c>.</summary>
    /// <param name="graph">The graph; <see langword="null"/> for the default graph.</param>
    /// <param name="options">The kernels' threads and variant; <see langword="null"/> for the defaults.</param>
    /// <returns>The session.</returns>
    public static TFSession Session(TFGraph? graph = null, ConvolutionOptions? options = null) => new(graph, options);

    /// <summary>
    /// <c>tf.placeholder(dtype, shape=None, name=None)</c>: a graph input whose value is fed when a session runs.
    /// </summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The static shape, <c>-1</c> for an unknown dimension (the batch); <see langword="null"/> for an unknown rank.</param>
    /// <param name="name">The node name (default <c>Placeholder</c>, made unique).</param>
    /// <returns>The placeholder's tensor.</returns>
    /// <exception cref="ArgumentException">A dimension below -1.</exception>
    public static TFTensor placeholder(TFDataType dtype, long[]? shape = null, string? name = null)
    {
        if (shape is not null && Array.Exists(shape, d => d < -1))
        {
            TFThrow.PlaceholderShape(shape);
        }

        TFGraph g = TFGraph.Default;
        var attrs = new Dictionary<string, object>(StringComparer.Ordinal) { ["dtype"] = dtype, ["shape"] = new TFShapeAttr(shape?.Clone() as long[]) };
        if (name is not null)
        {
            // What TensorFlow records for a named graph input (tf.function's argument name); its importers ignore it.
            attrs["_user_specified_name"] = name;
        }

        return TFBuild.Node(g, g.UniqueName(name ?? "Placeholder"), "Placeholder", [], attrs);
    }

    /// <summary><c>tf.constant</c>: a tensor of <paramref name="values"/> (row-major) with <paramref name="shape"/>; the dtype follows <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16, int, long or byte.</typeparam>
    /// <param name="values">The data (copied).</param>
    /// <param name="shape">The shape; its element count must equal the data's length.</param>
    /// <param name="name">The node name (default <c>Const</c>, made unique).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">Unsupported element type, or shape and data disagree (a negative dimension, an element count that overflows, a count unequal to the data's length: named <c>shape</c>).</exception>
    public static TFTensor constant<T>(T[] values, long[] shape, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (TFDataTypeExtensions.FromClrType(typeof(T)) is null)
        {
            TFThrow.NoDType(typeof(T));
        }

        var value = new TFValue((T[])values.Clone(), shape);
        TFGraph g = TFGraph.Default;
        return TFBuild.Const(g, name ?? "Const", value);
    }

    /// <summary><c>tf.constant</c> of a 1-D list, such as an <c>output_shape</c> tensor.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The data (copied).</param>
    /// <param name="name">The node name.</param>
    /// <returns>The 1-D tensor.</returns>
    public static TFTensor constant<T>(T[] values, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return constant(values, [values.Length], name);
    }

    /// <summary><c>tf.identity(input, name=None)</c>.</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="name">The node name (default <c>Identity</c>).</param>
    /// <returns>A tensor of the same value.</returns>
    public static TFTensor identity(TFTensor input, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        TFGraph g = input.graph;
        return TFBuild.Node(g, g.UniqueName(name ?? "Identity"), "Identity", [input], new(StringComparer.Ordinal) { ["T"] = input.dtype });
    }

    /// <summary><c>tf.shape(input, out_type=tf.int32, name=None)</c>: the run-time shape as a 1-D int32 tensor.</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="name">The node name (default <c>Shape</c>).</param>
    /// <returns>The shape tensor.</returns>
    public static TFTensor shape(TFTensor input, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        TFGraph g = input.graph;
        return TFBuild.Node(g, g.UniqueName(name ?? "Shape"), "Shape", [input], new(StringComparer.Ordinal) { ["T"] = input.dtype, ["out_type"] = TFDataType.Int32 });
    }

    /// <summary>
    /// <c>tf.stack(values, axis=0, name="stack")</c> of scalars: each entry a scalar int tensor or an <see cref="int"/>
    /// (which becomes a Const <c>stack/i</c>, as in TensorFlow), e.g. <c>tf.stack([tf.shape(x)[0], 5, 5, 2])</c>.
    /// </summary>
    /// <param name="values">Scalar int32 tensors and ints.</param>
    /// <param name="name">The node name (default <c>stack</c>).</param>
    /// <returns>The 1-D tensor.</returns>
    /// <exception cref="ArgumentException">An entry is neither, the tensors disagree in dtype or graph, or none is a tensor.</exception>
    public static TFTensor stack(object[] values, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        TFTensor[] tensors = [.. values.OfType<TFTensor>()];
        if (values.Length == 0 || tensors.Length == 0 || values.Any(v => v is not (TFTensor or int or long)))
        {
            TFThrow.StackEntries();
        }

        TFGraph g = TFBuild.GraphOf(nameof(values), tensors);
        TFDataType dtype = tensors[0].dtype;
        if (tensors.Any(t => t.dtype != dtype || t.rank != 0))
        {
            TFThrow.StackNotScalars(tensors);
        }

        string node = g.UniqueName(name ?? "stack");
        var parts = new TFTensor[values.Length];
        using (g.EnterScope(node + "/"))
        {
            for (int i = 0; i < values.Length; i++)
            {
                parts[i] = values[i] as TFTensor
                    ?? TFBuild.IntConst(g, i.ToString(System.Globalization.CultureInfo.InvariantCulture), dtype, [], Convert.ToInt64(values[i], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return TFBuild.Pack(g, node, parts);
    }

    /// <summary>
    /// <c>tf.gradients(ys, xs, grad_ys=None)</c>: the gradients of <c>sum(ys · grad_ys)</c> with respect to each of
    /// <paramref name="xs"/>, built as new nodes (under <c>gradients/</c>) from the gradient functions registered per
    /// op type (<see cref="TFGradients"/>). <see langword="null"/> for an <c>x</c> that <paramref name="ys"/> does not depend on.
    /// </summary>
    /// <param name="ys">The tensor to differentiate.</param>
    /// <param name="xs">The tensors to differentiate with respect to (placeholders, constants or any tensor).</param>
    /// <param name="grad_ys">The upstream gradient, shaped like <paramref name="ys"/>; <see langword="null"/> for ones.</param>
    /// <returns>One gradient tensor (or <see langword="null"/>) per element of <paramref name="xs"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="grad_ys"/> does not match <paramref name="ys"/>, an entry of <paramref name="xs"/> is null or of another graph, or an op on the path has no registered gradient.</exception>
    public static TFTensor?[] gradients(TFTensor ys, TFTensor[] xs, TFTensor? grad_ys = null) => TFGradients.Compute(ys, xs, grad_ys);
}
