using static AtrousConv.Contract.ThrowHelper;

namespace AtrousConv;

public sealed partial class Conv2DTransposeGeometry
{
    /// <summary>
    /// Validates a <c>tf.nn.atrous_conv2d(value, filters, rate, padding)</c> call (filters
    /// <c>[kh, kw, in_channels, out_channels]</c>) and returns the geometry whose <em>adjoint</em> it is: the transposed
    /// convolution that maps the forward result <c>[N, Ho, Wo, out]</c> back to <c>value</c>'s shape with these
    /// filters. The forward op is that geometry's adjoint; its gradient with respect to <c>value</c> is the geometry's
    /// transposed convolution.
    /// </summary>
    /// <param name="valueShape"><c>[N, H, W, in_channels]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, in_channels, out_channels]</c>.</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">SAME (result <c>[N, H, W, out]</c>) or VALID (<c>[N, H − (kh−1)·rate, W − (kw−1)·rate, out]</c>).</param>
    /// <returns>The geometry of the adjoint transposed convolution.</returns>
    /// <exception cref="ArgumentException">TensorFlow rejects the call; the message says what was expected.</exception>
    public static Conv2DTransposeGeometry ForAtrousConv2D(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, long rate, Padding padding)
    {
        if (valueShape.Length != 4)
        {
            Argument_AtrousConv2DValueRank(valueShape);
        }

        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, in_channels, out_channels]");
        RequireNonNegative(valueShape, "value");
        RequireNonNegative(filtersShape, "filters");
        if (valueShape[3] != filtersShape[2])
        {
            Argument_AtrousConv2DChannelMismatch(valueShape, filtersShape);
        }

        if (rate < 1)
        {
            ArgumentOutOfRange_DilationRate(rate);
        }

        if (padding is not (Padding.Same or Padding.Valid))
        {
            ArgumentOutOfRange_Padding(padding);
        }

        if (filtersShape[0] < 1 || filtersShape[1] < 1)
        {
            Argument_ZeroSpatialFilter(filtersShape);
        }

        _ = InferAtrousConv2DOutputShape(valueShape, filtersShape, rate, padding);
        CheckDecomposedBatch(rate, valueShape[0]);
        return ForConv2D(valueShape, filtersShape, 1, 1, rate, rate, padding);
    }

    /// <summary>
    /// Validates a forward convolution (TensorFlow's <c>Conv2D</c>: input <c>[N, H, W, in]</c>, filters
    /// <c>[kh, kw, in, out]</c>, strides, dilations) and returns the geometry whose adjoint it is: the transposed
    /// convolution from the result <c>[N, Ho, Wo, out]</c> back to the input's shape with the same filters, where
    /// SAME gives <c>Ho = ceil(H / s)</c> and VALID <c>Ho = ceil((H − ke + 1) / s)</c>, padding as TensorFlow's.
    /// </summary>
    /// <param name="inputShape"><c>[N, H, W, in_channels]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, in_channels, out_channels]</c>.</param>
    /// <param name="strideHeight">Vertical stride, ≥ 1.</param>
    /// <param name="strideWidth">Horizontal stride, ≥ 1.</param>
    /// <param name="dilationHeight">Vertical dilation, ≥ 1.</param>
    /// <param name="dilationWidth">Horizontal dilation, ≥ 1.</param>
    /// <param name="padding">The padding scheme.</param>
    /// <returns>The geometry of the adjoint transposed convolution; the forward result has its <see cref="ValueShape"/>.</returns>
    /// <exception cref="ArgumentException">The arguments are invalid; the message says what was expected.</exception>
    public static Conv2DTransposeGeometry ForConv2D(
        ReadOnlySpan<long> inputShape, ReadOnlySpan<long> filtersShape, long strideHeight, long strideWidth, long dilationHeight, long dilationWidth, Padding padding)
    {
        RequireRank(inputShape, 4, "input", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, in_channels, out_channels]");
        RequireNonNegative(inputShape, "input");
        RequireNonNegative(filtersShape, "filters");
        RequireStridesAndDilations(strideHeight, strideWidth, dilationHeight, dilationWidth);
        long[] result = [inputShape[0], ForwardSize(inputShape, 1, filtersShape, strideHeight, dilationHeight, padding),
            ForwardSize(inputShape, 2, filtersShape, strideWidth, dilationWidth, padding), filtersShape[3]];
        return Create(result, filtersShape, inputShape, strideHeight, strideWidth, dilationHeight, dilationWidth, padding);
    }

    /// <summary>The forward result size on one axis: SAME <c>ceil(x / s)</c>, VALID <c>ceil((x − ke + 1) / s)</c>, computed without overflow.</summary>
    private static long ForwardSize(ReadOnlySpan<long> inputShape, int axis, ReadOnlySpan<long> filtersShape, long s, long d, Padding padding)
    {
        long x = inputShape[axis], span;
        try
        {
            long ke = EffectiveSize(filtersShape[axis - 1], d);
            span = padding == Padding.Same ? x : checked(x - ke + 1);
        }
        catch (OverflowException)
        {
            Argument_FilterSizeOverflows(filtersShape);
            throw;
        }

        if (span < 0)
        {
            Argument_InputSmallerThanDilatedFilter(inputShape, x - span + 1);
        }

        return span == 0 ? 0 : ((span - 1) / s) + 1;
    }

    /// <summary>The result shape of <c>atrous_conv2d</c>: SAME keeps H and W; VALID gives <c>H − (kh − 1)·rate</c>, which must not be negative.</summary>
    /// <param name="valueShape"><c>[N, H, W, in_channels]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, in_channels, out_channels]</c>.</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">The padding scheme.</param>
    /// <returns><c>[N, Ho, Wo, out_channels]</c>.</returns>
    /// <exception cref="ArgumentException">VALID with an input smaller than the dilated kernel minus one.</exception>
    public static long[] InferAtrousConv2DOutputShape(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, long rate, Padding padding)
    {
        RequireRank(valueShape, 4, "value", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, in_channels, out_channels]");
        RequireNonNegative(valueShape, "value");
        RequireNonNegative(filtersShape, "filters");
        if (rate < 1)
        {
            ArgumentOutOfRange_DilationRate(rate);
        }

        if (padding is not (Padding.Same or Padding.Valid))
        {
            ArgumentOutOfRange_Padding(padding);
        }

        if (padding == Padding.Same)
        {
            return [valueShape[0], valueShape[1], valueShape[2], filtersShape[3]];
        }

        long ho, wo;
        try
        {
            ho = checked(valueShape[1] - (EffectiveSize(filtersShape[0], rate) - 1));
            wo = checked(valueShape[2] - (EffectiveSize(filtersShape[1], rate) - 1));
        }
        catch (OverflowException)
        {
            ho = wo = -1;
        }

        if (ho < 0 || wo < 0)
        {
            Argument_AtrousValidNegativeOutput(valueShape, filtersShape, rate, ho < 0, wo < 0);
        }

        return [valueShape[0], ho, wo, filtersShape[3]];
    }
}
