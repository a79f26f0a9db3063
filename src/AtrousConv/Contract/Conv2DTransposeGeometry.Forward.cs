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
            Argument("value",
                $"`input.shape.rank` must be >= than `num_spatial_dims + 2`. Received: input.shape={TupleShape(valueShape)} of rank {valueShape.Length} and num_spatial_dims=2. Expected [batch, height, width, in_channels].");
        }

        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, in_channels, out_channels]");
        RequireNonNegative(valueShape, "value");
        RequireNonNegative(filtersShape, "filters");
        if (valueShape[3] != filtersShape[2])
        {
            Argument("filters",
                $"The number of input channels is not divisible by the corresponding number of output filters. Received: input.shape={TupleShape(valueShape)} " +
                $"with {Inv(valueShape[3])} channels and filters.shape={TupleShape(filtersShape)} with {Inv(filtersShape[2])} output filters. Expected filters[2] = {Inv(valueShape[3])}.");
        }

        if (rate < 1)
        {
            OutOfRange(nameof(rate), rate, $"all values of `dilation_rate` must be positive. Received: dilation_rate=[{Inv(rate)} {Inv(rate)}]");
        }

        if (padding is not (Padding.Same or Padding.Valid))
        {
            OutOfRange(nameof(padding), padding, "padding must be Padding.Same or Padding.Valid.");
        }

        if (filtersShape[0] < 1 || filtersShape[1] < 1)
        {
            Argument("filters", $"filters.shape={TupleShape(filtersShape)} has a zero spatial size; expected filter_height >= 1 and filter_width >= 1.");
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
        if (strideHeight < 1 || strideWidth < 1 || dilationHeight < 1 || dilationWidth < 1)
        {
            OutOfRange("strides", $"[{strideHeight}, {strideWidth}], dilations [{dilationHeight}, {dilationWidth}]",
                $"Strides and dilations must be >= 1. Received: strides=[{strideHeight}, {strideWidth}], dilations=[{dilationHeight}, {dilationWidth}].");
        }

        string inputText = Shape(inputShape);
        long Axis(long x, long k, long s, long d)
        {
            long ke = EffectiveSize(k, d);
            long span = padding == Padding.Same ? x : x - ke + 1;
            if (span < 0)
            {
                Argument("input",
                    $"input.shape={inputText} is smaller than the dilated filter ({Inv(ke)}) under VALID padding; expected each spatial size >= {Inv(ke - 1)}.");
            }

            return (span + s - 1) / s;
        }

        long[] result;
        try
        {
            result = [inputShape[0], Axis(inputShape[1], filtersShape[0], strideHeight, dilationHeight), Axis(inputShape[2], filtersShape[1], strideWidth, dilationWidth), filtersShape[3]];
        }
        catch (OverflowException)
        {
            Argument("filters", $"The dilated filter size of filters.shape={Shape(filtersShape)} overflows 64-bit arithmetic.");
            throw;
        }

        return Create(result, filtersShape, inputShape, strideHeight, strideWidth, dilationHeight, dilationWidth, padding);
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
        if (rate < 1)
        {
            OutOfRange(nameof(rate), rate, $"all values of `dilation_rate` must be positive. Received: dilation_rate=[{Inv(rate)} {Inv(rate)}]");
        }

        if (padding == Padding.Same)
        {
            return [valueShape[0], valueShape[1], valueShape[2], filtersShape[3]];
        }

        long ho, wo;
        try
        {
            ho = valueShape[1] - (EffectiveSize(filtersShape[0], rate) - 1);
            wo = valueShape[2] - (EffectiveSize(filtersShape[1], rate) - 1);
        }
        catch (OverflowException)
        {
            ho = wo = -1;
        }

        if (ho < 0 || wo < 0)
        {
            Argument("value",
                $"VALID needs an input at least the dilated kernel minus one: value.shape={TupleShape(valueShape)}, filters {Inv(filtersShape[0])}x{Inv(filtersShape[1])}, rate {Inv(rate)} " +
                $"give an output of {(ho < 0 && wo < 0 ? "negative height and width" : ho < 0 ? "negative height" : "negative width")} (TensorFlow: cropped_shape must be non-negative). " +
                $"Expected height >= (kh - 1) * rate and width >= (kw - 1) * rate.");
        }

        return [valueShape[0], ho, wo, filtersShape[3]];
    }
}
