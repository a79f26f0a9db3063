using System.Numerics.Tensors;
using AtrousConv.Contract;
using AtrousConv.Faces;
using AtrousConv.Kernels;

namespace AtrousConv;

/// <summary>The gradients of the ops: given the upstream gradient (shaped like the op's result), the gradients with
/// respect to <c>value</c> and to <c>filters</c>, as TensorFlow's GradientTape computes them.</summary>
public static partial class Convolution
{
    /// <summary>
    /// Gradients of <c>atrous_conv2d_transpose</c>: <paramref name="gradValue"/> = <c>atrous_conv2d(gradOutput, filters)</c>,
    /// <paramref name="gradFilters"/> = Σ over pixels of <c>value ⊗ gradOutput</c> at each tap.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>value</c>, <c>[batch, height, width, in_channels]</c>.</param>
    /// <param name="filters">The op's <c>filters</c>, <c>[filter_height, filter_width, out_channels, in_channels]</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result (its shape is the op's <c>output_shape</c>).</param>
    /// <param name="gradValue">Receives d loss / d value (shaped like <paramref name="value"/>).</param>
    /// <param name="gradFilters">Receives d loss / d filters (shaped like <paramref name="filters"/>).</param>
    /// <param name="rate">The op's rate.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The op's arguments are invalid, or a gradient buffer has the wrong shape.</exception>
    public static void AtrousConv2DTransposeGradients<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlyTensorSpan<T> gradOutput, in TensorSpan<T> gradValue, in TensorSpan<T> gradFilters,
        int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        Span<long> shapes = stackalloc long[24], keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
        ReadOnlySpan<long> v = TensorSpanAccess.ShapeOf(value, shapes[..8]), f = TensorSpanAccess.ShapeOf(filters, shapes[8..16]);
        ReadOnlySpan<long> o = TensorSpanAccess.ShapeOf(gradOutput, shapes[16..]);
        ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.AtrousTranspose, rate, 0, 0, 0, padding, v, f, o);
        if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry geometry))
        {
            geometry = GeometryMemo.Add(key, Conv2DTransposeGeometry.ForAtrous(v, f, o, rate, padding));
        }

        Gradients(geometry, forwardOp: false, value, filters, gradOutput, gradValue, gradFilters, options);
    }

    /// <summary>Gradients of <c>atrous_conv2d_transpose</c> into new tensors.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>value</c>.</param>
    /// <param name="filters">The op's <c>filters</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result.</param>
    /// <param name="rate">The op's rate.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>d loss / d value and d loss / d filters.</returns>
    /// <exception cref="ArgumentException">The op's arguments are invalid.</exception>
    public static (Tensor<T> GradValue, Tensor<T> GradFilters) AtrousConv2DTransposeGradients<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlyTensorSpan<T> gradOutput, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        var geometry = Conv2DTransposeGeometry.ForAtrous(TensorSpanAccess.Shape(value), TensorSpanAccess.Shape(filters), TensorSpanAccess.Shape(gradOutput), rate, padding);
        return GradientsNew(geometry, value, filters, gradOutput, options);
    }

    /// <summary>Gradients of <c>conv2d_transpose</c> with strides and dilations, into caller buffers.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>input</c>.</param>
    /// <param name="filters">The op's <c>filters</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result.</param>
    /// <param name="gradValue">Receives d loss / d value.</param>
    /// <param name="gradFilters">Receives d loss / d filters.</param>
    /// <param name="strides">The op's strides <c>[h, w]</c>.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="dilations">The op's dilations <c>[h, w]</c>; empty for 1.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The op's arguments are invalid, or a gradient buffer has the wrong shape.</exception>
    public static void Conv2DTransposeGradients<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlyTensorSpan<T> gradOutput, in TensorSpan<T> gradValue, in TensorSpan<T> gradFilters,
        ReadOnlySpan<int> strides, Padding padding, ReadOnlySpan<int> dilations = default, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        (long sh, long sw) = Pair(strides, nameof(strides));
        (long dh, long dw) = dilations.IsEmpty ? (1, 1) : Pair(dilations, nameof(dilations));
        Span<long> shapes = stackalloc long[24], keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
        ReadOnlySpan<long> v = TensorSpanAccess.ShapeOf(value, shapes[..8]), f = TensorSpanAccess.ShapeOf(filters, shapes[8..16]);
        ReadOnlySpan<long> o = TensorSpanAccess.ShapeOf(gradOutput, shapes[16..]);
        ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.Transpose, sh, sw, dh, dw, padding, v, f, o);
        if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry geometry))
        {
            geometry = GeometryMemo.Add(key, Conv2DTransposeGeometry.Create(v, f, o, sh, sw, dh, dw, padding));
        }

        Gradients(geometry, forwardOp: false, value, filters, gradOutput, gradValue, gradFilters, options);
    }

    /// <summary>Gradients of <c>conv2d_transpose</c> with strides and dilations, into new tensors.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>input</c>.</param>
    /// <param name="filters">The op's <c>filters</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result.</param>
    /// <param name="strides">The op's strides <c>[h, w]</c>.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="dilations">The op's dilations <c>[h, w]</c>; empty for 1.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>d loss / d value and d loss / d filters.</returns>
    /// <exception cref="ArgumentException">The op's arguments are invalid.</exception>
    public static (Tensor<T> GradValue, Tensor<T> GradFilters) Conv2DTransposeGradients<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlyTensorSpan<T> gradOutput,
        ReadOnlySpan<int> strides, Padding padding, ReadOnlySpan<int> dilations = default, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        return GradientsNew(TransposeGeometry(value, filters, TensorSpanAccess.Shape(gradOutput), strides, padding, dilations), value, filters, gradOutput, options);
    }

    /// <summary>
    /// Gradients of <c>atrous_conv2d</c>: <paramref name="gradValue"/> = <c>atrous_conv2d_transpose(gradOutput, filters)</c>,
    /// <paramref name="gradFilters"/> shaped like <c>filters</c> <c>[kh, kw, in_channels, out_channels]</c>.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>value</c>.</param>
    /// <param name="filters">The op's <c>filters</c>, <c>[kh, kw, in_channels, out_channels]</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result.</param>
    /// <param name="gradValue">Receives d loss / d value.</param>
    /// <param name="gradFilters">Receives d loss / d filters.</param>
    /// <param name="rate">The op's rate.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The op's arguments are invalid, or a buffer has the wrong shape.</exception>
    public static void AtrousConv2DGradients<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlyTensorSpan<T> gradOutput, in TensorSpan<T> gradValue, in TensorSpan<T> gradFilters,
        int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        Span<long> shapes = stackalloc long[24], keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
        ReadOnlySpan<long> vs = TensorSpanAccess.ShapeOf(value, shapes[..8]), fs = TensorSpanAccess.ShapeOf(filters, shapes[8..16]);
        ReadOnlySpan<long> gs = TensorSpanAccess.ShapeOf(gradOutput, shapes[16..]);
        ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.AtrousForward, rate, 0, 0, 0, padding, vs, fs, []);
        if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry adjoint))
        {
            adjoint = GeometryMemo.Add(key, Conv2DTransposeGeometry.ForAtrousConv2D(vs, fs, rate, padding));
        }

        TensorSpanAccess.RequireShape(adjoint.HasValueShape(gs), gs, adjoint, static g => g.ValueShape, nameof(gradOutput));
        Gradients(adjoint, forwardOp: true, value, filters, gradOutput, gradValue, gradFilters, options);
    }

    /// <summary>Gradients of <c>atrous_conv2d</c> into new tensors.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>value</c>.</param>
    /// <param name="filters">The op's <c>filters</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result.</param>
    /// <param name="rate">The op's rate.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>d loss / d value and d loss / d filters.</returns>
    /// <exception cref="ArgumentException">The op's arguments are invalid.</exception>
    public static (Tensor<T> GradValue, Tensor<T> GradFilters) AtrousConv2DGradients<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> filters, ReadOnlyTensorSpan<T> gradOutput, int rate, Padding padding, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        var adjoint = Conv2DTransposeGeometry.ForAtrousConv2D(TensorSpanAccess.Shape(value), TensorSpanAccess.Shape(filters), rate, padding);
        long[] gradOutputShape = TensorSpanAccess.Shape(gradOutput);
        TensorSpanAccess.RequireShape(adjoint.HasValueShape(gradOutputShape), gradOutputShape, adjoint, static g => g.ValueShape, nameof(gradOutput));
        Tensor<T> gradValue = TensorSpanAccess.NewTensor<T>(adjoint.OutputShape, nameof(value), out _, filledByKernel: true);
        Tensor<T> gradFilters = TensorSpanAccess.NewTensor<T>(adjoint.FiltersShape, nameof(filters), out _, filledByKernel: true);
        Gradients(adjoint, forwardOp: true, value, filters, gradOutput, gradValue.AsTensorSpan(), gradFilters.AsTensorSpan(), options);
        return (gradValue, gradFilters);
    }

    /// <summary>
    /// The filter gradient alone of <c>conv2d_transpose</c> (TensorFlow's <c>Conv2DBackpropFilter</c> with the roles of
    /// its inputs as in the transposed op): d loss / d filters for filters of <paramref name="filtersShape"/>.
    /// </summary>
    /// <typeparam name="T">float, double, Half, BFloat16 or int.</typeparam>
    /// <param name="value">The op's <c>input</c>.</param>
    /// <param name="gradOutput">The upstream gradient, shaped like the op's result.</param>
    /// <param name="filtersShape">The filters' shape <c>[kh, kw, Cout, Cin]</c>.</param>
    /// <param name="strides">The op's strides <c>[h, w]</c>.</param>
    /// <param name="padding">The op's padding.</param>
    /// <param name="dilations">The op's dilations <c>[h, w]</c>; empty for 1.</param>
    /// <param name="options">Threads and kernel; <see langword="null"/> for the defaults.</param>
    /// <returns>d loss / d filters.</returns>
    /// <exception cref="ArgumentException">The op's arguments are invalid.</exception>
    public static Tensor<T> Conv2DTransposeFilterGradient<T>(
        ReadOnlyTensorSpan<T> value, ReadOnlyTensorSpan<T> gradOutput, ReadOnlySpan<long> filtersShape,
        ReadOnlySpan<int> strides, Padding padding, ReadOnlySpan<int> dilations = default, ConvolutionOptions? options = null)
        where T : unmanaged
    {
        TensorSpanAccess.RequireSupported<T>(nameof(value));
        (long sh, long sw) = Pair(strides, nameof(strides));
        (long dh, long dw) = dilations.IsEmpty ? (1, 1) : Pair(dilations, nameof(dilations));
        var geometry = Conv2DTransposeGeometry.Create(TensorSpanAccess.Shape(value), filtersShape, TensorSpanAccess.Shape(gradOutput), sh, sw, dh, dw, padding);
        var run = new Run(options);
        TensorSpanAccess.RequireReadable(value, nameof(value));
        TensorSpanAccess.RequireReadable(gradOutput, nameof(gradOutput));
        Tensor<T> tensor = TensorSpanAccess.NewTensor(geometry.FiltersShape, nameof(filtersShape), out T[] result, filledByKernel: !geometry.HasNoTerms);
        if (!geometry.HasNoTerms)
        {
            ConvTransposeExecutor.FilterGradient(
                geometry, TensorSpanAccess.Flat(value, nameof(value)), TensorSpanAccess.Flat(gradOutput, nameof(gradOutput)), result, run.Variant, run.Threads);
        }

        return tensor;
    }

    private static Conv2DTransposeGeometry TransposeGeometry<T>(
        in ReadOnlyTensorSpan<T> value, in ReadOnlyTensorSpan<T> filters, long[] outputShape, ReadOnlySpan<int> strides, Padding padding, ReadOnlySpan<int> dilations)
    {
        (long sh, long sw) = Pair(strides, nameof(strides));
        (long dh, long dw) = dilations.IsEmpty ? (1, 1) : Pair(dilations, nameof(dilations));
        return Conv2DTransposeGeometry.Create(TensorSpanAccess.Shape(value), TensorSpanAccess.Shape(filters), outputShape, sh, sw, dh, dw, padding);
    }

    /// <summary>
    /// Both gradients of an op on <paramref name="geometry"/>: the transposed convolution (<paramref name="forwardOp"/>
    /// false) or its adjoint, the forward convolution (true). Each op's value gradient is the other direction applied
    /// to gradOutput; its filter gradient is the geometry's, with value and upstream gradient in the roles the
    /// direction gives them.
    /// </summary>
    private static void Gradients<T>(
        Conv2DTransposeGeometry geometry, bool forwardOp, in ReadOnlyTensorSpan<T> value, in ReadOnlyTensorSpan<T> filters, in ReadOnlyTensorSpan<T> gradOutput,
        in TensorSpan<T> gradValue, in TensorSpan<T> gradFilters, ConvolutionOptions? options)
        where T : unmanaged
    {
        var run = new Run(options);
        Span<long> shapes = stackalloc long[16];
        ReadOnlySpan<long> gvs = TensorSpanAccess.ShapeOf<T>(gradValue, shapes[..8]), gfs = TensorSpanAccess.ShapeOf<T>(gradFilters, shapes[8..]);
        bool valueShaped = forwardOp ? geometry.HasOutputShape(gvs) : geometry.HasValueShape(gvs);
        TensorSpanAccess.RequireShape(valueShaped, gvs, geometry, forwardOp ? static g => g.OutputShape : static g => g.ValueShape, nameof(gradValue));
        TensorSpanAccess.RequireShape(geometry.HasFiltersShape(gfs), gfs, geometry, static g => g.FiltersShape, nameof(gradFilters));
        TensorSpanAccess.RequireWritable(gradValue, nameof(gradValue));
        TensorSpanAccess.RequireWritable(gradFilters, nameof(gradFilters));
        if (TensorSpanAccess.Extent(gradValue).Overlaps(TensorSpanAccess.Extent(gradFilters)))
        {
            FaceThrowHelper.Argument_DestinationsOverlap(nameof(gradValue), nameof(gradFilters));
        }

        TensorSpanAccess.RequireReadable(value, nameof(value));
        TensorSpanAccess.RequireReadable(filters, nameof(filters));
        TensorSpanAccess.RequireReadable(gradOutput, nameof(gradOutput));
        if (geometry.HasNoTerms)
        {
            gradValue.Clear();
            gradFilters.Clear();
            return;
        }

        // Both results are computed before either is copied into a destination that overlaps an input, so the
        // second computation still reads the inputs the caller passed (docs/aliasing-and-special-values.md).
        ReadOnlySpan<T> v = TensorSpanAccess.Flat(value, nameof(value)), f = TensorSpanAccess.Flat(filters, nameof(filters)), g = TensorSpanAccess.Flat(gradOutput, nameof(gradOutput));
        Span<T> gv = TensorSpanAccess.Target(gradValue, v, f, g, out T[]? gvCopy);
        Span<T> gf = TensorSpanAccess.Target(gradFilters, v, f, g, out T[]? gfCopy);
        ConvTransposeExecutor.Execute(geometry, forwardOp ? ConvDirection.Transpose : ConvDirection.Adjoint, g, f, gv, run.Variant, run.Threads);
        if (forwardOp)
        {
            ConvTransposeExecutor.FilterGradient(geometry, g, v, gf, run.Variant, run.Threads);
        }
        else
        {
            ConvTransposeExecutor.FilterGradient(geometry, v, g, gf, run.Variant, run.Threads);
        }

        TensorSpanAccess.CopyBack(gvCopy, gradValue);
        TensorSpanAccess.CopyBack(gfCopy, gradFilters);
    }

    private static (Tensor<T> GradValue, Tensor<T> GradFilters) GradientsNew<T>(
        Conv2DTransposeGeometry geometry, in ReadOnlyTensorSpan<T> value, in ReadOnlyTensorSpan<T> filters, in ReadOnlyTensorSpan<T> gradOutput, ConvolutionOptions? options)
        where T : unmanaged
    {
        Tensor<T> gradValue = TensorSpanAccess.NewTensor<T>(geometry.ValueShape, nameof(value), out _, filledByKernel: true);
        Tensor<T> gradFilters = TensorSpanAccess.NewTensor<T>(geometry.FiltersShape, nameof(filters), out _, filledByKernel: true);
        Gradients(geometry, forwardOp: false, value, filters, gradOutput, gradValue.AsTensorSpan(), gradFilters.AsTensorSpan(), options);
        return (gradValue, gradFilters);
    }
}
