using static AtrousConv.Contract.ThrowHelper;

namespace AtrousConv;

public sealed partial class Conv2DTransposeGeometry
{
    /// <summary>
    /// The largest <c>rate² · batch</c> TensorFlow's decomposition can express: <c>atrous_conv2d_transpose</c> hands
    /// <c>Conv2DBackpropInput</c> an int32 <c>input_sizes</c> whose batch is <c>rate² · batch</c>, so beyond this
    /// TensorFlow overflows or runs out of memory (docs/tf-semantics.md §13, docs/fixture-format.md <c>tf_limit</c>). We reject there
    /// with a clear message rather than compute a result TensorFlow can never produce.
    /// </summary>
    public const long MaxDecomposedBatch = int.MaxValue;

    /// <summary>
    /// Validates a <c>tf.nn.atrous_conv2d_transpose</c> call in TensorFlow's order (its Python checks first, then
    /// those of the ops it lowers to) and returns the geometry of the equivalent stride-1 transposed convolution
    /// with dilations <c>[rate, rate]</c>.
    /// </summary>
    /// <param name="valueShape"><c>[N, H, W, Cin]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, Cout, Cin]</c>.</param>
    /// <param name="outputShape"><c>[N, Ho, Wo, Cout]</c> (with <paramref name="rate"/> 1 also <c>[Ho, Wo]</c>, as TensorFlow allows).</param>
    /// <param name="rate">The atrous rate, ≥ 1.</param>
    /// <param name="padding"><see cref="Padding.Same"/> or <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentException">The call is invalid; the message carries TensorFlow's text, the bad values and what was expected.</exception>
    public static Conv2DTransposeGeometry ForAtrous(
        ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, ReadOnlySpan<long> outputShape, long rate, Padding padding) =>
        ForAtrous(valueShape, filtersShape, outputShape, rate, padding, outputShapeIsTensor: false);

    /// <summary>As <see cref="ForAtrous(ReadOnlySpan{long}, ReadOnlySpan{long}, ReadOnlySpan{long}, long, Padding)"/>; a tensor <c>output_shape</c> skips TensorFlow's Python channel check (the kernel-level check still runs).</summary>
    internal static Conv2DTransposeGeometry ForAtrous(
        ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, ReadOnlySpan<long> outputShape, long rate, Padding padding, bool outputShapeIsTensor)
    {
        CheckAtrousArguments(valueShape, filtersShape, outputShape, rate, outputShapeIsTensor);
        if (rate == 1)
        {
            // TensorFlow short-circuits to conv2d_transpose: none of the rate > 1 checks run.
            return Create(valueShape, filtersShape, outputShape, 1, 1, 1, 1, padding);
        }

        RequireNonNegative(valueShape, "value");
        CheckDecomposedBatch(rate, Math.Max(valueShape[0], outputShape[0]));
        return Create(valueShape, filtersShape, outputShape, 1, 1, rate, rate, padding);
    }

    /// <summary>
    /// Rejects a rate whose <c>rate² · batch</c> exceeds <see cref="MaxDecomposedBatch"/>: TensorFlow's space-to-batch
    /// decomposition cannot express it (int32 sizes), so TensorFlow fails there with an overflow or out of memory.
    /// </summary>
    internal static void CheckDecomposedBatch(long rate, long batch)
    {
        if (rate <= 1 || batch <= 0)
        {
            return;
        }

        long product;
        try
        {
            product = checked(rate * rate * batch);
        }
        catch (OverflowException)
        {
            product = long.MaxValue;
        }

        if (product > MaxDecomposedBatch)
        {
            ArgumentOutOfRange_DecomposedBatch(rate, batch, product);
        }
    }

