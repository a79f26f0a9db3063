namespace AtrousConv.TensorFlow;

/// <summary>Builds the convolution nodes (the public ops' and the gradient functions'), with the geometry validated once when every shape is known.</summary>
internal static class TFConvBuild
{
    /// <summary><c>conv2d_transpose</c>: one <c>Conv2DBackpropInput</c> named <paramref name="baseName"/> (made unique) with its <c>input_sizes</c>.</summary>
    public static TFTensor ConvTranspose(TFGraph g, string baseName, TFTensor input, TFTensor filters, TFOutputShape outputShape, long sh, long sw, long dh, long dw, Padding pad)
    {
        long[] v = TFAtrousChecks.Rank4(input, "value", "[batch, height, width, in_channels]");
        long[] f = TFAtrousChecks.Rank4(filters, nameof(filters), "[filter_height, filter_width, out_channels, in_channels]");
        Conv2DTransposeGeometry? geometry = outputShape.KnownValues is { } o && TFShapes.IsFullyDefined(v) && TFShapes.IsFullyDefined(f)
            ? Conv2DTransposeGeometry.Create(v, f, o, sh, sw, dh, dw, pad)
            : null;
        string node = g.UniqueName(baseName);
        TFTensor sizes;
        using (g.EnterScope(node + "/"))
        {
            sizes = outputShape.Tensor ?? SizesConst(g, "input_sizes", outputShape.Values.ToArray());
        }

        return BackpropInput(g, node, sizes, filters, input, TFBuild.ConvAttrs(input.dtype, Conv2DTransposeGeometry.PaddingName(pad), sh, sw, dh, dw), geometry);
    }

    /// <summary>A Python list of sizes as TensorFlow converts it: int32, or int64 when an entry does not fit.</summary>
    public static TFTensor SizesConst(TFGraph g, string name, long[] values) =>
        TFBuild.IntConst(g, name, values.All(v => v is >= int.MinValue and <= int.MaxValue) ? TFDataType.Int32 : TFDataType.Int64, [values.Length], values);

    public static TFTensor BackpropInput(TFGraph g, string node, TFTensor sizes, TFTensor filter, TFTensor outBackprop, Dictionary<string, object> attrs, Conv2DTransposeGeometry? geometry = null) =>
        TFBuild.Node(g, node, "Conv2DBackpropInput", [sizes, filter, outBackprop], attrs, geometry);

    public static TFTensor Conv2D(TFGraph g, string node, TFTensor input, TFTensor filter, Dictionary<string, object> attrs, Conv2DTransposeGeometry? geometry = null) =>
        TFBuild.Node(g, node, "Conv2D", [input, filter], attrs, geometry);

    public static TFTensor BackpropFilter(TFGraph g, string node, TFTensor input, TFTensor filterSizes, TFTensor outBackprop, Dictionary<string, object> attrs, Conv2DTransposeGeometry? geometry = null) =>
        TFBuild.Node(g, node, "Conv2DBackpropFilter", [input, filterSizes, outBackprop], attrs, geometry);

    /// <summary>A convolution node's attributes with <c>T</c> set to <paramref name="t"/> (the gradient nodes copy their op's).</summary>
    public static Dictionary<string, object> SameAttrs(TFOperation op, TFDataType t)
    {
        var attrs = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (string key in (string[])["T", "data_format", "dilations", "explicit_paddings", "padding", "strides", "use_cudnn_on_gpu"])
        {
            if (op.attrs.TryGetValue(key, out object? value))
            {
                attrs[key] = value;
            }
        }

        attrs["T"] = t;
        return attrs;
    }
}
