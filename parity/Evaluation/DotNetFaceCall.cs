using System.Numerics.Tensors;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Parity.Evaluation;

/// <summary>
/// A case's call on the .NET face (<see cref="Convolution"/>): typed spans, the <see cref="AtrousConv.Padding"/>
/// enum and a plain <c>output_shape</c>. It serves two purposes: the reference results of accepted cases (with
/// <see cref="KernelVariant.Reference"/>), and the check that the .NET face gives the TensorFlow face's verdicts.
/// </summary>
/// <param name="Op">The op name.</param>
/// <param name="OutputShape">The output_shape entries.</param>
/// <param name="Rate">atrous_conv2d_transpose's rate.</param>
/// <param name="Strides">conv2d_transpose's <c>[h, w]</c> strides.</param>
/// <param name="Dilations">conv2d_transpose's <c>[h, w]</c> dilations.</param>
/// <param name="Padding">SAME or VALID.</param>
public sealed record DotNetFaceCall(string Op, long[] OutputShape, int Rate, int[] Strides, int[] Dilations, Padding Padding)
{
    /// <summary>The call for a case, whether its output_shape was a list or a tensor (the .NET face takes entries).</summary>
    /// <param name="testCase">The case.</param>
    /// <returns>The call.</returns>
    /// <exception cref="NotExpressibleException">The padding is not exactly SAME/VALID, a number does not fit, or the op is unknown.</exception>
    public static DotNetFaceCall From(ParityCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        Padding padding = testCase.Padding switch
        {
            "SAME" => Padding.Same,
            "VALID" => Padding.Valid,
            _ => throw new NotExpressibleException($"padding '{testCase.Padding}' is not a Padding value"),
        };
        long[] outputShape = Ops.Shape(testCase.OutputShape);
        return testCase.Op switch
        {
            Ops.AtrousConv2DTranspose => new(testCase.Op, outputShape, Ops.ToInt(testCase.Rate, "rate"), [], [], padding),
            Ops.Conv2DTranspose => new(testCase.Op, outputShape, 1, Ops.ToInts(testCase.Strides, "strides", null)!, Ops.ToInts(testCase.Dilations, "dilations", [1, 1])!, padding),
            Ops.AtrousConv2D => new(testCase.Op, outputShape, Ops.ToInt(testCase.Rate, "rate"), [], [], padding),
            _ => throw new NotExpressibleException($"op '{testCase.Op}' has no call on the .NET face"),
        };
    }

    /// <summary>
    /// Why a case cannot be put to the .NET face as TensorFlow got it, or <see langword="null"/> if it can: one
    /// element type for both inputs that the face computes, padding exactly SAME/VALID, output_shape a list, and
    /// rank-4 value and filters (the span types carry no other ranks' meaning).
    /// </summary>
    /// <param name="testCase">The case.</param>
    /// <returns>The reason, or <see langword="null"/>.</returns>
    public static string? WhyNotExpressible(ParityCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        string[] computable = ["float32", "float64", "float16", "bfloat16", "int32"];
        return testCase.EffectiveFiltersDtype != testCase.Dtype ? "value and filters dtypes differ"
            : !computable.Contains(testCase.Dtype) ? $"dtype {testCase.Dtype} has no .NET face element type"
            : testCase.Padding is not ("SAME" or "VALID") ? $"padding '{testCase.Padding}' is not a Padding value"
            : testCase.OutputShapeIsTensor ? "output_shape is a tensor"
            : testCase.OutputShape is null && testCase.Op != Ops.AtrousConv2D ? "no output_shape"
            : testCase.ValueShape is not { Count: 4 } || testCase.FiltersShape is not { Count: 4 } ? "value or filters not of rank 4"
            : testCase.ValueShape.Concat(testCase.FiltersShape).Any(d => d < 0) ? "a negative input dimension"
            : TryFrom(testCase) is null ? "a number beyond int"
            : null;
    }

    /// <summary>Runs the call on typed inputs of one element type.</summary>
    /// <param name="value">The value data.</param>
    /// <param name="valueShape">Its shape.</param>
    /// <param name="filters">The filters data, of the same element type.</param>
    /// <param name="filtersShape">Its shape.</param>
    /// <param name="kernel">The kernel to force.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">The library rejected the arguments.</exception>
    public ShapedValues Run(Array value, long[] valueShape, Array filters, long[] filtersShape, KernelVariant kernel = KernelVariant.Auto)
    {
        var options = new ConvolutionOptions { Kernel = kernel };
        return (value, filters) switch
        {
            (float[] v, float[] f) => Run(v, valueShape, f, filtersShape, options),
            (double[] v, double[] f) => Run(v, valueShape, f, filtersShape, options),
            (Half[] v, Half[] f) => Run(v, valueShape, f, filtersShape, options),
            (BFloat16[] v, BFloat16[] f) => Run(v, valueShape, f, filtersShape, options),
            (int[] v, int[] f) => Run(v, valueShape, f, filtersShape, options),
            _ => throw new NotExpressibleException($"the .NET face takes one element type; got {value.GetType().Name} and {filters.GetType().Name}"),
        };
    }

    private ShapedValues Run<T>(T[] value, long[] valueShape, T[] filters, long[] filtersShape, ConvolutionOptions options)
        where T : unmanaged
    {
        var v = new ReadOnlyTensorSpan<T>(value, Lengths(valueShape));
        var f = new ReadOnlyTensorSpan<T>(filters, Lengths(filtersShape));
        Tensor<T> result = Op switch
        {
            Ops.AtrousConv2DTranspose => Convolution.AtrousConv2DTranspose(v, f, OutputShape, Rate, Padding, options),
            Ops.AtrousConv2D => Convolution.AtrousConv2D(v, f, Rate, Padding, options),
            _ => Convolution.Conv2DTranspose(v, f, OutputShape, Strides, Padding, Dilations, options),
        };
        var flat = new T[result.FlattenedLength];
        result.FlattenTo(flat);
        return new ShapedValues(Array.ConvertAll(result.Lengths.ToArray(), d => (long)d), ElementTypes.ToDoubles(flat));
    }

    private static DotNetFaceCall? TryFrom(ParityCase testCase)
    {
        try
        {
            return From(testCase);
        }
        catch (NotExpressibleException)
        {
            return null;
        }
    }

    private static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => checked((nint)d));
}
