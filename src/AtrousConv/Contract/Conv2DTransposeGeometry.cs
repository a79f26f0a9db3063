using static AtrousConv.Contract.ThrowHelper;

namespace AtrousConv;

/// <summary>
/// The checked geometry of one transposed 2-D convolution (TensorFlow's <c>Conv2DBackpropInput</c>) in NHWC:
/// every size, stride, dilation and padding amount, validated once. Creating one is TensorFlow's whole
/// accept/reject decision; kernels receive it and trust it. Nothing here computes or allocates tensors.
/// </summary>
/// <remarks>
/// The op is <c>out[n, y, x, co] = Σ value[n, iy, ix, ci] · filters[i, j, co, ci]</c> over all
/// <c>iy·StrideHeight + i·DilationHeight − PadTop = y</c> and <c>ix·StrideWidth + j·DilationWidth − PadLeft = x</c>
/// that land inside the output. All sizes are 64-bit and every product is checked, so hostile arguments are
/// rejected instead of overflowing.
/// </remarks>
public sealed partial class Conv2DTransposeGeometry
{
    private Conv2DTransposeGeometry(long[] value, long[] filters, long[] output, long sh, long sw, long dh, long dw, Padding padding)
    {
        Batch = value[0];
        InputHeight = value[1];
        InputWidth = value[2];
        InputChannels = value[3];
        FilterHeight = filters[0];
        FilterWidth = filters[1];
        OutputHeight = output[1];
        OutputWidth = output[2];
        OutputChannels = output[3];
        StrideHeight = sh;
        StrideWidth = sw;
        DilationHeight = dh;
        DilationWidth = dw;
        Padding = padding;
        (PadTop, PadBottom) = ForwardPads(InputHeight, OutputHeight, EffectiveSize(FilterHeight, dh), sh, padding);
        (PadLeft, PadRight) = ForwardPads(InputWidth, OutputWidth, EffectiveSize(FilterWidth, dw), sw, padding);
        ValueElementCount = ElementCount(value);
        FilterElementCount = ElementCount(filters);
        OutputElementCount = ElementCount(output);
    }

    /// <summary>Batch size N (of both <c>value</c> and the output).</summary>
    public long Batch { get; }

    /// <summary>Height of <c>value</c>.</summary>
    public long InputHeight { get; }

    /// <summary>Width of <c>value</c>.</summary>
    public long InputWidth { get; }

    /// <summary>Channels of <c>value</c> (<c>filters</c> dimension 3).</summary>
    public long InputChannels { get; }

    /// <summary>Filter height <c>kh</c>.</summary>
    public long FilterHeight { get; }

    /// <summary>Filter width <c>kw</c>.</summary>
    public long FilterWidth { get; }

    /// <summary>Output height.</summary>
    public long OutputHeight { get; }

    /// <summary>Output width.</summary>
    public long OutputWidth { get; }

    /// <summary>Output channels (<c>filters</c> dimension 2).</summary>
    public long OutputChannels { get; }

    /// <summary>Vertical stride of the equivalent forward convolution.</summary>
    public long StrideHeight { get; }

    /// <summary>Horizontal stride of the equivalent forward convolution.</summary>
    public long StrideWidth { get; }

    /// <summary>Vertical dilation (the atrous rate).</summary>
    public long DilationHeight { get; }

    /// <summary>Horizontal dilation (the atrous rate).</summary>
    public long DilationWidth { get; }

    /// <summary>The padding scheme.</summary>
    public Padding Padding { get; }

    /// <summary>Rows of padding above the output in the equivalent forward convolution (TensorFlow's <c>pad_before</c>).</summary>
    public long PadTop { get; }

    /// <summary>Rows of padding below the output in the equivalent forward convolution.</summary>
    public long PadBottom { get; }

    /// <summary>Columns of padding left of the output in the equivalent forward convolution.</summary>
    public long PadLeft { get; }

    /// <summary>Columns of padding right of the output in the equivalent forward convolution.</summary>
    public long PadRight { get; }

    /// <summary>The dilated filter height <c>(kh − 1)·dh + 1</c>.</summary>
    public long EffectiveFilterHeight => EffectiveSize(FilterHeight, DilationHeight);

    /// <summary>The dilated filter width <c>(kw − 1)·dw + 1</c>.</summary>
    public long EffectiveFilterWidth => EffectiveSize(FilterWidth, DilationWidth);

