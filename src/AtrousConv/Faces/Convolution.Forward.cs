using System.Numerics.Tensors;
using AtrousConv.Contract;
using AtrousConv.Faces;
using AtrousConv.Kernels;

namespace AtrousConv;

public static partial class Convolution
{
    /// <summary>
    /// <c>tf.nn.atrous_conv2d</c>: the forward atrous (dilated) convolution, written into <paramref name="destination"/>.
    /// It is also the gradient of <see cref="AtrousConv2DTranspose{T}(ReadOnlyTensorSpan{T}, ReadOnlyTensorSpan{T}, in TensorSpan{T}, int, Padding, ConvolutionOptions?)"/>
    /// with respect to its <c>value</c>.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, in_channels, out_channels]</c> (TensorFlow's forward layout).</param>
    /// <param name="destination">SAME: <c>[batch, height, width, out_channels]</c>; VALID: height and width shrink by <c>(k − 1)·rate</c>.</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static void AtrousConv2D<T>(ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, in TensorSpan<T> destination, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        Span<long> shapes = stackalloc long[24], keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
        ReadOnlySpan<long> vs = TensorSpanAccess.ShapeOf(value, shapes[..8]), fs = TensorSpanAccess.ShapeOf(filters, shapes[8..16]);
        ReadOnlySpan<long> ds = TensorSpanAccess.ShapeOf<T>(destination, shapes[16..]);
        ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.AtrousForward, rate, 0, 0, 0, padding, vs, fs, []);
        if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry adjoint))
        {
            adjoint = GeometryMemo.Add(key, Conv2DTransposeGeometry.ForAtrousConv2D(vs, fs, rate, padding));
        }

        TensorSpanAccess.RequireShape(adjoint.HasValueShape(ds), ds, adjoint, static g => g.ValueShape, nameof(destination));
        ExecuteInto(adjoint, ConvDirection.Adjoint, value, nameof(value), filters, destination, nameof(destination), options);
    }

    /// <summary><c>tf.nn.atrous_conv2d</c> into a new tensor.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, in_channels, out_channels]</c>.</param>
    /// <param name="rate">The dilation rate, ≥ 1.</param>
    /// <param name="padding">SAME or VALID.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static Tensor<T> AtrousConv2D<T>(ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        var adjoint = Conv2DTransposeGeometry.ForAtrousConv2D(TensorSpanAccess.Shape(value), TensorSpanAccess.Shape(filters), rate, padding);
        return ExecuteNew(adjoint, ConvDirection.Adjoint, value, nameof(value), filters, adjoint.ValueShape, nameof(value), options);
    }

    /// <summary>
    /// <c>tf.nn.conv2d</c> with strides and dilations (NHWC), into a new tensor: the adjoint of
    /// <see cref="Conv2DTranspose{T}(ReadOnlyTensorSpan{T}, ReadOnlyTensorSpan{T}, ReadOnlySpan{long}, ReadOnlySpan{int}, Padding, ReadOnlySpan{int}, ConvolutionOptions?)"/>
    /// and the gradient of <c>conv2d_transpose</c> with respect to its input.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="input"><c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters"><c>[filter_height, filter_width, in_channels, out_channels]</c>.</param>
    /// <param name="strides"><c>[stride_height, stride_width]</c>.</param>
    /// <param name="padding">SAME (result <c>ceil(H / s)</c>) or VALID (<c>ceil((H − ke + 1) / s)</c>).</param>
    /// <param name="dilations"><c>[dilation_height, dilation_width]</c>; empty for 1.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Invalid arguments; the message says what was expected.</exception>
    public static Tensor<T> Conv2D<T>(
        ReadOnlyTensorSpan<T> input, ReadOnlyTensorSpan<T> filters, ReadOnlySpan<int> strides, Padding padding, ReadOnlySpan<int> dilations = default, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(input));
        (long sh, long sw) = Pair(strides, nameof(strides));
        (long dh, long dw) = dilations.IsEmpty ? (1, 1) : Pair(dilations, nameof(dilations));
        var adjoint = Conv2DTransposeGeometry.ForConv2D(TensorSpanAccess.Shape(input), TensorSpanAccess.Shape(filters), sh, sw, dh, dw, padding);
        return ExecuteNew(adjoint, ConvDirection.Adjoint, input, nameof(input), filters, adjoint.ValueShape, nameof(input), options);
    }
}
