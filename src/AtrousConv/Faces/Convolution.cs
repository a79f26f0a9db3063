using System.Numerics.Tensors;
using AtrousConv.Contract;
using AtrousConv.Faces;
using AtrousConv.Kernels;

namespace AtrousConv;

/// <summary>
/// The .NET face of the ops: generic tensor spans in NHWC, <see cref="Padding"/>, overloads that write into a
/// caller's <see cref="TensorSpan{T}"/> (no allocation for dense spans) or return a new <see cref="Tensor{T}"/>.
/// Element types: <see cref="float"/>, <see cref="double"/>, <see cref="Half"/> and <see cref="BFloat16"/>
/// (both computed in float32, rounded once), <see cref="int"/> (wrapping, as TensorFlow's int32).
/// Every argument is validated before anything is written; on an exception the destination is untouched.
/// </summary>
public static partial class Convolution
{
    /// <summary>
    /// <c>tf.nn.atrous_conv2d_transpose</c>: the transpose of the atrous (dilated) convolution, written into
    /// <paramref name="destination"/>, whose shape is TensorFlow's <c>output_shape</c>.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
    /// <param name="destination"><c>[batch, out_height, out_width, out_channels]</c>: SAME needs the value's height and width, VALID adds <c>(k − 1)·rate</c>.</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static void AtrousConv2DTranspose<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, in TensorSpan<T> destination, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        Span<long> shapes = stackalloc long[24], keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
        ReadOnlySpan<long> v = TensorSpanAccess.ShapeOf(value, shapes[..8]), f = TensorSpanAccess.ShapeOf(filters, shapes[8..16]);
        ReadOnlySpan<long> o = TensorSpanAccess.ShapeOf<T>(destination, shapes[16..]);
        ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.AtrousTranspose, rate, 0, 0, 0, padding, v, f, o);
        if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry geometry))
        {
            geometry = GeometryMemo.Add(key, Conv2DTransposeGeometry.ForAtrous(v, f, o, rate, padding));
        }

        Execute(geometry, value, filters, destination, o, options);
    }

    /// <summary><c>tf.nn.atrous_conv2d_transpose</c> into a new tensor of the inferred output shape (unique at stride 1).</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>The result, <c>[batch, out_height, out_width, out_channels]</c>.</returns>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static Tensor<T> AtrousConv2DTranspose<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        long[] valueShape = TensorSpanAccess.Shape(value), filtersShape = TensorSpanAccess.Shape(filters);
        long[] outputShape = Conv2DTransposeGeometry.InferAtrousOutputShape(valueShape, filtersShape, rate, padding);
        return AtrousConv2DTranspose(value, filters, outputShape, rate, padding, options);
    }

    /// <summary><c>tf.nn.atrous_conv2d_transpose</c> with TensorFlow's explicit <c>output_shape</c>, into a new tensor.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
    /// <param name="outputShape"><c>[batch, out_height, out_width, out_channels]</c> (with rate 1 also <c>[out_height, out_width]</c>, as TensorFlow allows).</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static Tensor<T> AtrousConv2DTranspose<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlySpan<long> outputShape, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        var geometry = Conv2DTransposeGeometry.ForAtrous(TensorSpanAccess.Shape(value), TensorSpanAccess.Shape(filters), outputShape, rate, padding);
        return ExecuteNew(geometry, value, filters, options);
    }

    /// <summary>
    /// <c>tf.nn.conv2d_transpose</c> with strides and per-axis dilations (TensorFlow's <c>Conv2DBackpropInput</c>),
    /// written into <paramref name="destination"/>, whose shape is TensorFlow's <c>output_shape</c>. Unlike
    /// TensorFlow's default CPU kernel, dilations above 1 run, also together with strides.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
    /// <param name="destination"><c>[batch, out_height, out_width, out_channels]</c>.</param>
    /// <param name="strides"><c>[stride_height, stride_width]</c>, each ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="dilations"><c>[dilation_height, dilation_width]</c>, each ≥ 1; empty for <c>[1, 1]</c>.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static void Conv2DTranspose<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, in TensorSpan<T> destination, ReadOnlySpan<int> strides, Padding padding,
        ReadOnlySpan<int> dilations = default, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        (long sh, long sw) = Pair(strides, nameof(strides));
        (long dh, long dw) = dilations.IsEmpty ? (1, 1) : Pair(dilations, nameof(dilations));
        Span<long> shapes = stackalloc long[24], keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
        ReadOnlySpan<long> v = TensorSpanAccess.ShapeOf(value, shapes[..8]), f = TensorSpanAccess.ShapeOf(filters, shapes[8..16]);
        ReadOnlySpan<long> o = TensorSpanAccess.ShapeOf<T>(destination, shapes[16..]);
        ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.Transpose, sh, sw, dh, dw, padding, v, f, o);
        if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry geometry))
        {
            geometry = GeometryMemo.Add(key, Conv2DTransposeGeometry.Create(v, f, o, sh, sw, dh, dw, padding));
        }

        Execute(geometry, value, filters, destination, o, options);
    }

    /// <summary><c>tf.nn.conv2d_transpose</c> with an explicit <c>output_shape</c>, into a new tensor.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
    /// <param name="outputShape"><c>[batch, out_height, out_width, out_channels]</c> or <c>[out_height, out_width]</c>.</param>
    /// <param name="strides"><c>[stride_height, stride_width]</c>, each ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="dilations"><c>[dilation_height, dilation_width]</c>, each ≥ 1; empty for <c>[1, 1]</c>.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static Tensor<T> Conv2DTranspose<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlySpan<long> outputShape, ReadOnlySpan<int> strides, Padding padding,
        ReadOnlySpan<int> dilations = default, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        (long sh, long sw) = Pair(strides, nameof(strides));
        (long dh, long dw) = dilations.IsEmpty ? (1, 1) : Pair(dilations, nameof(dilations));
        var geometry = Conv2DTransposeGeometry.Create(TensorSpanAccess.Shape(value), TensorSpanAccess.Shape(filters), outputShape, sh, sw, dh, dw, padding);
        return ExecuteNew(geometry, value, filters, options);
    }

    /// <summary>Runs a geometry validated by the caller into <paramref name="destination"/>.</summary>
    private static void Execute<T>(
        Conv2DTransposeGeometry geometry, in ReadOnlyTensorSpan<T> value, in ReadOnlyTensorSpan<T> filters, in TensorSpan<T> destination, ReadOnlySpan<long> destinationShape, ConvolutionOptions? options)
        where T : unmanaged
    {
        TensorSpanAccess.RequireShape(geometry.HasOutputShape(destinationShape), destinationShape, geometry, static g => g.OutputShape, "output_shape");
        ExecuteInto(geometry, ConvDirection.Transpose, value, nameof(value), filters, destination, nameof(destination), options);
    }

    /// <summary>
    /// Runs one direction of a geometry into a destination whose shape the caller checked: every other check first
    /// (options, sizes, the destination's layout), then zeros for an empty operand without calling a kernel, else
    /// the kernel, through a temporary when the destination overlaps an input.
    /// </summary>
    private static void ExecuteInto<T>(
        Conv2DTransposeGeometry geometry, ConvDirection direction, in ReadOnlyTensorSpan<T> input, string inputName, in ReadOnlyTensorSpan<T> filters,
        in TensorSpan<T> destination, string destinationName, ConvolutionOptions? options)
        where T : unmanaged
    {
        var run = new Run(options);
        TensorSpanAccess.RequireWritable(destination, destinationName);
        TensorSpanAccess.RequireReadable(input, inputName);
        TensorSpanAccess.RequireReadable(filters, nameof(filters));
        if (geometry.HasNoTerms)
        {
            destination.Clear();
            return;
        }

        ReadOnlySpan<T> v = TensorSpanAccess.Flat(input, inputName), f = TensorSpanAccess.Flat(filters, nameof(filters));

        Span<T> target = TensorSpanAccess.Target(destination, v, f, default, out T[]? copy);
        ConvTransposeExecutor.Execute(geometry, direction, v, f, target, run.Variant, run.Threads);
        TensorSpanAccess.CopyBack(copy, destination);
    }

    /// <summary>Runs one direction of a geometry into a new tensor of <paramref name="resultShape"/> (zeros, without a kernel, for an empty operand).</summary>
    private static Tensor<T> ExecuteNew<T>(
        Conv2DTransposeGeometry geometry, ConvDirection direction, in ReadOnlyTensorSpan<T> input, string inputName, in ReadOnlyTensorSpan<T> filters, long[] resultShape, string resultName, ConvolutionOptions? options)
        where T : unmanaged
    {
        var run = new Run(options);
        TensorSpanAccess.RequireReadable(input, inputName);
        TensorSpanAccess.RequireReadable(filters, nameof(filters));
        Tensor<T> tensor = TensorSpanAccess.NewTensor(resultShape, resultName, out T[] result, filledByKernel: !geometry.HasNoTerms);
        if (!geometry.HasNoTerms)
        {
            ConvTransposeExecutor.Execute(geometry, direction, TensorSpanAccess.Flat(input, inputName), TensorSpanAccess.Flat(filters, nameof(filters)), result, run.Variant, run.Threads);
        }

        return tensor;
    }

    private static Tensor<T> ExecuteNew<T>(Conv2DTransposeGeometry geometry, in ReadOnlyTensorSpan<T> value, in ReadOnlyTensorSpan<T> filters, ConvolutionOptions? options)
        where T : unmanaged =>
        ExecuteNew(geometry, ConvDirection.Transpose, value, nameof(value), filters, geometry.OutputShape, "output_shape", options);

    /// <summary>The resolved options of one call, checked before anything is written.</summary>
    private readonly struct Run
    {
        public Run(ConvolutionOptions? options)
        {
            options ??= ConvolutionOptions.Default;
            Variant = KernelSelector.Resolve(options.Kernel);
            Threads = KernelSelector.Threads(options);
        }

        public KernelVariant Variant { get; }

        public int Threads { get; }
    }

    private static (long, long) Pair(ReadOnlySpan<int> values, string paramName)
    {
        if (values.Length != 2)
        {
            FaceThrowHelper.Argument_PairLength(paramName, values);
        }

        return (values[0], values[1]);
    }
}
