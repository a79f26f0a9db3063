using System.Numerics.Tensors;

namespace AtrousConv.Bench;

/// <summary>
/// One shape's inputs and geometry for atrous_conv2d_transpose and its gradients, built once per process; every
/// engine reads the same arrays.
/// </summary>
internal sealed class Problem
{
    private const int ValueSeed = 1, FiltersSeed = 2, GradOutputSeed = 3;

    /// <summary>The bench's reference settings: the scalar reference kernel (float64/int64 sums), single-threaded.</summary>
    public static readonly ConvolutionOptions ReferenceOptions = new() { Kernel = KernelVariant.Reference, MaxDegreeOfParallelism = 1 };

    private readonly nint[] valueLengths, filtersLengths, outputLengths;
    private readonly Lazy<float[]> gradOutput;

    public Problem(ShapeCase shape)
    {
        Shape = shape;
        long[] outputShape = shape.OutputShape;
        Geometry = Conv2DTransposeGeometry.ForAtrous(shape.ValueShape, shape.FiltersShape, outputShape, shape.Rate, shape.Padding);
        Value = shape.Subnormal
            ? InputData.Subnormal(Geometry.ValueElementCount, ValueSeed)
            : InputData.Dyadic(Geometry.ValueElementCount, ValueSeed);
        Filters = InputData.Dyadic(Geometry.FilterElementCount, FiltersSeed);
        gradOutput = new(() => InputData.Dyadic(Geometry.OutputElementCount, GradOutputSeed)); // only the gradient suites pay for it
        valueLengths = Lengths(shape.ValueShape);
        filtersLengths = Lengths(shape.FiltersShape);
        outputLengths = Lengths(outputShape);
    }

    public ShapeCase Shape { get; }

    /// <summary>The library's own geometry: output size and the pads ONNX needs come from here, not from a re-derivation.</summary>
    public Conv2DTransposeGeometry Geometry { get; }

    /// <summary>NHWC.</summary>
    public float[] Value { get; }

    /// <summary><c>[kh, kw, Cout, Cin]</c>.</summary>
    public float[] Filters { get; }

    /// <summary>The upstream gradient d loss / d output (NHWC, output-shaped), dyadic like the inputs, so the gradients are exact too.</summary>
    public float[] GradOutput => gradOutput.Value;

    public int OutputLength => checked((int)Geometry.OutputElementCount);

    /// <summary>
    /// One call of the library into <paramref name="destination"/>. Building the spans is part of the public API's
    /// cost, so it stays inside the timed region (it does not allocate for rank 4).
    /// </summary>
    public void Run(float[] destination, ConvolutionOptions options) => Run(Value, Filters, destination, options);

    /// <summary>As <see cref="Run(float[], ConvolutionOptions)"/> on this shape's inputs converted to another element type.</summary>
    public void Run<T>(T[] value, T[] filters, T[] destination, ConvolutionOptions options)
        where T : unmanaged =>
        Convolution.AtrousConv2DTranspose(
            new ReadOnlyTensorSpan<T>(value, valueLengths), new ReadOnlyTensorSpan<T>(filters, filtersLengths),
            new TensorSpan<T>(destination, outputLengths), Shape.Rate, Shape.Padding, options);

    /// <summary>One call of the tensor-returning overload (the library allocates the result: part of its cost).</summary>
    public Tensor<float> RunNew(ConvolutionOptions options) =>
        Convolution.AtrousConv2DTranspose(
            new ReadOnlyTensorSpan<float>(Value, valueLengths), new ReadOnlyTensorSpan<float>(Filters, filtersLengths),
            Shape.OutputShape, Shape.Rate, Shape.Padding, options);

    /// <summary>The ground truth of the forward op.</summary>
    public float[] ComputeReference()
    {
        var result = new float[OutputLength];
        Run(result, ReferenceOptions);
        return result;
    }

    /// <summary>d loss / d filters alone, into a new tensor (that API allocates the filter-sized result: part of its cost).</summary>
    public Tensor<float> FilterGradient(ConvolutionOptions options) =>
        Convolution.Conv2DTransposeFilterGradient(
            new ReadOnlyTensorSpan<float>(Value, valueLengths), new ReadOnlyTensorSpan<float>(GradOutput, outputLengths),
            Shape.FiltersShape, [1, 1], Shape.Padding, [Shape.Rate, Shape.Rate], options);

    /// <summary>The filter gradient's reference, cached.</summary>
    public float[] FilterGradientReference() =>
        ReferenceCache.GetOrCompute($"filter-gradient-{Shape.Name}", (int)Geometry.FilterElementCount, () => Flatten(FilterGradient(ReferenceOptions)));

    /// <summary>
    /// d loss / d filters in float64 (the library's float64 kernel on the same inputs), rounded once to float32: the
    /// accuracy yardstick of the float32 filter gradient, whose sums over tens of thousands of pixels leave the exact
    /// range of float32 even on dyadic data (so ONNX Runtime's float32 result is no yardstick there).
    /// </summary>
    public float[] FilterGradientFloat64()
    {
        var gradient = Convolution.Conv2DTransposeFilterGradient(
            new ReadOnlyTensorSpan<double>(Array.ConvertAll(Value, v => (double)v), valueLengths),
            new ReadOnlyTensorSpan<double>(Array.ConvertAll(GradOutput, v => (double)v), outputLengths),
            Shape.FiltersShape, [1, 1], Shape.Padding, [Shape.Rate, Shape.Rate]);
        var result = new double[gradient.FlattenedLength];
        gradient.FlattenTo(result);
        return Array.ConvertAll(result, v => (float)v);
    }

    /// <summary>Both gradients in one call, into preallocated buffers: the backward half of a training step.</summary>
    public void Gradients(float[] gradValue, float[] gradFilters, ConvolutionOptions options) =>
        Convolution.AtrousConv2DTransposeGradients(
            new ReadOnlyTensorSpan<float>(Value, valueLengths), new ReadOnlyTensorSpan<float>(Filters, filtersLengths),
            new ReadOnlyTensorSpan<float>(GradOutput, outputLengths),
            new TensorSpan<float>(gradValue, valueLengths), new TensorSpan<float>(gradFilters, filtersLengths),
            Shape.Rate, Shape.Padding, options);

    /// <summary>A tensor's elements in a new array, for the checks.</summary>
    public static float[] Flatten(Tensor<float> tensor)
    {
        var result = new float[tensor.FlattenedLength];
        tensor.FlattenTo(result);
        return result;
    }

    public static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => checked((nint)d));
}
