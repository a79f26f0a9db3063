using AtrousConv.Contract;

namespace AtrousConv.TensorFlow;

/// <summary>The checks TensorFlow's face makes on its own arguments (strings, dtypes, attribute lists), with TensorFlow's messages.</summary>
internal static class TFChecks
{
    private static readonly TFDataType[] Computable = [TFDataType.Float16, TFDataType.BFloat16, TFDataType.Float32, TFDataType.Float64, TFDataType.Int32];

    /// <summary>The ValueError of <c>atrous_conv2d_transpose</c> for rate &gt; 1.</summary>
    public static Padding AtrousPadding(string padding)
    {
        if (padding is "SAME" or "VALID")
        {
            return padding == "SAME" ? Padding.Same : Padding.Valid;
        }

        ThrowHelper.Argument(nameof(padding), $"`padding` must be either 'VALID' or 'SAME'. Received: padding={padding}");
        return default;
    }

    /// <summary>The attribute check of <c>Conv2DBackpropInput</c> (and <c>convert_padding</c>'s refusal of the string "EXPLICIT").</summary>
    public static Padding OpPadding(string padding)
    {
        if (padding is "SAME" or "VALID")
        {
            return padding == "SAME" ? Padding.Same : Padding.Valid;
        }

        if (padding == "EXPLICIT")
        {
            ThrowHelper.Argument(nameof(padding), "'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list. Expected \"SAME\" or \"VALID\".");
        }

        ThrowHelper.Argument(nameof(padding),
            $"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: \"SAME\", \"VALID\", \"EXPLICIT\" (explicit padding lists are not supported here). Expected \"SAME\" or \"VALID\".");
        return default;
    }

    /// <summary>Conv2DBackpropInput's <c>T</c>: one of its five types, the same for value and filters.</summary>
    public static void DTypes(TFTensor value, TFTensor filters)
    {
        if (filters.dtype != value.dtype)
        {
            ThrowHelper.Argument(nameof(filters),
                $"cannot compute Conv2DBackpropInput as input #2(zero-based) was expected to be a {filters.dtype.ToTFName()} tensor but is a {value.dtype.ToTFName()} tensor: " +
                $"value has dtype {value.dtype.ToTFName()} and filters {filters.dtype.ToTFName()}. Expected both of one dtype.");
        }

        if (Array.IndexOf(Computable, value.dtype) < 0)
        {
            ThrowHelper.Argument(nameof(value),
                $"Value for attr 'T' of {value.dtype.ToTFName()} is not in the list of allowed values: half, bfloat16, float, double, int32. Received value.dtype={value.dtype.ToTFName()}.");
        }
    }

    /// <summary>TensorFlow's <c>_get_sequence</c> for strides/dilations: an int list of length 1, 2 or 4 (batch and depth entries 1).</summary>
    public static (long H, long W) Sequence(int[]? values, string paramName, int defaultValue)
    {
        if (values is null || values.Length == 0)
        {
            return (defaultValue, defaultValue);
        }

        switch (values.Length)
        {
            case 1:
                return (values[0], values[0]);
            case 2:
                return (values[0], values[1]);
            case 4:
                if (values[0] != 1 || values[3] != 1)
                {
                    ThrowHelper.Argument(paramName,
                        $"Current implementation does not yet support {paramName} in the batch and depth dimensions. Received: {paramName}=[{string.Join(", ", values)}]; expected [1, h, w, 1].");
                }

                return (values[1], values[2]);
            default:
                ThrowHelper.Argument(paramName, $"{paramName} should be of length 1, 2 or 4. Received: {paramName}=[{string.Join(", ", values)}] of length {values.Length}");
                return default;
        }
    }

    public static void DataFormat(string dataFormat)
    {
        if (dataFormat != "NHWC")
        {
            ThrowHelper.Argument("data_format",
                $"data_format={dataFormat}: only NHWC is supported (TensorFlow's CPU kernel: Conv2DCustomBackpropInputOp only supports NHWC). Expected \"NHWC\".");
        }
    }
}
