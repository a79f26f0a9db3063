namespace AtrousConv.TensorFlow;

/// <summary>
/// Writes the GraphDef nodes TensorFlow 2.21 builds for these ops (node names, op types, inputs, attributes), as
/// seen in the GraphDefs of <c>tests/AtrousConv.Tests/graphs</c>. The numbers come from the contract
/// (<see cref="AtrousLowering"/>, <see cref="Conv2DTransposeGeometry"/>).
/// </summary>
internal static class TFLowering
{
    /// <summary><c>atrous_conv2d_transpose</c> with rate &gt; 1: SpaceToBatchND → Conv2DBackpropInput (VALID) → BatchToSpaceND.</summary>
    public static List<TFNodeDef> Atrous(string scope, Conv2DTransposeGeometry g, TFDataType t, string value, string filters, bool outputShapeIsList)
    {
        AtrousLowering l = AtrousLowering.For(g) ?? throw new InvalidOperationException("rate > 1 expected");
        long r = l.Rate;
        var nodes = new List<TFNodeDef>();
        if (outputShapeIsList)
        {
            nodes.Add(Const($"{scope}/output_shape", TFDataType.Int32, [4], g.OutputShape));
        }

        nodes.Add(Const($"{scope}/SpaceToBatchND/block_shape", TFDataType.Int64, [2], [r, r]));
        nodes.Add(Const($"{scope}/SpaceToBatchND/paddings", TFDataType.Int32, [2, 2], l.SpaceToBatchPaddings));
        nodes.Add(Node($"{scope}/SpaceToBatchND", "SpaceToBatchND", [value, $"{scope}/SpaceToBatchND/block_shape", $"{scope}/SpaceToBatchND/paddings"],
            ("T", t), ("Tblock_shape", TFDataType.Int64), ("Tpaddings", TFDataType.Int32)));
        nodes.Add(Const($"{scope}/Conv2DBackpropInput/input_sizes", TFDataType.Int32, [4], l.InputSizes));
        nodes.Add(BackpropInput($"{scope}/Conv2DBackpropInput", $"{scope}/Conv2DBackpropInput/input_sizes", filters, $"{scope}/SpaceToBatchND", t, "VALID", 1, 1, 1, 1));
        nodes.Add(Const($"{scope}/BatchToSpaceND/block_shape", TFDataType.Int64, [2], [r, r]));
        nodes.Add(Const($"{scope}/BatchToSpaceND/crops", TFDataType.Int32, [2, 2], l.Crops));
        nodes.Add(Node($"{scope}/BatchToSpaceND", "BatchToSpaceND", [$"{scope}/Conv2DBackpropInput", $"{scope}/BatchToSpaceND/block_shape", $"{scope}/BatchToSpaceND/crops"],
            ("T", t), ("Tblock_shape", TFDataType.Int64), ("Tcrops", TFDataType.Int32)));
        return nodes;
    }

    /// <summary>One <c>Conv2DBackpropInput</c> named <paramref name="name"/> with its <c>input_sizes</c> constant (rate 1, and <c>conv2d_transpose</c>).</summary>
    public static List<TFNodeDef> ConvTranspose(string name, Conv2DTransposeGeometry g, TFDataType t, string value, string filters, long[] inputSizes) =>
    [
        Const($"{name}/input_sizes", TFDataType.Int32, [inputSizes.Length], inputSizes),
        BackpropInput(name, $"{name}/input_sizes", filters, value, t, Conv2DTransposeGeometry.PaddingName(g.Padding),
            g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth),
    ];

    /// <summary>
    /// <c>atrous_conv2d</c> (the forward op) with rate &gt; 1, as TensorFlow's <c>with_space_to_batch</c> builds it:
    /// SpaceToBatchND (SAME base paddings plus the extra that makes sizes divisible by rate) → Conv2D (VALID) →
    /// BatchToSpaceND. No GraphDef of it was available to check the node names against; the numbers follow
    /// docs/tf-semantics.md §5.1.
    /// </summary>
    /// <param name="scope">The name scope.</param>
    /// <param name="adjoint">The geometry whose adjoint the forward op is.</param>
    /// <param name="t">The element type.</param>
    /// <param name="value">The input node.</param>
    /// <param name="filters">The filters node.</param>
    /// <returns>The nodes.</returns>
    public static List<TFNodeDef> AtrousForward(string scope, Conv2DTransposeGeometry adjoint, TFDataType t, string value, string filters)
    {
        long r = adjoint.DilationHeight;
        long h = adjoint.OutputHeight, w = adjoint.OutputWidth;
        long extraH = (r - ((h + adjoint.PadTop + adjoint.PadBottom) % r)) % r, extraW = (r - ((w + adjoint.PadLeft + adjoint.PadRight) % r)) % r;
        return
        [
            Const($"{scope}/SpaceToBatchND/block_shape", TFDataType.Int32, [2], [r, r]),
            Const($"{scope}/SpaceToBatchND/paddings", TFDataType.Int32, [2, 2], [adjoint.PadTop, adjoint.PadBottom + extraH, adjoint.PadLeft, adjoint.PadRight + extraW]),
            Node($"{scope}/SpaceToBatchND", "SpaceToBatchND", [value, $"{scope}/SpaceToBatchND/block_shape", $"{scope}/SpaceToBatchND/paddings"],
                ("T", t), ("Tblock_shape", TFDataType.Int32), ("Tpaddings", TFDataType.Int32)),
            Conv2D($"{scope}/Conv2D", $"{scope}/SpaceToBatchND", filters, t, "VALID", 1, 1, 1, 1),
            Const($"{scope}/BatchToSpaceND/block_shape", TFDataType.Int32, [2], [r, r]),
            Const($"{scope}/BatchToSpaceND/crops", TFDataType.Int32, [2, 2], [0, extraH, 0, extraW]),
            Node($"{scope}/BatchToSpaceND", "BatchToSpaceND", [$"{scope}/Conv2D", $"{scope}/BatchToSpaceND/block_shape", $"{scope}/BatchToSpaceND/crops"],
                ("T", t), ("Tblock_shape", TFDataType.Int32), ("Tcrops", TFDataType.Int32)),
        ];
    }

