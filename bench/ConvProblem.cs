using System.Numerics.Tensors;

namespace AtrousConv.Bench;

/// <summary>
/// One tf.nn.atrous_conv2d call: NHWC input, filters <c>[kh, kw, in, out]</c>. The conv suite runs it on a shape's
/// own inputs; the gradient suites run it as the value gradient of the transposed op (gradOutput and the same filters).
/// </summary>
internal sealed class ConvProblem
{
    private readonly nint[] inputLengths, filtersLengths, outputLengths;

    private ConvProblem(string name, float[] input, long[] inputShape, float[] filters, long[] filtersShape, int rate, Padding padding)
    {
        Name = name;
        Input = input;
        InputShape = inputShape;
        Filters = filters;
        FiltersShape = filtersShape;
        Rate = rate;
        Padding = padding;

        // The library describes atrous_conv2d by the transposed convolution it is the adjoint of; the forward result
        // has that geometry's value shape.
        OutputShape = Conv2DTransposeGeometry.ForAtrousConv2D(inputShape, filtersShape, rate, padding).ValueShape;
        inputLengths = Problem.Lengths(inputShape);
        filtersLengths = Problem.Lengths(filtersShape);
        outputLengths = Problem.Lengths(OutputShape);
    }

    /// <summary>The reference cache's name: "conv-A", "value-gradient-A", ….</summary>
    public string Name { get; }

    /// <summary>NHWC <c>[N, H, W, in]</c>.</summary>
    public float[] Input { get; }

    public long[] InputShape { get; }

    /// <summary><c>[kh, kw, in, out]</c>.</summary>
    public float[] Filters { get; }

    public long[] FiltersShape { get; }

    public int Rate { get; }

    public Padding Padding { get; }

    /// <summary>NHWC <c>[N, Ho, Wo, out]</c>: SAME keeps H, W; VALID shrinks them by <c>(k − 1)·rate</c>.</summary>
    public long[] OutputShape { get; }

    public int OutputLength => checked((int)OutputShape.Aggregate(1L, (a, b) => a * b));

    /// <summary>
    /// TensorFlow's pads <c>[top, left, bottom, right]</c>, derived here from the definition rather than taken from the
    /// library, so the ONNX Runtime comparison also checks the library's padding: SAME pads <c>(k − 1)·rate</c> in all,
    /// the smaller half (floor) before; VALID pads nothing.
    /// </summary>
    public long[] Pads
    {
        get
        {
            if (Padding == Padding.Valid)
            {
                return [0, 0, 0, 0];
            }

            long height = (FiltersShape[0] - 1) * Rate, width = (FiltersShape[1] - 1) * Rate;
            return [height / 2, width / 2, height - (height / 2), width - (width / 2)];
        }
    }

    /// <summary>The conv suite's problem: the shape's value and its filter array read as <c>[kh, kw, Cin, Cout]</c> (same size, random either way).</summary>
    public static ConvProblem Forward(Problem problem)
    {
        ShapeCase s = problem.Shape;
        return new($"conv-{s.Name}", problem.Value, s.ValueShape, problem.Filters, [s.KernelHeight, s.KernelWidth, s.InChannels, s.OutChannels], s.Rate, s.Padding);
    }

    /// <summary>
    /// d loss / d value of the transposed op: atrous_conv2d of gradOutput with the op's filters <c>[kh, kw, Cout, Cin]</c>,
    /// which are atrous_conv2d's <c>[kh, kw, in, out]</c> as they stand.
    /// </summary>
    public static ConvProblem ValueGradient(Problem problem)
    {
        ShapeCase s = problem.Shape;
        return new($"value-gradient-{s.Name}", problem.GradOutput, s.OutputShape, problem.Filters, s.FiltersShape, s.Rate, s.Padding);
    }

    /// <summary>One call of the library into <paramref name="destination"/>; the spans are built inside, as in <see cref="Problem.Run(float[], ConvolutionOptions)"/>.</summary>
    public void Run(float[] destination, ConvolutionOptions options) =>
        Convolution.AtrousConv2D(
            new ReadOnlyTensorSpan<float>(Input, inputLengths), new ReadOnlyTensorSpan<float>(Filters, filtersLengths),
            new TensorSpan<float>(destination, outputLengths), Rate, Padding, options);

    /// <summary>The reference result, cached.</summary>
    public float[] Reference() => ReferenceCache.GetOrCompute(Name, OutputLength, () =>
    {
        var result = new float[OutputLength];
        Run(result, Problem.ReferenceOptions);
        return result;
    });
}