    /// <summary>Elements of <c>value</c>.</summary>
    public long ValueElementCount { get; }

    /// <summary>Elements of <c>filters</c>.</summary>
    public long FilterElementCount { get; }

    /// <summary>Elements of the output.</summary>
    public long OutputElementCount { get; }

    /// <summary>
    /// Whether an operand or the result has no elements. Then every direction's result (output, value gradient,
    /// filter gradient) is all zeros (or empty) whatever the other dimensions say: the faces fill it and return
    /// without calling a kernel, so an empty operand costs no work and no workspace.
    /// </summary>
    internal bool HasNoTerms => ValueElementCount == 0 || FilterElementCount == 0 || OutputElementCount == 0;

    /// <summary><c>value</c>'s shape <c>[N, H, W, Cin]</c>.</summary>
    public long[] ValueShape => [Batch, InputHeight, InputWidth, InputChannels];

    /// <summary><c>filters</c>' shape <c>[kh, kw, Cout, Cin]</c>.</summary>
    public long[] FiltersShape => [FilterHeight, FilterWidth, OutputChannels, InputChannels];

    /// <summary>The output's shape <c>[N, Ho, Wo, Cout]</c>.</summary>
    public long[] OutputShape => [Batch, OutputHeight, OutputWidth, OutputChannels];

    /// <summary>Whether <paramref name="shape"/> is <see cref="OutputShape"/> (without allocating).</summary>
    internal bool HasOutputShape(ReadOnlySpan<long> shape) =>
        shape.Length == 4 && shape[0] == Batch && shape[1] == OutputHeight && shape[2] == OutputWidth && shape[3] == OutputChannels;

    /// <summary>Whether <paramref name="shape"/> is <see cref="ValueShape"/> (without allocating).</summary>
    internal bool HasValueShape(ReadOnlySpan<long> shape) =>
        shape.Length == 4 && shape[0] == Batch && shape[1] == InputHeight && shape[2] == InputWidth && shape[3] == InputChannels;

    /// <summary>Whether <paramref name="shape"/> is <see cref="FiltersShape"/> (without allocating).</summary>
    internal bool HasFiltersShape(ReadOnlySpan<long> shape) =>
        shape.Length == 4 && shape[0] == FilterHeight && shape[1] == FilterWidth && shape[2] == OutputChannels && shape[3] == InputChannels;