    /// <summary>One <c>Conv2D</c> with the geometry's strides and dilations (the forward op, and the value gradient of the transposed one).</summary>
    public static TFNodeDef Conv2D(string name, Conv2DTransposeGeometry adjoint, TFDataType t, string input, string filters) =>
        Conv2D(name, input, filters, t, Conv2DTransposeGeometry.PaddingName(adjoint.Padding), adjoint.StrideHeight, adjoint.StrideWidth, adjoint.DilationHeight, adjoint.DilationWidth);

    /// <summary><c>Conv2DBackpropFilter(input = upstream gradient, filter_sizes, out_backprop = value)</c>: TensorFlow's filter gradient of <c>Conv2DBackpropInput</c>.</summary>
    public static List<TFNodeDef> BackpropFilter(string name, Conv2DTransposeGeometry g, TFDataType t, string value, string grad) =>
    [
        Const($"{name}/filter_sizes", TFDataType.Int32, [4], g.FiltersShape),
        Node(name, "Conv2DBackpropFilter", [grad, $"{name}/filter_sizes", value],
            ("T", t), ("data_format", "NHWC"), ("dilations", new long[] { 1, g.DilationHeight, g.DilationWidth, 1 }), ("explicit_paddings", Array.Empty<long>()),
            ("padding", Conv2DTransposeGeometry.PaddingName(g.Padding)), ("strides", new long[] { 1, g.StrideHeight, g.StrideWidth, 1 }), ("use_cudnn_on_gpu", true)),
    ];

    /// <summary>TensorFlow's <c>AddN</c>, which sums gradients that reach one tensor along several paths.</summary>
    public static TFNodeDef AddN(string name, TFDataType t, IReadOnlyList<string> inputs) =>
        Node(name, "AddN", [.. inputs], ("N", (long)inputs.Count), ("T", t));

    private static TFNodeDef Conv2D(string name, string input, string filters, TFDataType t, string padding, long sh, long sw, long dh, long dw) =>
        Node(name, "Conv2D", [input, filters],
            ("T", t), ("data_format", "NHWC"), ("dilations", new long[] { 1, dh, dw, 1 }), ("explicit_paddings", Array.Empty<long>()),
            ("padding", padding), ("strides", new long[] { 1, sh, sw, 1 }), ("use_cudnn_on_gpu", true));

    /// <summary>The single <c>Conv2DBackpropInput</c> with <c>dilations</c> that computes the same result as the whole lowering.</summary>
    public static TFNodeDef Dilated(string name, Conv2DTransposeGeometry g, TFDataType t, string value, string filters) =>
        BackpropInput(name, $"{name}/input_sizes", filters, value, t, Conv2DTransposeGeometry.PaddingName(g.Padding),
            g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth);

    private static TFNodeDef BackpropInput(string name, string sizes, string filters, string outBackprop, TFDataType t, string padding, long sh, long sw, long dh, long dw) =>
        Node(name, "Conv2DBackpropInput", [sizes, filters, outBackprop],
            ("T", t), ("data_format", "NHWC"), ("dilations", new long[] { 1, dh, dw, 1 }), ("explicit_paddings", Array.Empty<long>()),
            ("padding", padding), ("strides", new long[] { 1, sh, sw, 1 }), ("use_cudnn_on_gpu", true));

    private static TFNodeDef Const(string name, TFDataType dtype, long[] shape, long[] values) =>
        Node(name, "Const", [], ("dtype", dtype), ("value", new TFConstValue(dtype, shape, (long[])values.Clone())));

    private static TFNodeDef Node(string name, string op, string[] inputs, params (string Key, object Value)[] attrs) =>
        new(name, op, inputs, attrs.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));
}
