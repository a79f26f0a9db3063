namespace AtrousConv.TensorFlow;

/// <summary>
/// The nodes TensorFlow 2.21's Python builds for <c>atrous_conv2d_transpose</c> (rate &gt; 1) and
/// <c>atrous_conv2d</c>, in its order and with its names. With a list <c>output_shape</c> TensorFlow's Python
/// computes the paddings, sizes and crops as ints, so they are Consts (the numbers come from the contract's
/// <see cref="AtrousLowering"/>); with a tensor <c>output_shape</c> it builds them as int32 nodes
/// (StridedSlice, AddV2, FloorMod, Sub, Mul, FloorDiv, Pack), which this mirrors operator by operator.
/// </summary>
internal static class TFAtrousBuild
{
    public static TFTensor Transpose(TFGraph g, TFTensor value, TFTensor filters, TFOutputShape outputShape, long rate, Padding pad)
    {
        long[] f = filters.Dims!;
        if (f[0] < 0 || f[1] < 0)
        {
            TFThrow.FilterSizeUnknown(f);
        }

        return outputShape.IsTensor ? Dynamic(g, value, filters, outputShape, rate, pad) : Static(g, value, filters, outputShape.Values.ToArray(), rate, pad);
    }

    public static TFTensor Forward(TFGraph g, TFTensor value, TFTensor filters, Conv2DTransposeGeometry adjoint)
    {
        string padding = Conv2DTransposeGeometry.PaddingName(adjoint.Padding);
        if (AtrousConv2DLowering.For(adjoint) is not { } l)
        {
            return TFConvBuild.Conv2D(g, g.UniqueName("Conv2D"), value, filters, TFBuild.ConvAttrs(value.dtype, padding, 1, 1, adjoint.DilationHeight, adjoint.DilationWidth), adjoint);
        }

        TFTensor batched = SpaceBatch(g, "SpaceToBatchND", value, TFDataType.Int32, l.Rate, "paddings", l.SpaceToBatchPaddings);
        TFTensor conv = TFConvBuild.Conv2D(g, g.UniqueName("Conv2D"), batched, filters, TFBuild.ConvAttrs(value.dtype, "VALID", 1, 1, 1, 1));
        return SpaceBatch(g, "BatchToSpaceND", conv, TFDataType.Int32, l.Rate, "crops", l.Crops);
    }

    private static TFTensor Static(TFGraph g, TFTensor value, TFTensor filters, long[] o, long rate, Padding pad)
    {
        long[] f = filters.Dims!;

        // The value's unknown dimensions are the ones the output implies (TensorFlow's Python never reads them).
        long[] v = value.Dims!;
        (long pt, long pb) = Pads(f[0], rate, pad);
        (long pl, long pr) = Pads(f[1], rate, pad);
        long[] implied = [v[0] >= 0 ? v[0] : o[0], v[1] >= 0 ? v[1] : o[1] + pt + pb - ((f[0] - 1) * rate), v[2] >= 0 ? v[2] : o[2] + pl + pr - ((f[1] - 1) * rate), v[3] >= 0 ? v[3] : f[3]];
        Conv2DTransposeGeometry geometry = Conv2DTransposeGeometry.ForAtrousChecked(implied, f, o, rate, pad);
        AtrousLowering l = AtrousLowering.For(geometry)!;

        // Validated: now the nodes, in TensorFlow's order (the unused output_shape Const first, as Python's convert_to_tensor makes it).
        TFConvBuild.SizesConst(g, "output_shape", o);
        TFTensor batched = SpaceBatch(g, "SpaceToBatchND", value, TFDataType.Int64, rate, "paddings", l.SpaceToBatchPaddings);
        string node = g.UniqueName("Conv2DBackpropInput");
        TFTensor sizes;
        using (g.EnterScope(node + "/"))
        {
            sizes = TFConvBuild.SizesConst(g, "input_sizes", l.InputSizes);
        }

        TFTensor conv = TFConvBuild.BackpropInput(g, node, sizes, filters, batched, TFBuild.ConvAttrs(value.dtype, "VALID", 1, 1, 1, 1));
        return SpaceBatch(g, "BatchToSpaceND", conv, TFDataType.Int64, rate, "crops", l.Crops);
    }

