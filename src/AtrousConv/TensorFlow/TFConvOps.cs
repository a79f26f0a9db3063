using AtrousConv.Contract;

namespace AtrousConv.TensorFlow;

/// <summary>
/// Conv2DBackpropInput (the transposed convolution), Conv2D (its adjoint) and Conv2DBackpropFilter, NHWC, with
/// strides, dilations and SAME/VALID padding. Each is one validated geometry of the contract and one call of our
/// kernel through the .NET face's validated entry (no re-validation, no copies); the geometry is validated when
/// the node is built if every shape is known then, else once per new shapes at run.
/// </summary>
internal static class TFConvOps
{
    public static readonly TFOpDef Conv2DBackpropInput = new(
        "Conv2DBackpropInput",
        op =>
        {
            TFTensor sizes = op.InputArray[0], filter = op.InputArray[1], grad = op.InputArray[2];
            long[] shape = sizes.Known is { Length: 4 } k ? Array.ConvertAll(k, v => v ?? -1)
                : sizes.Known is { Length: 2 } hw ? [Dim(grad, 0), hw[0] ?? -1, hw[1] ?? -1, Dim(filter, 2)]
                : [Dim(grad, 0), -1, -1, Dim(filter, 2)];
            Conv2DTransposeGeometry? g = op.Geometry;
            if (g is null && sizes.KnownValue is { } outputShape && TFShapes.IsFullyDefined(grad.Dims) && TFShapes.IsFullyDefined(filter.Dims))
            {
                g = Create(op, grad.Dims!, filter.Dims!, outputShape);
            }

            return new TFInferred(op.Attr<TFDataType>("T"), g?.OutputShape ?? shape, Geometry: g);
        },
        (op, inputs) => BackpropInput(op, inputs, null),
        BackpropInput);

    public static readonly TFOpDef Conv2D = new(
        "Conv2D",
        op =>
        {
            TFTensor input = op.InputArray[0], filter = op.InputArray[1];
            Conv2DTransposeGeometry? g = op.Geometry;
            if (g is null && TFShapes.IsFullyDefined(input.Dims) && TFShapes.IsFullyDefined(filter.Dims))
            {
                g = Forward(op, input.Dims!, filter.Dims!);
            }

            long[] shape = g?.ValueShape ?? [Dim(input, 0), -1, -1, Dim(filter, 3)];
            if (g is null && input.Dims is [< 0, >= 0, >= 0, >= 0] && TFShapes.IsFullyDefined(filter.Dims))
            {
                // Only the batch is unknown: the spatial result is that of any batch (TensorFlow's shape function).
                shape = [-1, .. Forward(op, [1, .. input.Dims![1..]], filter.Dims!).ValueShape[1..]];
            }

            return new TFInferred(op.Attr<TFDataType>("T"), shape, Geometry: g);
        },
        (op, inputs) => Conv(op, inputs, null),
        Conv);

    public static readonly TFOpDef Conv2DBackpropFilter = new(
        "Conv2DBackpropFilter",
        op =>
        {
            TFTensor input = op.InputArray[0], sizes = op.InputArray[1], grad = op.InputArray[2];
            Conv2DTransposeGeometry? g = op.Geometry;
            if (g is null && sizes.KnownValue is { Length: 4 } filterShape && TFShapes.IsFullyDefined(input.Dims) && TFShapes.IsFullyDefined(grad.Dims))
            {
                g = Create(op, grad.Dims!, filterShape, input.Dims!);
            }

            return new TFInferred(op.Attr<TFDataType>("T"), g?.FiltersShape ?? (sizes.Known is { Length: 4 } k ? Array.ConvertAll(k, v => v ?? -1) : [-1, -1, -1, -1]), Geometry: g);
        },
        (op, inputs) => BackpropFilter(op, inputs, null),
        BackpropFilter);

    /// <summary>Conv2DBackpropInput's kernel, into <paramref name="into"/> when given (see <see cref="Run"/>).</summary>
    private static TFValue BackpropInput(TFOperation op, TFValue[] inputs, TFValue? into)
    {
        TFValue sizes = inputs[0], filter = inputs[1], grad = inputs[2];
        long[] outputShape = sizes.ToLongs();
        Conv2DTransposeGeometry g = op.GeometryFor(grad.Dims, filter.Dims, outputShape.Length == 4 ? outputShape : [grad.Dims[0], .. outputShape, filter.Dims[2]], () => Create(op, grad.Dims, filter.Dims, outputShape));
        return Run(g, ConvDirection.Transpose, grad, filter, g.OutputShape, into);
    }

    /// <summary>Conv2D's kernel, into <paramref name="into"/> when given (see <see cref="Run"/>).</summary>
    private static TFValue Conv(TFOperation op, TFValue[] inputs, TFValue? into)
    {
        TFValue input = inputs[0], filter = inputs[1];
        Conv2DTransposeGeometry? last = op.Geometry;
        Conv2DTransposeGeometry g = last is not null && last.HasOutputShape(input.Dims) && last.HasFiltersShape(filter.Dims) ? last : Forward(op, input.Dims, filter.Dims);
        return Run(g, ConvDirection.Adjoint, input, filter, g.ValueShape, into);
    }

