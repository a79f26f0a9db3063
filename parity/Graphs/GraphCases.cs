using AtrousConv.Parity.Evaluation;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Graphs;

/// <summary>
/// The graphs <c>export-graphs</c> writes: TensorFlow's six (tests/AtrousConv.Tests/graphs: same names, shapes,
/// rates, strides, dilations and paddings; filters as a <c>Const</c> of generated values), the gradients of
/// <c>atrous_conv2d_transpose</c> with respect to value and to filters, an <c>atrous_conv2d</c>, a dynamic batch
/// at another rate, <c>conv2d_transpose</c> with strides and dilations together, and float64/float16 variants.
/// </summary>
/// <remarks>
/// TensorFlow's default CPU kernel refuses a <c>Conv2DBackpropInput</c> with dilations &gt; 1
/// (docs/tf-semantics.md §6.2), so a dilated <c>conv2d_transpose</c> is exported in the form TensorFlow's CPU
/// runs: the filters dilated (zeros between taps) in the <c>Const</c>, dilations 1 — the definition of dilation and
/// how TensorFlow's references are made (docs/fixture-format.md). Its <c>output</c> comes from our dilated op itself,
/// so running the exported graph checks one against the other.
/// </remarks>
public static class GraphCases
{
    public static IReadOnlyList<GraphCase> All { get; } =
    [
        Atrous("atrous_r2_same", TFDataType.Float32, [1, 9, 10, 3], [3, 3, 2, 3], [1, 9, 10, 2], 2, "SAME"),
        Atrous("atrous_r3_valid", TFDataType.Float32, [2, 5, 6, 4], [2, 2, 3, 4], [2, 8, 9, 3], 3, "VALID"),
        Atrous("atrous_r1_same", TFDataType.Float32, [1, 6, 5, 2], [3, 3, 3, 2], [1, 6, 5, 3], 1, "SAME"),
        DynamicBatch("atrous_r4_same_dynamic_batch", [3, 8, 8, 2], [3, 3, 2, 2], 2, 4),
        ConvTranspose("conv2d_transpose_d2_same", [1, 7, 7, 3], [3, 3, 2, 3], [1, 7, 7, 2], 1, 2, "SAME"),
        ConvTranspose("conv2d_transpose_s2_valid", [2, 4, 5, 2], [3, 3, 3, 2], [2, 9, 11, 3], 2, 1, "VALID"),
        ConvTranspose("conv2d_transpose_s2_d2_same", [1, 5, 5, 3], [3, 3, 2, 3], [1, 10, 10, 2], 2, 2, "SAME"),
        AtrousGradient("atrous_r2_same_grad_value", [1, 9, 10, 3], [3, 3, 2, 3], [1, 9, 10, 2], 2, "SAME", ofFilters: false),
        AtrousGradient("atrous_r3_valid_grad_filters", [2, 5, 6, 4], [2, 2, 3, 4], [2, 8, 9, 3], 3, "VALID", ofFilters: true),
        DynamicBatch("atrous_r3_same_dynamic_batch", [2, 7, 9, 3], [3, 3, 2, 3], 2, 3),
        AtrousConv2D("atrous_conv2d_r2_same", [1, 9, 10, 3], [3, 3, 3, 2], 2, "SAME"),
        Atrous("atrous_r2_same_float64", TFDataType.Float64, [1, 9, 10, 3], [3, 3, 2, 3], [1, 9, 10, 2], 2, "SAME"),
        Atrous("atrous_r2_same_float16", TFDataType.Float16, [1, 9, 10, 3], [3, 3, 2, 3], [1, 9, 10, 2], 2, "SAME"),
    ];

    private static GraphCase Atrous(string name, TFDataType dtype, long[] value, long[] filters, long[] output, int rate, string padding) =>
        new(name, dtype, value, value, $"atrous_conv2d_transpose rate {rate} {padding} ({dtype.ToTFName()})",
            x => tf.nn.atrous_conv2d_transpose(x, Filters(name, dtype, filters), output, rate, padding));