    /// <summary>
    /// TensorFlow's Python checks of <c>atrous_conv2d_transpose</c>, in its order, before the padding string is
    /// looked at: channels, rate, and for rate &gt; 1 the length and channel count of <c>output_shape</c>.
    /// </summary>
    internal static void CheckAtrousArguments(
        ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, ReadOnlySpan<long> outputShape, long rate, bool outputShapeIsTensor)
    {
        RequireRank(valueShape, 4, "value", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, out_channels, in_channels]");
        if (valueShape[3] != filtersShape[3])
        {
            Argument("filters",
                $"`value` channel count must be compatible with `filters` input channel count. Received: value.shape={TupleShape(valueShape)} " +
                $"with channel count {Inv(valueShape[3])} and filters.shape={TupleShape(filtersShape)} with input channel count {Inv(filtersShape[3])}. " +
                $"Expected filters[3] = {Inv(valueShape[3])}.");
        }

        if (rate < 1)
        {
            OutOfRange(nameof(rate), rate, $"`rate` cannot be less than one. Received: rate={Inv(rate)}");
        }

        if (rate == 1)
        {
            return;
        }

        if (outputShape.Length != 4)
        {
            Argument("output_shape",
                $"`output_shape` must have shape (4,). Received: output_shape=({outputShape.Length},). Expected [batch, height, width, out_channels].");
        }

        if (!outputShapeIsTensor && outputShape[3] != filtersShape[2])
        {
            // TensorFlow's message prints filters.shape[3] although it compares with filters.shape[2]; we keep its text and add the truth.
            Argument("output_shape",
                $"`output_shape` channel count must be compatible with `filters` output channel count. Received: output_shape={Shape(outputShape)} " +
                $"with channel count {Inv(outputShape[3])} and filters.shape={TupleShape(filtersShape)} with output channel count {Inv(filtersShape[3])}. " +
                $"Expected output_shape[3] = filters[2] = {Inv(filtersShape[2])}.");
        }
    }

    /// <summary>
    /// Infers the output shape of <c>atrous_conv2d_transpose</c>: with stride 1 it is unique — SAME keeps the
    /// spatial size, VALID grows it by <c>(k − 1)·rate</c>.
    /// </summary>
    /// <param name="valueShape"><c>[N, H, W, Cin]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, Cout, Cin]</c>.</param>
    /// <param name="rate">The atrous rate, ≥ 1.</param>
    /// <param name="padding">The padding scheme.</param>
    /// <returns><c>[N, Ho, Wo, Cout]</c>.</returns>
    /// <exception cref="ArgumentException">The shapes or the rate are invalid.</exception>
    public static long[] InferAtrousOutputShape(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, long rate, Padding padding)
    {
        RequireRank(valueShape, 4, "value", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, out_channels, in_channels]");
        if (rate < 1)
        {
            ArgumentOutOfRange_AtrousRate(rate);
        }

        return InferOutputShape(valueShape, filtersShape, 1, 1, rate, rate, padding);
    }

    /// <summary>
    /// Infers the output shape of <c>conv2d_transpose</c> as Keras' <c>deconv_output_length</c> does: SAME gives
    /// <c>x·s</c>, VALID gives <c>x·s + max(ke − s, 0)</c>. Several output sizes are valid when a stride exceeds 1;
    /// pass an explicit <c>output_shape</c> for the others.
    /// </summary>
    /// <param name="valueShape"><c>[N, H, W, Cin]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, Cout, Cin]</c>.</param>
    /// <param name="strideHeight">Vertical stride, ≥ 1.</param>
    /// <param name="strideWidth">Horizontal stride, ≥ 1.</param>
    /// <param name="dilationHeight">Vertical dilation, ≥ 1.</param>
    /// <param name="dilationWidth">Horizontal dilation, ≥ 1.</param>
    /// <param name="padding">The padding scheme.</param>
    /// <returns><c>[N, Ho, Wo, Cout]</c>.</returns>
    /// <exception cref="ArgumentException">The shapes, strides or dilations are invalid.</exception>
    public static long[] InferOutputShape(
        ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, long strideHeight, long strideWidth, long dilationHeight, long dilationWidth, Padding padding)
    {
        RequireRank(valueShape, 4, "value", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, out_channels, in_channels]");
        RequireNonNegative(valueShape, "value");
        RequireNonNegative(filtersShape, "filters");
        RequireStridesAndDilations(strideHeight, strideWidth, dilationHeight, dilationWidth);
        try
        {
            long Axis(long x, long k, long s, long d) => padding == Padding.Same
                ? checked(x * s)
                : checked((x * s) + Math.Max(EffectiveSize(k, d) - s, 0));
            long[] output = [valueShape[0], Axis(valueShape[1], filtersShape[0], strideHeight, dilationHeight),
                Axis(valueShape[2], filtersShape[1], strideWidth, dilationWidth), filtersShape[2]];
            return Create(valueShape, filtersShape, output, strideHeight, strideWidth, dilationHeight, dilationWidth, padding).OutputShape;
        }
        catch (OverflowException)
        {
            Argument_OutputSizeOverflows(valueShape);
            throw;
        }
    }
}
