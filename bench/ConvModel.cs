namespace AtrousConv.Bench;

/// <summary>
/// The one-node ONNX model <c>Y = Conv(X, W)</c>: ONNX Conv correlates (no kernel flip),
/// <c>Y[n, m, oy, ox] = Σ X[n, c, oy·stride + i·dilation − pad_top, ox·stride + j·dilation − pad_left]·W[m, c, i, j]</c>,
/// which with stride 1 and dilation = rate is tf.nn.atrous_conv2d. Pads are explicit: <c>auto_pad = SAME_UPPER</c>
/// would also put the odd pixel at the end, but explicit pads keep the model's meaning independent of ORT's auto-pad code.
/// </summary>
internal static class ConvModel
{
    /// <param name="inputShape"><c>X</c>: <c>[N, C, H, W]</c>.</param>
    /// <param name="weights"><c>W</c> in ONNX layout <c>[M, C, kh, kw]</c>.</param>
    /// <param name="weightShape"><c>[M, C, kh, kw]</c>.</param>
    /// <param name="stride">Both axes.</param>
    /// <param name="dilation">Both axes.</param>
    /// <param name="pads"><c>[top, left, bottom, right]</c> (ONNX: <c>[x1_begin, x2_begin, x1_end, x2_end]</c>).</param>
    /// <param name="outputShape"><c>Y</c>: <c>[N, M, Ho, Wo]</c>, checked by ONNX Runtime at load.</param>
    public static byte[] Create(long[] inputShape, float[] weights, long[] weightShape, long stride, long dilation, long[] pads, long[] outputShape) =>
        OnnxModel.OneNode(
            "Conv", "atrous_conv2d",
            [
                ("dilations", [dilation, dilation]),
                ("strides", [stride, stride]),
                ("kernel_shape", [weightShape[2], weightShape[3]]),
                ("pads", pads),
            ],
            weights, weightShape, inputShape, outputShape);
}