    /// <summary>
    /// Validates a <c>conv2d_transpose</c> call (TensorFlow's <c>Conv2DBackpropInput</c> with <c>strides</c> and
    /// <c>dilations</c>) and returns its geometry. Accepts exactly the arguments TensorFlow 2.21 accepts.
    /// </summary>
    /// <param name="valueShape"><c>[N, H, W, Cin]</c>.</param>
    /// <param name="filtersShape"><c>[kh, kw, Cout, Cin]</c>.</param>
    /// <param name="outputShape"><c>[N, Ho, Wo, Cout]</c>, or <c>[Ho, Wo]</c> (batch from <c>value</c>, channels from <c>filters</c>, as TensorFlow does).</param>
    /// <param name="strideHeight">Vertical stride, ≥ 1.</param>
    /// <param name="strideWidth">Horizontal stride, ≥ 1.</param>
    /// <param name="dilationHeight">Vertical dilation, ≥ 1.</param>
    /// <param name="dilationWidth">Horizontal dilation, ≥ 1.</param>
    /// <param name="padding"><see cref="Padding.Same"/> or <see cref="Padding.Valid"/>.</param>
    /// <exception cref="ArgumentException">The arguments are not a valid call; the message says which and what was expected.</exception>
    public static Conv2DTransposeGeometry Create(
        ReadOnlySpan<long> valueShape,
        ReadOnlySpan<long> filtersShape,
        ReadOnlySpan<long> outputShape,
        long strideHeight,
        long strideWidth,
        long dilationHeight,
        long dilationWidth,
        Padding padding)
    {
        if (padding is not (Padding.Same or Padding.Valid))
        {
            ArgumentOutOfRange_Padding(padding);
        }

        RequireRank(valueShape, 4, "value", "[batch, height, width, in_channels]");
        RequireRank(filtersShape, 4, "filters", "[filter_height, filter_width, out_channels, in_channels]");
        RequireNonNegative(valueShape, "value");
        RequireNonNegative(filtersShape, "filters");
        RequireStridesAndDilations(strideHeight, strideWidth, dilationHeight, dilationWidth);
        long[] output = ExpandOutputShape(outputShape, valueShape, filtersShape);
        for (int d = 0; d < 4; d++)
        {
            if (output[d] < 0)
            {
                ArgumentOutOfRange_OutputShapeNegative(output, d);
            }
        }

        if (output[0] != valueShape[0])
        {
            Argument_BatchMismatch(output, valueShape);
        }

        if (filtersShape[2] < 1)
        {
            Argument_FilterDepthZero(filtersShape);
        }

        if (output[3] != filtersShape[2])
        {
            Argument_OutputChannelMismatch(output, filtersShape);
        }

        if (valueShape[3] != filtersShape[3])
        {
            Argument_InputChannelMismatch(valueShape, filtersShape);
        }

        long[] value = valueShape.ToArray();
        long expectedH = CheckAxis("height", value[1], output[1], filtersShape[0], strideHeight, dilationHeight, padding);
        long expectedW = CheckAxis("width", value[2], output[2], filtersShape[1], strideWidth, dilationWidth, padding);
        if (expectedH != output[1] || expectedW != output[2])
        {
            Argument_OutputShapeMismatch(
                output, value, filtersShape, (strideHeight, strideWidth), (dilationHeight, dilationWidth), padding,
                AxisComplaint("height", value[1], output[1], expectedH, filtersShape[0], strideHeight, dilationHeight, padding) +
                AxisComplaint("width", value[2], output[2], expectedW, filtersShape[1], strideWidth, dilationWidth, padding),
                [output[0], expectedH, expectedW, output[3]]);
        }

        bool emptyResult = output[0] == 0 || output[1] == 0 || output[2] == 0 || output[3] == 0;
        if ((filtersShape[0] == 0 || filtersShape[1] == 0) && !emptyResult)
        {
            Argument_ZeroSpatialFilterForNonEmptyResult(filtersShape, output);
        }

        try
        {
            return new Conv2DTransposeGeometry(value, filtersShape.ToArray(), output, strideHeight, strideWidth, dilationHeight, dilationWidth, padding);
        }
        catch (OverflowException)
        {
            Argument_SizesOverflow(value, filtersShape, output);
            throw; // unreachable: the helper never returns.
        }
    }

    /// <summary>
    /// TensorFlow's <c>pad_before</c>/<c>pad_after</c> of the forward convolution whose gradient this is
    /// (kernel_shape_util.cc: <c>pad_needed = max(0, (x − 1)·s + ke − o)</c>, the odd pixel after).
    /// </summary>
    internal static (long Before, long After) ForwardPads(long x, long o, long ke, long s, Padding padding)
    {
        if (padding == Padding.Valid)
        {
            return (0, 0);
        }

        // Written as ke - (o - (x - 1)·s): for an accepted o the bracket is in [1, s] (SAME; s when x = 0), so nothing
        // overflows even where (x - 1)·s + ke would, and a negative need (a zero-size filter: ke = 1 - d) is 0.
        long reach = checked(o - ((x - 1) * s));
        long needed = ke <= reach ? 0 : ke - reach;
        return (needed / 2, needed - (needed / 2));
    }

    internal static long EffectiveSize(long k, long d) => k == 0 ? 1 - d : checked(((k - 1) * d) + 1);

    internal static string PaddingName(Padding padding) => padding == Padding.Same ? "SAME" : "VALID";

    /// <summary>
    /// Returns the output size TensorFlow would accept on this axis that is closest to <paramref name="o"/>
    /// (so <paramref name="o"/> itself when it is accepted). SAME: <c>ceil(o / s) == x</c>; VALID:
    /// <c>q = trunc((o − ke + s) / s)</c> with <c>q ≥ 0</c> and <c>q == x</c>.
    /// </summary>
    private static long CheckAxis(string axis, long x, long o, long k, long s, long d, Padding padding)
    {
        long ke;
        try
        {
            ke = EffectiveSize(k, d);
        }
        catch (OverflowException)
        {
            Argument_DilatedFilterOverflows(axis, k, d);
            throw;
        }

        (Int128 lo, Int128 hi) = AcceptedRangeExact(x, ke, s, padding);
        if (lo > long.MaxValue)
        {
            // Even the smallest accepted output size exceeds 64 bits: no output_shape can fit, and the input size
            // times the stride is what made it so (or, with a huge dilated filter, that filter).
            if ((((Int128)(x - 1)) * s) + 1 > long.MaxValue)
            {
                ArgumentOutOfRange_StrideOverflows(axis, x, s);
            }

            Argument_DilatedFilterOverflows(axis, k, d);
        }

        return Math.Clamp(o, (long)lo, (long)Int128.Max(lo, Int128.Min(hi, long.MaxValue)));
    }