    private static TFTensor Dynamic(TFGraph g, TFTensor value, TFTensor filters, TFOutputShape outputShape, long rate, Padding pad)
    {
        long[] f = filters.Dims!;
        if (outputShape.KnownValues is { } known && TFShapes.IsFullyDefined(value.Dims) && TFShapes.IsFullyDefined(f))
        {
            // Every shape is known: TensorFlow's kernels' checks, once, on the dilated geometry they amount to.
            Conv2DTransposeGeometry.ForAtrousChecked(value.Dims!, f, known, rate, pad);
        }

        TFTensor shape = outputShape.Tensor!;
        (long pt, long pb) = Pads(f[0], rate, pad);
        (long pl, long pr) = Pads(f[1], rate, pad);
        object inHeight = Add(Add(shape[1], pt), pb);
        object inWidth = Add(Add(shape[2], pl), pr);
        object padBottomExtra = Mod(Sub(rate, Mod(inHeight, rate)), rate);
        object padRightExtra = Mod(Sub(rate, Mod(inWidth, rate)), rate);
        TFTensor batched = SpaceBatch(g, "SpaceToBatchND", value, TFDataType.Int64, rate, "paddings", new object[] { new object[] { 0L, padBottomExtra }, new object[] { 0L, padRightExtra } });
        object[] inputSizes = [Mul(rate * rate, shape[0]), FloorDiv(Add(inHeight, padBottomExtra), rate), FloorDiv(Add(inWidth, padRightExtra), rate), shape[3]];
        string node = g.UniqueName("Conv2DBackpropInput");
        TFTensor sizes;
        using (g.EnterScope(node + "/"))
        {
            sizes = TFBuild.Convert(g, "input_sizes", inputSizes);
        }

        TFTensor conv = TFConvBuild.BackpropInput(g, node, sizes, filters, batched, TFBuild.ConvAttrs(value.dtype, "VALID", 1, 1, 1, 1));
        object[] crops = [new object[] { pt, Add(pb, padBottomExtra) }, new object[] { pl, Add(pr, padRightExtra) }];
        return SpaceBatch(g, "BatchToSpaceND", conv, TFDataType.Int64, rate, "crops", crops);
    }

    /// <summary>SpaceToBatchND or BatchToSpaceND with a constant block <c>[rate, rate]</c> and paddings/crops given as a Python list (or its row-major numbers).</summary>
    private static TFTensor SpaceBatch(TFGraph g, string type, TFTensor input, TFDataType blockType, long rate, string padsName, object pads)
    {
        string node = g.UniqueName(type);
        TFTensor block, padding;
        using (g.EnterScope(node + "/"))
        {
            block = TFBuild.IntConst(g, "block_shape", blockType, [2], rate, rate);
            padding = pads is long[] numbers ? TFBuild.IntConst(g, padsName, TFDataType.Int32, [2, 2], numbers) : TFBuild.Convert(g, padsName, pads);
        }

        return TFBuild.Node(g, node, type, [input, block, padding], new(StringComparer.Ordinal)
        {
            ["T"] = input.dtype,
            ["Tblock_shape"] = blockType,
            [type == "SpaceToBatchND" ? "Tpaddings" : "Tcrops"] = padding.dtype,
        });
    }

    /// <summary>TensorFlow's SAME split of the dilated filter's padding (VALID: none), from the contract.</summary>
    private static (long Top, long Bottom) Pads(long k, long rate, Padding pad) =>
        Conv2DTransposeGeometry.ForwardPads(1, 1, Conv2DTransposeGeometry.EffectiveSize(k, rate), 1, pad);

#pragma warning disable CA1859 // Python ints and tensors mix here: the result is an int or a tensor.
    private static object Add(object a, object b) => a is long x && b is long y ? checked(x + y) : TFBuild.Binary("add", "AddV2", a, b);

    private static object Sub(object a, object b) => a is long x && b is long y ? checked(x - y) : TFBuild.Binary("sub", "Sub", a, b);

    private static object Mul(object a, object b) => a is long x && b is long y ? checked(x * y) : TFBuild.Binary("mul", "Mul", a, b);

    private static object FloorDiv(object a, object b) => a is long x && b is long y ? FloorDivide(x, y) : TFBuild.Binary("floordiv", "FloorDiv", a, b);

    private static long FloorDivide(long x, long y) => (x / y) - ((x % y != 0 && (x < 0) != (y < 0)) ? 1 : 0);

    private static object Mod(object a, object b) => a is long x && b is long y ? ((x % y) + y) % y : TFBuild.Binary("mod", "FloorMod", a, b);
#pragma warning restore CA1859
}
