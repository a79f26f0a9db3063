using System.Diagnostics.CodeAnalysis;
using AtrousConv.Contract;

#pragma warning disable CS8981 // tf and tf.nn are TensorFlow's lower-case names.

namespace AtrousConv.TensorFlow;

/// <summary>
/// TensorFlow's face: <c>tf.nn.atrous_conv2d_transpose</c> and <c>tf.nn.conv2d_transpose</c> with TensorFlow's
/// parameter names, order, strings, run-time dtypes, check order and named graph operations, so ported Python
/// reads the same. Validation and static shape inference happen when the operation is built; the values are
/// computed when read.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "TensorFlow's names, so ported code reads the same.")]
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "TensorFlow's names, so ported code reads the same.")]
[SuppressMessage("Naming", "CA1724:Type names should not match namespaces", Justification = "TensorFlow's name.")]
public static class tf
{
    /// <summary>A new, empty graph (use <see cref="TFGraph.as_default"/> to build in it).</summary>
    /// <returns>The graph.</returns>
    public static TFGraph Graph() => new();

    /// <summary>The graph operations are built in now.</summary>
    /// <returns>The default graph.</returns>
    public static TFGraph get_default_graph() => TFGraph.Default;

    /// <summary><c>tf.constant</c>: a tensor of <paramref name="values"/> (row-major) with <paramref name="shape"/>; the dtype follows <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16, int, long or byte.</typeparam>
    /// <param name="values">The data (copied).</param>
    /// <param name="shape">The shape; its element count must equal the data's length.</param>
    /// <param name="name">The node name (default <c>Const</c>, uniquified).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">Unsupported element type, or shape and data disagree.</exception>
    public static TFTensor constant<T>(T[] values, long[] shape, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        TFDataType dtype = TFDataTypeExtensions.FromClrType(typeof(T)) ?? Unsupported<T>();
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                ThrowHelper.Argument(nameof(shape), $"shape={ThrowHelper.Shape(shape)} has a negative dimension; expected sizes >= 0.");
            }

