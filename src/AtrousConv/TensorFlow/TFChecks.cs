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

        TFThrow.AtrousPaddingString(padding);
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
            TFThrow.ExplicitPaddingString();
        }

        TFThrow.OpPaddingNotAllowed(padding);
        return default;
    }

    /// <summary>Conv2DBackpropInput's <c>T</c>: one of its five types, the same for value and filters.</summary>
    public static void DTypes(TFTensor value, TFTensor filters)
    {
        if (filters.dtype != value.dtype)
        {
            TFThrow.FiltersDTypeDiffers(value, filters);
        }

        if (Array.IndexOf(Computable, value.dtype) < 0)
        {
            TFThrow.DTypeNotAllowed(value);
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
                    TFThrow.SequenceInBatchOrDepth(paramName, values);
                }

                return (values[1], values[2]);
            default:
                TFThrow.SequenceLength(paramName, values);
                return default;
        }
    }

    public static void DataFormat(string dataFormat)
    {
        if (dataFormat != "NHWC")
        {
            TFThrow.DataFormatNotNhwc(dataFormat);
        }
    }
}
