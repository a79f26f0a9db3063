using AtrousConv.Parity.Manifest;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>Calls a case's op through the library's public TensorFlow face, exactly as a ported Python user would.</summary>
public static class TensorFlowCall
{
    /// <summary>Builds the op (validation happens here; values are computed when read).</summary>
    /// <param name="testCase">The case: op, output_shape (list or tensor), rate or strides and dilations, padding.</param>
    /// <param name="value">The value tensor.</param>
    /// <param name="filters">The filters tensor.</param>
    /// <returns>The op's result tensor.</returns>
    /// <exception cref="ArgumentException">The library rejected the arguments.</exception>
    /// <exception cref="NotExpressibleException">The arguments cannot be written in the API's types.</exception>
    public static TFTensor Invoke(ParityCase testCase, TFTensor value, TFTensor filters)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        string padding = testCase.Padding ?? throw new NotExpressibleException("the case has no padding");
        return testCase.Op switch
        {
            Ops.AtrousConv2DTranspose => tf.nn.atrous_conv2d_transpose(value, filters, OutputShape(testCase), Ops.ToInt(testCase.Rate, "rate"), padding),
            Ops.Conv2DTranspose => tf.nn.conv2d_transpose(
                value, filters, OutputShape(testCase), strides: Ops.ToInts(testCase.Strides, "strides", null)!, padding: padding,
                dilations: Ops.ToInts(testCase.Dilations, "dilations", [1, 1])),
            Ops.AtrousConv2D => tf.nn.atrous_conv2d(value, filters, Ops.ToInt(testCase.Rate, "rate"), padding),
            _ => throw new NotExpressibleException($"op '{testCase.Op}' has no call on the TensorFlow face"),
        };
    }

    /// <summary>
    /// <c>output_shape</c> as TensorFlow got it: a list, or a 1-D int32 tensor (which skips TensorFlow's Python
    /// channel check). Entries beyond int32 go in as an int64 tensor, which TensorFlow also accepts.
    /// </summary>
    private static TFOutputShape OutputShape(ParityCase testCase)
    {
        long[] entries = Ops.Shape(testCase.OutputShape ?? throw new NotExpressibleException("the case has no output_shape"));
        if (!testCase.OutputShapeIsTensor)
        {
            return entries;
        }

        return entries.All(e => e is >= int.MinValue and <= int.MaxValue)
            ? tf.constant(Array.ConvertAll(entries, e => (int)e))
            : tf.constant(entries);
    }
}
