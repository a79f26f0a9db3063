namespace AtrousConv.Bench;

/// <summary>
/// The one-node ONNX model <c>Y = ConvTranspose(X, W)</c> equal to our op.
/// </summary>
/// <remarks>
/// ONNX ConvTranspose scatters <c>X[n, ci, iy, ix]·W[ci, co, i, j]</c> to <c>y = iy·stride + i·dilation − pad_begin</c>,
/// which is the library's definition with stride 1, dilation = rate and the library's forward pads
/// (<see cref="Conv2DTransposeGeometry.PadTop"/> etc.). Its output size is then
/// <c>H − 1 + (kh − 1)·rate + 1 − pad_top − pad_bottom</c>, equal to ours; the declared output shape lets
/// ONNX Runtime reject the model at load if that ever disagreed. <c>output_shape</c> is deliberately not set: with it,
/// ONNX Runtime would recompute the pads itself.
/// </remarks>
internal static class ConvTransposeModel
{
    /// <param name="g">The library's geometry of the call.</param>
    /// <param name="weights">The filters in ONNX layout <c>[Cin, Cout, kh, kw]</c>.</param>
    public static byte[] Create(Conv2DTransposeGeometry g, float[] weights) => OnnxModel.OneNode(
        "ConvTranspose", "atrous_conv2d_transpose",
        [
            ("dilations", [g.DilationHeight, g.DilationWidth]),
            ("strides", [g.StrideHeight, g.StrideWidth]),
            ("kernel_shape", [g.FilterHeight, g.FilterWidth]),
            ("pads", [g.PadTop, g.PadLeft, g.PadBottom, g.PadRight]), // [x1_begin, x2_begin, x1_end, x2_end]
        ],
        weights,
        [g.InputChannels, g.OutputChannels, g.FilterHeight, g.FilterWidth],
        [g.Batch, g.InputChannels, g.InputHeight, g.InputWidth],
        [g.Batch, g.OutputChannels, g.OutputHeight, g.OutputWidth]);
}
