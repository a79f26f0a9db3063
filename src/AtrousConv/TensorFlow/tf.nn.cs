using System.Diagnostics.CodeAnalysis;

#pragma warning disable CS8981 // tf.nn is TensorFlow's lower-case name.

namespace AtrousConv.TensorFlow;

public static partial class tf
{
    /// <summary>The <c>tf.nn</c> module.</summary>
    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "TensorFlow's names, so ported code reads the same.")]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "TensorFlow's names, so ported code reads the same.")]
    public static class nn
    {
        /// <summary>
        /// <c>tf.nn.atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None)</c>: the transpose
        /// of <c>atrous_conv2d</c>, built as TensorFlow 2.21 builds it — rate 1: one <c>Conv2DBackpropInput</c>;
        /// rate &gt; 1: <c>SpaceToBatchND → Conv2DBackpropInput (VALID) → BatchToSpaceND</c> with constant paddings,
        /// sizes and crops for a list <c>output_shape</c>, or the int32 arithmetic nodes TensorFlow emits for a tensor
        /// one (a dynamic batch: <c>tf.stack([tf.shape(x)[0], h, w, c])</c>). Checks run in TensorFlow's order
        /// (channels, rate, <c>output_shape</c> length and, for a list, channels, then the padding string), then —
        /// when every shape is known — everything TensorFlow's kernels check. A session runs the three nodes as one
        /// call of our dilated kernel.
        /// </summary>
        /// <param name="value">NHWC <c>[batch, height, width, in_channels]</c>.</param>
        /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>, same dtype as <paramref name="value"/>.</param>
        /// <param name="output_shape">A list (<c>int[]</c>/<c>long[]</c>) or a 1-D integer tensor.</param>
        /// <param name="rate">The dilation rate, ≥ 1.</param>
        /// <param name="padding"><c>"SAME"</c> or <c>"VALID"</c> (case-sensitive).</param>
        /// <param name="name">The name scope (default <c>atrous_conv2d_transpose</c>, made unique).</param>
        /// <returns>The result tensor (<c>scope/BatchToSpaceND:0</c>).</returns>
        /// <exception cref="ArgumentException">Every input TensorFlow rejects; the message carries TensorFlow's text and what was expected.</exception>
        public static TFTensor atrous_conv2d_transpose(TFTensor value, TFTensor filters, TFOutputShape output_shape, int rate, string padding, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(value);
            ArgumentNullException.ThrowIfNull(filters);
            ArgumentNullException.ThrowIfNull(padding);
            TFGraph g = output_shape.Tensor is { } shapeTensor ? TFBuild.GraphOf(nameof(output_shape), value, filters, shapeTensor) : TFBuild.GraphOf(nameof(filters), value, filters);
            TFAtrousChecks.Python(value, filters, output_shape, rate);
            Padding pad = rate == 1 ? TFChecks.OpPadding(padding) : TFChecks.AtrousPadding(padding);
            TFChecks.DTypes(value, filters);
            using (g.name_scope(name ?? "atrous_conv2d_transpose"))
            {
                return rate == 1
                    ? TFConvBuild.ConvTranspose(g, "conv2d_transpose", value, filters, output_shape, 1, 1, 1, 1, pad)
                    : TFAtrousBuild.Transpose(g, value, filters, output_shape, rate, pad);
            }
        }

        /// <summary>
        /// <c>tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC", dilations=None, name=None)</c>:
        /// one <c>Conv2DBackpropInput</c> node with strides and dilations. TensorFlow's default CPU kernel refuses
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
            TFGraph g = output_shape.Tensor is { } shapeTensor ? TFBuild.GraphOf(nameof(output_shape), input, filters, shapeTensor) : TFBuild.GraphOf(nameof(filters), input, filters);
            (long sh, long sw) = TFChecks.Sequence(strides, nameof(strides), 1);
            (long dh, long dw) = TFChecks.Sequence(dilations, nameof(dilations), 1);
            Padding pad = TFChecks.OpPadding(padding);
            TFChecks.DataFormat(data_format);
            TFChecks.DTypes(input, filters);
            return TFConvBuild.ConvTranspose(g, name ?? "conv2d_transpose", input, filters, output_shape, sh, sw, dh, dw, pad);
        }

        /// <summary>
        /// <c>tf.nn.atrous_conv2d(value, filters, rate, padding, name=None)</c>: the forward atrous convolution, with
        /// TensorFlow's checks and messages (docs/tf-semantics.md §5.1, §13–14): rate 1 one <c>Conv2D</c>, rate &gt; 1
        /// <c>SpaceToBatchND → Conv2D (VALID) → BatchToSpaceND</c>, which a session runs as one dilated kernel call.
        /// </summary>
        /// <param name="value">NHWC <c>[batch, height, width, in_channels]</c>, every dimension known.</param>
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
            TFGraph g = TFBuild.GraphOf(nameof(filters), value, filters);
            if (padding is not ("SAME" or "VALID"))
            {
                TFThrow.Conv2DPaddingString(padding);
            }

            long[] v = TFAtrousChecks.Rank4(value, nameof(value), "[batch, height, width, in_channels]");
            long[] f = TFAtrousChecks.Rank4(filters, nameof(filters), "[filter_height, filter_width, in_channels, out_channels]");
            if (!TFShapes.IsFullyDefined(v) || !TFShapes.IsFullyDefined(f))
            {
                TFThrow.ShapesUnknown(v, f);
            }

            var adjoint = Conv2DTransposeGeometry.ForAtrousConv2D(v, f, rate, padding == "SAME" ? Padding.Same : Padding.Valid);
            TFChecks.DTypes(value, filters);
            using (g.name_scope(name ?? "convolution"))
            {
                return TFAtrousBuild.Forward(g, value, filters, adjoint);
            }
        }
    }
}
