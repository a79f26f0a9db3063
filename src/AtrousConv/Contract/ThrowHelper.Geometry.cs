using System.Diagnostics.CodeAnalysis;

namespace AtrousConv.Contract;

/// <summary>
/// The contract's rejections, one method per rule: the geometry factories say which rule failed and these say it
/// to the caller (parameter, bad values, what was expected). TensorFlow's wording is kept where TensorFlow has one
/// (docs/tf-semantics.md), so a TensorFlow user recognises the error.
/// </summary>
internal static partial class ThrowHelper
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange_Padding(Padding padding) =>
        OutOfRange(nameof(padding), padding, "padding must be Padding.Same or Padding.Valid.");

    [DoesNotReturn]
    public static void Argument_Rank(string paramName, ReadOnlySpan<long> shape, int rank, string layout) =>
        Argument(paramName, $"{paramName} must be {rank}-dimensional {layout}, but {paramName}.shape={Shape(shape)} has rank {shape.Length}.");

    [DoesNotReturn]
    public static void Argument_NegativeDimension(string paramName, ReadOnlySpan<long> shape, long dimension) =>
        Argument(paramName, $"{paramName}.shape={Shape(shape)} has a negative dimension {Inv(dimension)}; every dimension must be >= 0.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Strides(long strideHeight, long strideWidth) =>
        OutOfRange("strides", $"[{Inv(strideHeight)}, {Inv(strideWidth)}]",
            $"Row and column strides should be larger than 0. Received: strides=[{Inv(strideHeight)}, {Inv(strideWidth)}]; expected both >= 1.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Dilations(long dilationHeight, long dilationWidth) =>
        OutOfRange("dilations", $"[{Inv(dilationHeight)}, {Inv(dilationWidth)}]",
            $"Dilation rates must be at least 1. Received: dilations=[{Inv(dilationHeight)}, {Inv(dilationWidth)}]; expected both >= 1.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_OutputShapeNegative(long[] output, int index) =>
        OutOfRange("output_shape", Shape(output),
            $"output_shape={Shape(output)} has a negative entry {Inv(output[index])} at index {index}; every entry must be >= 0.");

    [DoesNotReturn]
    public static void Argument_OutputShapeLength(ReadOnlySpan<long> outputShape) =>
        Argument("output_shape",
            $"Conv2DBackpropInput requires input_sizes to contain 4 values or 2 values, but got: {outputShape.Length} (output_shape={Shape(outputShape)}). " +
            "Expected [batch, height, width, out_channels] or [height, width].");

    [DoesNotReturn]
    public static void Argument_BatchMismatch(long[] output, ReadOnlySpan<long> valueShape) =>
        Argument("output_shape",
            $"input and out_backprop must have the same batch size: output_shape={Shape(output)} has batch {Inv(output[0])} " +
            $"but value.shape={Shape(valueShape)} has batch {Inv(valueShape[0])}. Expected output_shape[0] = {Inv(valueShape[0])}.");

    [DoesNotReturn]
    public static void Argument_FilterDepthZero(ReadOnlySpan<long> filtersShape) =>
        Argument("filters",
            $"filter depth must be strictly greater than zero: filters.shape={Shape(filtersShape)} has out_channels {Inv(filtersShape[2])}; expected >= 1.");

    [DoesNotReturn]
    public static void Argument_OutputChannelMismatch(long[] output, ReadOnlySpan<long> filtersShape) =>
        Argument("output_shape",
            $"output_shape={Shape(output)} has channel count {Inv(output[3])} but filters.shape={Shape(filtersShape)} has output channel count " +
            $"{Inv(filtersShape[2])} (dimension 2). Expected output_shape[3] = {Inv(filtersShape[2])}.");

    [DoesNotReturn]
    public static void Argument_InputChannelMismatch(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape) =>
        Argument("filters",
            $"filter and out_backprop must have the same out_depth: value.shape={Shape(valueShape)} has {Inv(valueShape[3])} channels but " +
            $"filters.shape={Shape(filtersShape)} has input channel count {Inv(filtersShape[3])} (dimension 3). Expected filters[3] = {Inv(valueShape[3])}.");

    [DoesNotReturn]
    public static void Argument_OutputShapeMismatch(
        long[] output, long[] value, ReadOnlySpan<long> filtersShape, (long H, long W) strides, (long H, long W) dilations, Padding padding, string complaints, long[] right) =>
        Argument("output_shape",
            $"output_shape={Shape(output)} does not fit value.shape={Shape(value)} with filters {Inv(filtersShape[0])}x{Inv(filtersShape[1])}, " +
            $"strides [{Inv(strides.H)}, {Inv(strides.W)}], dilations [{Inv(dilations.H)}, {Inv(dilations.W)}] and padding {Conv2DTransposeGeometry.PaddingName(padding)}: " +
            $"{complaints}The output_shape that would be right is {Shape(right)}.");

    /// <summary>One axis' part of <see cref="Argument_OutputShapeMismatch"/>: what was given and what is accepted.</summary>
    public static string OutputAxisComplaint(string axis, long x, long o, long ke, long lo, long hi)
    {
        string accepted = hi < lo ? "no output size" : lo == hi ? $"only {Inv(lo)}" : $"{Inv(lo)} to {Inv(hi)}";
        return $"the output {axis} {Inv(o)} does not match the value {axis} {Inv(x)} (dilated filter {axis} {Inv(ke)}; accepted output {axis}: {accepted}). ";
    }

    [DoesNotReturn]
    public static void Argument_ZeroSpatialFilterForNonEmptyResult(ReadOnlySpan<long> filtersShape, long[] output) =>
        Argument("filters",
            $"filters.shape={Shape(filtersShape)} has a zero spatial size, which TensorFlow only accepts for an empty result; " +
            $"output_shape={Shape(output)} is not empty. Expected filter_height >= 1 and filter_width >= 1.");

    [DoesNotReturn]
    public static void Argument_ZeroSpatialFilter(ReadOnlySpan<long> filtersShape) =>
        Argument("filters", $"filters.shape={TupleShape(filtersShape)} has a zero spatial size; expected filter_height >= 1 and filter_width >= 1.");

    [DoesNotReturn]
    public static void Argument_SizesOverflow(ReadOnlySpan<long> value, ReadOnlySpan<long> filters, ReadOnlySpan<long> output) =>
        Argument("output_shape",
            $"The tensor sizes overflow 64-bit arithmetic: value.shape={Shape(value)}, filters.shape={Shape(filters)}, output_shape={Shape(output)}.");

    [DoesNotReturn]
    public static void Argument_DilatedFilterOverflows(string axis, long filterSize, long dilation) =>
        Argument("filters", $"The dilated filter size ({Inv(filterSize)} - 1) * {Inv(dilation)} + 1 on the {axis} axis overflows 64-bit arithmetic; expected a smaller filter or dilation.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_StrideOverflows(string axis, long inputSize, long stride) =>
        OutOfRange("strides", stride,
            $"The {axis} stride {Inv(stride)} with a value {axis} of {Inv(inputSize)} needs an output {axis} of about {Inv(inputSize)} * {Inv(stride)}, " +
            "which overflows 64-bit arithmetic; expected a smaller stride.");

    [DoesNotReturn]
    public static void Argument_OutputSizeOverflows(ReadOnlySpan<long> valueShape) =>
        Argument("value", $"The output size of value.shape={Shape(valueShape)} overflows 64-bit arithmetic; expected smaller sizes, strides or dilations.");

    [DoesNotReturn]
    public static void Argument_AtrousConv2DValueRank(ReadOnlySpan<long> valueShape) =>
        Argument("value",
            $"`input.shape.rank` must be >= than `num_spatial_dims + 2`. Received: input.shape={TupleShape(valueShape)} of rank {valueShape.Length} and num_spatial_dims=2. Expected [batch, height, width, in_channels].");

    [DoesNotReturn]
    public static void Argument_AtrousConv2DChannelMismatch(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape) =>
        Argument("filters",
            $"The number of input channels is not divisible by the corresponding number of output filters. Received: input.shape={TupleShape(valueShape)} " +
            $"with {Inv(valueShape[3])} channels and filters.shape={TupleShape(filtersShape)} with {Inv(filtersShape[2])} output filters. Expected filters[2] = {Inv(valueShape[3])}.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_DilationRate(long rate) =>
        OutOfRange(nameof(rate), rate, $"all values of `dilation_rate` must be positive. Received: dilation_rate=[{Inv(rate)} {Inv(rate)}]");

    [DoesNotReturn]
    public static void Argument_AtrousChannelMismatch(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape) =>
        Argument("filters",
            $"`value` channel count must be compatible with `filters` input channel count. Received: value.shape={TupleShape(valueShape)} " +
            $"with channel count {Inv(valueShape[3])} and filters.shape={TupleShape(filtersShape)} with input channel count {Inv(filtersShape[3])}. " +
            $"Expected filters[3] = {Inv(valueShape[3])}.");

    [DoesNotReturn]
    public static void Argument_AtrousOutputShapeLength(long length) =>
        Argument("output_shape",
            $"`output_shape` must have shape (4,). Received: output_shape=({Inv(length)},). Expected [batch, height, width, out_channels].");

    /// <summary>TensorFlow's message prints filters.shape[3] although it compares with filters.shape[2]; we keep its text and add the truth.</summary>
    [DoesNotReturn]
    public static void Argument_AtrousOutputChannelMismatch(ReadOnlySpan<long> outputShape, ReadOnlySpan<long> filtersShape) =>
        Argument("output_shape",
            $"`output_shape` channel count must be compatible with `filters` output channel count. Received: output_shape={Shape(outputShape)} " +
            $"with channel count {Inv(outputShape[3])} and filters.shape={TupleShape(filtersShape)} with output channel count {Inv(filtersShape[3])}. " +
            $"Expected output_shape[3] = filters[2] = {Inv(filtersShape[2])}.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_AtrousRate(long rate) =>
        OutOfRange(nameof(rate), rate, $"`rate` cannot be less than one. Received: rate={Inv(rate)}");

    [DoesNotReturn]
    public static void Argument_InputSmallerThanDilatedFilter(ReadOnlySpan<long> inputShape, long dilatedFilter) =>
        Argument("input",
            $"input.shape={Shape(inputShape)} is smaller than the dilated filter ({Inv(dilatedFilter)}) under VALID padding; expected each spatial size >= {Inv(dilatedFilter - 1)}.");

    [DoesNotReturn]
    public static void Argument_FilterSizeOverflows(ReadOnlySpan<long> filtersShape) =>
        Argument("filters", $"The dilated filter size of filters.shape={Shape(filtersShape)} overflows 64-bit arithmetic; expected a smaller filter or dilation.");

    [DoesNotReturn]
    public static void Argument_AtrousValidNegativeOutput(ReadOnlySpan<long> valueShape, ReadOnlySpan<long> filtersShape, long rate, bool heightNegative, bool widthNegative) =>
        Argument("value",
            $"VALID needs an input at least the dilated kernel minus one: value.shape={TupleShape(valueShape)}, filters {Inv(filtersShape[0])}x{Inv(filtersShape[1])}, rate {Inv(rate)} " +
            $"give an output of {(heightNegative && widthNegative ? "negative height and width" : heightNegative ? "negative height" : "negative width")} (TensorFlow: cropped_shape must be non-negative). " +
            "Expected height >= (kh - 1) * rate and width >= (kw - 1) * rate.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_DecomposedBatch(long rate, long batch, long product) =>
        OutOfRange(nameof(rate), rate,
            $"rate={Inv(rate)} with batch {Inv(batch)} needs a space-to-batch batch of rate*rate*batch = " +
            $"{(product == long.MaxValue ? "more than 2^63" : Inv(product))}, beyond TensorFlow's int32 limit {Inv(Conv2DTransposeGeometry.MaxDecomposedBatch)}: " +
            "TensorFlow fails on this call (overflow or out of memory). Expected rate*rate*batch <= 2147483647.");
}