    /// <summary>Conv2DBackpropFilter's kernel, into <paramref name="into"/> when given (see <see cref="Run"/>).</summary>
    private static TFValue BackpropFilter(TFOperation op, TFValue[] inputs, TFValue? into)
    {
        TFValue input = inputs[0], grad = inputs[2];
        long[] filterShape = inputs[1].ToLongs();
        Conv2DTransposeGeometry g = op.GeometryFor(grad.Dims, filterShape, input.Dims, () => Create(op, grad.Dims, filterShape, input.Dims));
        Array result = ResultArray(into, g.FiltersShape, g.FilterElementCount, g.HasNoTerms, grad, input);
        switch (grad.data)
        {
            case float[] v: Convolution.FilterGradientValidated(g, v, (float[])input.data, (float[])result, TFRunOptions.Current); break;
            case double[] v: Convolution.FilterGradientValidated(g, v, (double[])input.data, (double[])result, TFRunOptions.Current); break;
            case Half[] v: Convolution.FilterGradientValidated(g, v, (Half[])input.data, (Half[])result, TFRunOptions.Current); break;
            case BFloat16[] v: Convolution.FilterGradientValidated(g, v, (BFloat16[])input.data, (BFloat16[])result, TFRunOptions.Current); break;
            case int[] v: Convolution.FilterGradientValidated(g, v, (int[])input.data, (int[])result, TFRunOptions.Current); break;
            default: Unsupported(grad.dtype); break;
        }

        return Result(into, grad.dtype, g.FiltersShape, result);
    }

    /// <summary>
    /// One kernel call of <paramref name="direction"/> into a new array of <paramref name="resultShape"/>, or into
    /// <paramref name="into"/>'s array (a session run into a caller's value, <see cref="TFSession.run(TFTensor, IReadOnlyDictionary{TFTensor, TFValue}?, TFValue)"/>):
    /// its dtype and shape are checked first, and an array that is also an input gets the result by a copy.
    /// </summary>
    public static TFValue Run(Conv2DTransposeGeometry g, ConvDirection direction, TFValue input, TFValue filter, long[] resultShape, TFValue? into)
    {
        long count = direction == ConvDirection.Transpose ? g.OutputElementCount : g.ValueElementCount;
        Array result = ResultArray(into, resultShape, count, g.HasNoTerms, input, filter);
        switch (input.data)
        {
            case float[] i: Convolution.RunValidated(g, direction, i, (float[])filter.data, (float[])result, TFRunOptions.Current); break;
            case double[] i: Convolution.RunValidated(g, direction, i, (double[])filter.data, (double[])result, TFRunOptions.Current); break;
            case Half[] i: Convolution.RunValidated(g, direction, i, (Half[])filter.data, (Half[])result, TFRunOptions.Current); break;
            case BFloat16[] i: Convolution.RunValidated(g, direction, i, (BFloat16[])filter.data, (BFloat16[])result, TFRunOptions.Current); break;
            case int[] i: Convolution.RunValidated(g, direction, i, (int[])filter.data, (int[])result, TFRunOptions.Current); break;
            default: Unsupported(input.dtype); break;
        }

        return Result(into, input.dtype, resultShape, result);
    }

    /// <summary>
    /// The array the kernel writes: <paramref name="into"/>'s (checked against the result's shape and the dtype of
    /// <paramref name="a"/>) unless it is one of the kernel's inputs, else a new one (zeroed only where no kernel runs).
    /// </summary>
    private static Array ResultArray(TFValue? into, long[] shape, long count, bool noTerms, TFValue a, TFValue b)
    {
        if (into is not null)
        {
            TFSessionOutput.Require(into, a.dtype, shape);
            if (!noTerms && !ReferenceEquals(into.data, a.data) && !ReferenceEquals(into.data, b.data))
            {
                return into.data;
            }
        }

        return noTerms ? TFShapes.NewArray(a.dtype, count) : TFShapes.NewKernelResult(a.dtype, count);
    }

    /// <summary>The kernel's result as a value: a new one, or <paramref name="into"/> (checked by <see cref="ResultArray"/>, so a copy needs no second check).</summary>
    private static TFValue Result(TFValue? into, TFDataType dtype, long[] shape, Array result)
    {
        if (into is null)
        {
            return new TFValue(dtype, shape, result);
        }

        if (!ReferenceEquals(result, into.data))
        {
            Array.Copy(result, into.data, result.Length);
        }

        return into;
    }

    /// <summary>The node's strides, dilations and padding (validated at import or set by the builder).</summary>
    public static (long Sh, long Sw, long Dh, long Dw, Padding Padding) Attrs(TFOperation op)
    {
        long[] s = op.Attr<long[]>("strides"), d = op.Attr<long[]>("dilations");
        return (s[1], s[2], d[1], d[2], op.Attr<string>("padding") == "SAME" ? Padding.Same : Padding.Valid);
    }

    private static Conv2DTransposeGeometry Create(TFOperation op, ReadOnlySpan<long> value, ReadOnlySpan<long> filters, ReadOnlySpan<long> output)
    {
        (long sh, long sw, long dh, long dw, Padding padding) = Attrs(op);
        return Conv2DTransposeGeometry.Create(value, filters, output, sh, sw, dh, dw, padding);
    }

    private static Conv2DTransposeGeometry Forward(TFOperation op, ReadOnlySpan<long> input, ReadOnlySpan<long> filters)
    {
        (long sh, long sw, long dh, long dw, Padding padding) = Attrs(op);
        return Conv2DTransposeGeometry.ForConv2D(input, filters, sh, sw, dh, dw, padding);
    }

    private static long Dim(TFTensor t, int axis) => t.Dims is { Length: 4 } d ? d[axis] : -1;

    private static void Unsupported(TFDataType dtype) =>
        throw new InvalidOperationException($"dtype {dtype.ToTFName()} passed the build checks; this is a bug.");
}
