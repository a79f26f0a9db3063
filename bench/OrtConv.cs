namespace AtrousConv.Bench;

/// <summary>ONNX Runtime's CPU Conv with dilations = rate on one <see cref="ConvProblem"/> (NCHW, laid out once in setup).</summary>
internal sealed class OrtConv : IDisposable
{
    private readonly long[] outputNchw;
    private readonly OrtNode node;

    public OrtConv(ConvProblem problem, int threads)
    {
        long[] x = problem.InputShape, f = problem.FiltersShape, y = problem.OutputShape;
        long[] inputNchw = [x[0], x[3], x[1], x[2]];
        outputNchw = [y[0], y[3], y[1], y[2]];
        long[] weightShape = [f[3], f[2], f[0], f[1]];
        float[] weights = Layouts.FiltersToOnnx(problem.Filters, (int)f[0], (int)f[1], (int)f[2], (int)f[3]);
        byte[] model = ConvModel.Create(inputNchw, weights, weightShape, stride: 1, dilation: problem.Rate, problem.Pads, outputNchw);
        float[] input = Layouts.NhwcToNchw(problem.Input, (int)x[0], (int)x[1], (int)x[2], (int)x[3]);
        node = new OrtNode(model, input, inputNchw, outputNchw, threads);
    }

    public void Run() => node.Run();

    /// <summary>The last result, back in NHWC (outside any timed region).</summary>
    public float[] OutputNhwc() =>
        Layouts.NchwToNhwc(node.Output, (int)outputNchw[0], (int)outputNchw[1], (int)outputNchw[2], (int)outputNchw[3]);

    public void Dispose() => node.Dispose();
}