    /// <summary>
    /// The closed range of output sizes TensorFlow accepts for an input size <paramref name="x"/>, the upper end
    /// saturated at <see cref="long.MaxValue"/> (no output size is larger). Only for a range whose lower end fits.
    /// </summary>
    internal static (long Lo, long Hi) AcceptedRange(long x, long ke, long s, Padding padding)
    {
        (Int128 lo, Int128 hi) = AcceptedRangeExact(x, ke, s, padding);
        return ((long)Int128.Min(lo, long.MaxValue), (long)Int128.Min(hi, long.MaxValue));
    }

    /// <summary>The accepted range in 128-bit arithmetic, where no product of two 64-bit sizes overflows.</summary>
    private static (Int128 Lo, Int128 Hi) AcceptedRangeExact(Int128 x, Int128 ke, Int128 s, Padding padding)
    {
        if (padding == Padding.Same)
        {
            // ceil(o / s) == x, o >= 0.
            return x == 0 ? (0, 0) : (((x - 1) * s) + 1, x * s);
        }

        // trunc((o - ke + s) / s) == x and >= 0. For x >= 1 the numerator is positive: o in [(x-1)s + ke, xs + ke - 1].
        // For x == 0 truncation toward zero accepts -s < o - ke + s < s, i.e. o in [ke - 2s + 1, ke - 1], and o >= 0.
        if (x == 0)
        {
            return (Int128.Max(0, ke - (2 * s) + 1), ke - 1);
        }

        return (Int128.Max(0, ((x - 1) * s) + ke), (x * s) + ke - 1);
    }

    private static string AxisComplaint(string axis, long x, long o, long expected, long k, long s, long d, Padding padding)
    {
        if (o == expected)
        {
            return string.Empty;
        }

        long ke = EffectiveSize(k, d);
        (long lo, long hi) = AcceptedRange(x, ke, s, padding);
        return OutputAxisComplaint(axis, x, o, ke, lo, hi);
    }

    private static long[] ExpandOutputShape(ReadOnlySpan<long> outputShape, ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape)
    {
        if (outputShape.Length == 2)
        {
            // TensorFlow's Conv2DBackpropComputeInputShape: [H, W] means [value.N, H, W, filters[2]].
            return [valueShape[0], outputShape[0], outputShape[1], filtersShape[2]];
        }

        if (outputShape.Length != 4)
        {
            Argument_OutputShapeLength(outputShape);
        }

        return outputShape.ToArray();
    }

    /// <summary>
    /// The element count of a shape whose dimensions are non-negative: 0 as soon as one dimension is 0 (TensorFlow's
    /// rule too, so <c>[2^40, 2^40, 0]</c> is a valid empty shape), else the checked 64-bit product.
    /// </summary>
    /// <exception cref="OverflowException">A shape without zeros whose product exceeds 64 bits (callers turn it into an ArgumentException).</exception>
    internal static long ElementCount(ReadOnlySpan<long> shape)
    {
        if (shape.Contains(0))
        {
            return 0;
        }

        long count = 1;
        foreach (long d in shape)
        {
            count = checked(count * d);
        }

        return count;
    }

    internal static void RequireRank(ReadOnlySpan<long> shape, int rank, string paramName, string layout)
    {
        if (shape.Length != rank)
        {
            Argument_Rank(paramName, shape, rank, layout);
        }
    }

    /// <summary>Strides first, then dilations, each blamed on its own parameter.</summary>
    internal static void RequireStridesAndDilations(long strideHeight, long strideWidth, long dilationHeight, long dilationWidth)
    {
        if (strideHeight < 1 || strideWidth < 1)
        {
            ArgumentOutOfRange_Strides(strideHeight, strideWidth);
        }

        if (dilationHeight < 1 || dilationWidth < 1)
        {
            ArgumentOutOfRange_Dilations(dilationHeight, dilationWidth);
        }
    }

    internal static void RequireNonNegative(ReadOnlySpan<long> shape, string paramName)
    {
        foreach (long d in shape)
        {
            if (d < 0)
            {
                Argument_NegativeDimension(paramName, shape, d);
            }
        }
    }
}
