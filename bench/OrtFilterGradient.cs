namespace AtrousConv.Bench;

/// <summary>
/// The transposed op's filter gradient computed by ONNX Runtime, as an independent check for quick mode (the scalar
/// reference takes ~25 s on shape E). ONNX Runtime for inference has no gradient ops, but this gradient is a Conv:
/// <c>dW[i, j, co, ci] = Σ_{n, y, x} gradOutput[n, y + i·rate − pad_top, x + j·rate − pad_left, co] · value[n, y, x, ci]</c>
/// is Conv(X = gradOutput as <c>[Cout, N, Ho, Wo]</c>, W = value as <c>[Cin, N, H, W]</c>) with stride = rate,
/// dilation 1 and the op's pads, whose <c>[Cout, Cin, kh, kw]</c> result has <c>(Ho + pads − H) / rate + 1 = kh</c> rows.
/// </summary>
internal static class OrtFilterGradient
{
    /// <returns>d loss / d filters in the library's layout <c>[kh, kw, Cout, Cin]</c>.</returns>
    public static float[] Compute(Problem problem, int threads)
    {
        Conv2DTransposeGeometry g = problem.Geometry;
        int n = (int)g.Batch, h = (int)g.InputHeight, w = (int)g.InputWidth, cin = (int)g.InputChannels;
        int ho = (int)g.OutputHeight, wo = (int)g.OutputWidth, cout = (int)g.OutputChannels, kh = (int)g.FilterHeight, kw = (int)g.FilterWidth;
        long[] inputShape = [cout, n, ho, wo], weightShape = [cin, n, h, w], outputShape = [cout, cin, kh, kw];
        float[] input = Layouts.Permute(problem.GradOutput, [n, ho, wo, cout], [3, 0, 1, 2]);
        float[] weights = Layouts.Permute(problem.Value, [n, h, w, cin], [3, 0, 1, 2]);
        byte[] model = ConvModel.Create(inputShape, weights, weightShape, stride: problem.Shape.Rate, dilation: 1, [g.PadTop, g.PadLeft, g.PadBottom, g.PadRight], outputShape);
        using var node = new OrtNode(model, input, inputShape, outputShape, threads);
        node.Run();
        return Layouts.Permute(node.Output, [cout, cin, kh, kw], [2, 3, 0, 1]);
    }
}