    /// <summary>
    /// The batch unknown in the graph (Placeholder <c>[-1, h, w, c]</c>): <c>output_shape</c> computed as TensorFlow
    /// code does, <c>tf.stack([tf.shape(value)[0], h, w, out])</c>, so the graph holds the int32 shape arithmetic.
    /// </summary>
    private static GraphCase DynamicBatch(string name, long[] value, long[] filters, long outChannels, int rate) =>
        new(name, TFDataType.Float32, value, [-1, .. value[1..]], $"atrous_conv2d_transpose rate {rate} SAME, batch unknown in the graph",
            x =>
            {
                TFTensor outputShape = tf.stack([tf.shape(x)[0], (int)value[1], (int)value[2], (int)outChannels]);
                return tf.nn.atrous_conv2d_transpose(x, Filters(name, TFDataType.Float32, filters), outputShape, rate, "SAME");
            });

    private static GraphCase ConvTranspose(string name, long[] value, long[] filters, long[] output, int stride, int dilation, string padding)
    {
        int[] strides = [1, stride, stride, 1];
        string note = $"conv2d_transpose strides {stride} dilations {dilation} {padding}";
        if (dilation == 1)
        {
            return new(name, TFDataType.Float32, value, value, note,
                x => tf.nn.conv2d_transpose(x, Filters(name, TFDataType.Float32, filters), output, strides, padding));
        }

        return new(name, TFDataType.Float32, value, value,
            note + ": exported with the filters dilated in the Const and dilations 1 (TensorFlow's default CPU kernel refuses dilations > 1); output from our dilated op",
            x =>
            {
                Array data = GraphInputs.Normal(TFDataType.Float32, filters, Seed(name, "filters"));
                (Array dilated, long[] shape) = GraphInputs.Dilate(data, filters, dilation, dilation);
                return tf.nn.conv2d_transpose(x, ElementTypes.Constant(dilated, shape), output, strides, padding);
            },
            x => tf.nn.conv2d_transpose(x, Filters(name, TFDataType.Float32, filters), output, strides, padding, dilations: [1, dilation, dilation, 1]));
    }

    private static GraphCase AtrousGradient(string name, long[] value, long[] filters, long[] output, int rate, string padding, bool ofFilters) =>
        new(name, TFDataType.Float32, value, value,
            $"gradient of atrous_conv2d_transpose rate {rate} {padding} with respect to {(ofFilters ? "filters" : "value")} (grad_ys a Const)",
            x =>
            {
                TFTensor f = Filters(name, TFDataType.Float32, filters);
                TFTensor y = tf.nn.atrous_conv2d_transpose(x, f, output, rate, padding);
                TFTensor upstream = ElementTypes.Constant(GraphInputs.Normal(TFDataType.Float32, output, Seed(name, "grad_ys")), output);
                return tf.gradients(y, [ofFilters ? f : x], upstream)[0]
                    ?? throw new InvalidOperationException($"{name}: tf.gradients gave no gradient");
            });

    private static GraphCase AtrousConv2D(string name, long[] value, long[] filters, int rate, string padding) =>
        new(name, TFDataType.Float32, value, value, $"atrous_conv2d rate {rate} {padding}",
            x => tf.nn.atrous_conv2d(x, Filters(name, TFDataType.Float32, filters), rate, padding));

    private static TFTensor Filters(string name, TFDataType dtype, long[] shape) =>
        ElementTypes.Constant(GraphInputs.Normal(dtype, shape, Seed(name, "filters")), shape);

    /// <summary>A seed per graph and input, stable across runs and processes (FNV-1a of the names).</summary>
    public static int Seed(string name, string input)
    {
        uint hash = 2166136261;
        foreach (char c in name + "/" + input)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFF_FFFF);
    }
}
