using System.Numerics.Tensors;

namespace AtrousConv.Bench;

/// <summary>
/// One shape's inputs and geometry, built once per process; every engine reads the same arrays.
/// </summary>
internal sealed class Problem
{
    private const int ValueSeed = 1, FiltersSeed = 2;

    private readonly nint[] valueLengths, filtersLengths, outputLengths;

    public Problem(ShapeCase shape)
    {
        Shape = shape;
        long[] outputShape = shape.OutputShape;
        Geometry = Conv2DTransposeGeometry.ForAtrous(shape.ValueShape, shape.FiltersShape, outputShape, shape.Rate, shape.Padding);
        Value = shape.Subnormal
            ? InputData.Subnormal(Geometry.ValueElementCount, ValueSeed)
            : InputData.Dyadic(Geometry.ValueElementCount, ValueSeed);
        Filters = InputData.Dyadic(Geometry.FilterElementCount, FiltersSeed);
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

    public int OutputLength => checked((int)Geometry.OutputElementCount);

    /// <summary>
    /// One call of the library into <paramref name="destination"/>. Building the spans is part of the public API's
    /// cost, so it stays inside the timed region (it does not allocate for rank 4).
    /// </summary>
    public void Run(float[] destination, ConvolutionOptions options)
    {
        var output = new TensorSpan<float>(destination, outputLengths);
        Convolution.AtrousConv2DTranspose(
            new ReadOnlyTensorSpan<float>(Value, valueLengths), new ReadOnlyTensorSpan<float>(Filters, filtersLengths),
            output, Shape.Rate, Shape.Padding, options);
    }

    /// <summary>The ground truth: the library's scalar reference kernel (float64 sums), single-threaded.</summary>
    public float[] ComputeReference()
    {
        var result = new float[OutputLength];
        Run(result, new ConvolutionOptions { Kernel = KernelVariant.Reference, MaxDegreeOfParallelism = 1 });
        return result;
    }

    private static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => checked((nint)d));
}