            count = checked(count * d);
        }

        if (count != values.Length)
        {
            ThrowHelper.Argument(nameof(shape), $"shape={ThrowHelper.Shape(shape)} holds {count} elements but {values.Length} values were given; expected equal counts.");
        }

        string unique = TFGraph.Default.UniqueName(name ?? "Const");
        return new TFTensor(dtype, (long[])shape.Clone(), (T[])values.Clone(), unique + ":0");
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

    /// <summary>
    /// <c>tf.gradients(ys, xs, grad_ys=None)</c>: the gradients of <c>sum(ys · grad_ys)</c> with respect to each of
    /// <paramref name="xs"/>, built as new operations in the graph from the gradient functions registered per op
    /// kind (<see cref="TFGradients"/>). Returns <see langword="null"/> for an <c>x</c> that <paramref name="ys"/> does not depend on.
    /// </summary>
    /// <param name="ys">The tensor to differentiate.</param>
    /// <param name="xs">The tensors to differentiate with respect to.</param>
    /// <param name="grad_ys">The upstream gradient, shaped like <paramref name="ys"/>; <see langword="null"/> for ones.</param>
    /// <returns>One gradient tensor (or <see langword="null"/>) per element of <paramref name="xs"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="grad_ys"/> does not match <paramref name="ys"/>, or an op on the path has no registered gradient.</exception>
    public static TFTensor?[] gradients(TFTensor ys, TFTensor[] xs, TFTensor? grad_ys = null) => TFGradients.Compute(ys, xs, grad_ys);

    private static TFDataType Unsupported<T>()
    {
        ThrowHelper.Argument("values", $"Element type {typeof(T).Name} has no TensorFlow dtype here; expected float, double, Half, BFloat16, int, long or byte.");
        return default;
    }

    /// <summary>The <c>tf.nn</c> module.</summary>
    public static class nn
    {
        /// <summary>
        /// <c>tf.nn.atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None)</c>: the transpose
        /// of <c>atrous_conv2d</c>. Checks run in TensorFlow's order (channels, rate, then for rate &gt; 1 the
        /// <c>output_shape</c> length and channels and the padding string), then everything TensorFlow's kernels
        /// check, before anything is computed.
        /// </summary>
        /// <param name="value">NHWC <c>[batch, height, width, in_channels]</c>.</param>
        /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>, same dtype as <paramref name="value"/>.</param>
        /// <param name="output_shape">A list (<c>int[]</c>/<c>long[]</c>) or a 1-D integer tensor.</param>
        /// <param name="rate">The dilation rate, ≥ 1.</param>
        /// <param name="padding"><c>"SAME"</c> or <c>"VALID"</c> (case-sensitive).</param>
        /// <param name="name">The name scope (default <c>atrous_conv2d_transpose</c>, uniquified as TensorFlow does).</param>
        /// <returns>The result tensor, with static shape <paramref name="output_shape"/> and <paramref name="value"/>'s dtype.</returns>
        /// <exception cref="ArgumentException">Every input TensorFlow rejects; the message carries TensorFlow's text and what was expected.</exception>
        public static TFTensor atrous_conv2d_transpose(TFTensor value, TFTensor filters, TFOutputShape output_shape, int rate, string padding, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(value);
            ArgumentNullException.ThrowIfNull(filters);
            ArgumentNullException.ThrowIfNull(padding);
            ReadOnlySpan<long> outputShape = output_shape.Values;
            Conv2DTransposeGeometry.CheckAtrousArguments(value.Dims, filters.Dims, outputShape, rate, output_shape.IsTensor);
            Padding pad = rate == 1 ? TFChecks.OpPadding(padding) : TFChecks.AtrousPadding(padding);
            TFChecks.DTypes(value, filters);
            var geometry = Conv2DTransposeGeometry.ForAtrous(value.Dims, filters.Dims, outputShape, rate, pad, output_shape.IsTensor);

            TFGraph graph = TFGraph.Default;
            string scope = graph.UniqueName(name ?? "atrous_conv2d_transpose");
            string valueNode = NodeName(value), filtersNode = NodeName(filters);
            string dilatedName = scope + "/conv2d_transpose";
            List<TFNodeDef> lowering = rate == 1
                ? TFLowering.ConvTranspose(graph.UniqueName(dilatedName), geometry, value.dtype, valueNode, filtersNode, outputShape.ToArray())
                : TFLowering.Atrous(scope, geometry, value.dtype, valueNode, filtersNode, !output_shape.IsTensor);
            TFNodeDef dilated = TFLowering.Dilated(dilatedName, geometry, value.dtype, valueNode, filtersNode);
            return TFOps.Transpose("atrous_conv2d_transpose", lowering, dilated, geometry, value, filters);
        }

        /// <summary>
        /// <c>tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC", dilations=None, name=None)</c>:
        /// TensorFlow's <c>Conv2DBackpropInput</c> with strides and dilations. TensorFlow's default CPU kernel refuses
        /// dilations above 1; ours computes them, also together with strides.
        /// </summary>
        /// <param name="input">NHWC <c>[batch, height, width, in_channels]</c>.</param>
        /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
        /// <param name="output_shape"><c>[batch, height, width, out_channels]</c> or <c>[height, width]</c>, as a list or a 1-D integer tensor.</param>
        /// <param name="strides">1, 2 or 4 entries (<c>[1, h, w, 1]</c>).</param>
        /// <param name="padding"><c>"SAME"</c> or <c>"VALID"</c>.</param>
        /// <param name="data_format">Only <c>"NHWC"</c>.</param>
        /// <param name="dilations">1, 2 or 4 entries; <see langword="null"/> for 1.</param>
        /// <param name="name">The node name (default <c>conv2d_transpose</c>).</param>
        /// <returns>The result tensor.</returns>
        /// <exception cref="ArgumentException">Every input TensorFlow rejects, with what was expected.</exception>
        public static TFTensor conv2d_transpose(
            TFTensor input, TFTensor filters, TFOutputShape output_shape, int[] strides, string padding = "SAME", string data_format = "NHWC", int[]? dilations = null, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(filters);
            ArgumentNullException.ThrowIfNull(strides);
            ArgumentNullException.ThrowIfNull(padding);
            ArgumentNullException.ThrowIfNull(data_format);
            (long sh, long sw) = TFChecks.Sequence(strides, nameof(strides), 1);
            (long dh, long dw) = TFChecks.Sequence(dilations, nameof(dilations), 1);
            Padding pad = TFChecks.OpPadding(padding);
            TFChecks.DataFormat(data_format);
            TFChecks.DTypes(input, filters);
            ReadOnlySpan<long> outputShape = output_shape.Values;
            var geometry = Conv2DTransposeGeometry.Create(input.Dims, filters.Dims, outputShape, sh, sw, dh, dw, pad);

            TFGraph graph = TFGraph.Default;
            string nodeName = graph.UniqueName(name ?? "conv2d_transpose");
            string inputNode = NodeName(input), filtersNode = NodeName(filters);
            List<TFNodeDef> lowering = TFLowering.ConvTranspose(nodeName, geometry, input.dtype, inputNode, filtersNode, outputShape.ToArray());
            return TFOps.Transpose("conv2d_transpose", lowering, lowering[^1], geometry, input, filters);
        }

        /// <summary>
        /// <c>tf.nn.atrous_conv2d(value, filters, rate, padding, name=None)</c>: the forward atrous convolution, with
        /// TensorFlow's checks and messages (docs/tf-semantics.md §5.1, §13–14). It is also the gradient of
        /// <see cref="atrous_conv2d_transpose"/> with respect to <c>value</c>.
        /// </summary>
        /// <param name="value">NHWC <c>[batch, height, width, in_channels]</c>.</param>
        /// <param name="filters"><c>[filter_height, filter_width, in_channels, out_channels]</c>.</param>
        /// <param name="rate">The dilation rate, ≥ 1.</param>
        /// <param name="padding"><c>"SAME"</c> or <c>"VALID"</c>.</param>
        /// <param name="name">The name scope (default <c>convolution</c>, as TensorFlow's <c>convolution</c> wrapper names it).</param>
        /// <returns>The result: SAME keeps height and width; VALID shrinks them by <c>(k − 1)·rate</c>.</returns>
        /// <exception cref="ArgumentException">Every input TensorFlow rejects, with what was expected.</exception>
        public static TFTensor atrous_conv2d(TFTensor value, TFTensor filters, int rate, string padding, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(value);
            ArgumentNullException.ThrowIfNull(filters);
            ArgumentNullException.ThrowIfNull(padding);
            if (padding is not ("SAME" or "VALID"))
            {
                ThrowHelper.Argument(nameof(padding), $"`padding` must be one of 'SAME' or 'VALID'. Received: padding={padding}");
            }

            var adjoint = Conv2DTransposeGeometry.ForAtrousConv2D(value.Dims, filters.Dims, rate, padding == "SAME" ? Padding.Same : Padding.Valid);
            TFChecks.DTypes(value, filters);
            string scope = TFGraph.Default.UniqueName(name ?? "convolution");
            TFNodeDef single = TFLowering.Conv2D(scope + "/Conv2D", adjoint, value.dtype, TFOps.NodeName(value), TFOps.NodeName(filters));
            List<TFNodeDef> lowering = rate == 1 ? [single] : TFLowering.AtrousForward(scope, adjoint, value.dtype, TFOps.NodeName(value), TFOps.NodeName(filters));
            return new TFOperation(TFGraph.Default, "atrous_conv2d", lowering, single, adjoint, [value, filters], adjoint.ValueShape, TFEvaluation.Adjoint).output;
        }

        private static string NodeName(TFTensor tensor) => TFOps.NodeName(tensor);
    }
}
