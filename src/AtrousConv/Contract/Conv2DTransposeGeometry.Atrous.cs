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
        ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, ReadOnlySpan<long> outputShape, long rate, Padding padding)
    {
        CheckAtrousArguments(valueShape, filtersShape, outputShape, rate);
        return ForAtrousChecked(valueShape, filtersShape, outputShape, rate, padding);
    }

    /// <summary>
    /// The kernel-level part of <see cref="ForAtrous(ReadOnlySpan{long}, ReadOnlySpan{long}, ReadOnlySpan{long}, long, Padding)"/>,
    /// for callers that ran TensorFlow's Python checks in their own order (TensorFlow's face).
    /// </summary>
    internal static Conv2DTransposeGeometry ForAtrousChecked(
        ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, ReadOnlySpan<long> outputShape, long rate, Padding padding)
    {
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
    /// TensorFlow's Python checks of <c>atrous_conv2d_transpose</c>, in its order, for a list <c>output_shape</c>
    /// (the .NET face). TensorFlow's face orders the same rules itself (a tensor <c>output_shape</c> skips one).
    /// </summary>
    internal static void CheckAtrousArguments(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, ReadOnlySpan<long> outputShape, long rate)
    {
        RequireAtrousRanks(valueShape, filtersShape);
        CheckAtrousChannels(valueShape, filtersShape);
        CheckAtrousRate(rate);
        if (rate == 1)
        {
            return;
        }

        CheckAtrousOutputLength(outputShape.Length);
        CheckAtrousOutputChannels(outputShape, filtersShape);
    }

    /// <summary><c>value</c> is <c>[batch, height, width, in_channels]</c>, <c>filters</c> <c>[filter_height, filter_width, out_channels, in_channels]</c>.</summary>
    internal static void RequireAtrousRanks(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape)
    {
        RequireRank(valueShape, 4, "value", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, out_channels, in_channels]");
    }

    /// <summary>TensorFlow's Python channel check of <c>value</c> against <c>filters</c>.</summary>
    internal static void CheckAtrousChannels(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape)
    {
        if (valueShape[3] != filtersShape[3])
        {
            Argument_AtrousChannelMismatch(valueShape, filtersShape);
        }
    }

    /// <summary>TensorFlow's Python rate check.</summary>
    internal static void CheckAtrousRate(long rate)
    {
        if (rate < 1)
        {
            ArgumentOutOfRange_AtrousRate(rate);
        }
    }

    /// <summary>TensorFlow's Python check that <c>output_shape</c> has four entries (rate &gt; 1).</summary>
    internal static void CheckAtrousOutputLength(long length)
    {
        if (length != 4)
        {
            Argument_AtrousOutputShapeLength(length);
        }
    }

    /// <summary>TensorFlow's Python channel check of a list <c>output_shape</c> (rate &gt; 1).</summary>
    internal static void CheckAtrousOutputChannels(ReadOnlySpan<long> outputShape, ReadOnlySpan<long> filtersShape)
    {
        if (outputShape[3] != filtersShape[2])
        {
            Argument_AtrousOutputChannelMismatch(outputShape, filtersShape);
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
        RequireAtrousRanks(valueShape, filtersShape);
        CheckAtrousRate(rate);
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
