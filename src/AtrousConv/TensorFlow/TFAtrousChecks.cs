namespace AtrousConv.TensorFlow;

/// <summary>
/// TensorFlow's Python checks of <c>atrous_conv2d_transpose</c>, in its order, on static shapes that may have
/// unknown dimensions (a check whose dimensions are unknown is TensorFlow's "compatible" and passes): channels,
/// rate, and for rate &gt; 1 the length of <c>output_shape</c> and — for a list only, as in TensorFlow — its
/// channel count. The rules and messages themselves live in the contract.
/// </summary>
internal static class TFAtrousChecks
{
    public static void Python(TFTensor value, TFTensor filters, TFOutputShape outputShape, long rate)
    {
        long[] v = Rank4(value, nameof(value), "[batch, height, width, in_channels]");
        long[] f = Rank4(filters, nameof(filters), "[filter_height, filter_width, out_channels, in_channels]");
        if (v[3] >= 0 && f[3] >= 0)
        {
            Conv2DTransposeGeometry.CheckAtrousChannels(v, f);
        }

        Conv2DTransposeGeometry.CheckAtrousRate(rate);
        if (rate == 1)
        {
            return;
        }

        if (outputShape.Length >= 0)
        {
            Conv2DTransposeGeometry.CheckAtrousOutputLength(outputShape.Length);
        }

        if (!outputShape.IsTensor && f[2] >= 0)
        {
            Conv2DTransposeGeometry.CheckAtrousOutputChannels(outputShape.Values, f);
        }
    }

    /// <summary>The static shape of a tensor that must have rank 4.</summary>
    public static long[] Rank4(TFTensor tensor, string paramName, string layout)
    {
        if (tensor.Dims is not { Length: 4 } dims)
        {
            TFThrow.NotRank4(paramName, tensor, layout);
            return [];
        }

        return dims;
    }
}
