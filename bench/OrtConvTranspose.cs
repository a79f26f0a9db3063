namespace AtrousConv.Bench;

/// <summary>ONNX Runtime's CPU ConvTranspose on one <see cref="Problem"/> (NCHW, laid out once in setup).</summary>
internal sealed class OrtConvTranspose : IDisposable
{
    private readonly Problem problem;
    private readonly OrtNode node;

    public OrtConvTranspose(Problem problem, int threads)
    {
        this.problem = problem;
        Conv2DTransposeGeometry g = problem.Geometry;
        ShapeCase s = problem.Shape;
        byte[] model = ConvTransposeModel.Create(g, Layouts.FiltersToOnnx(problem.Filters, s.KernelHeight, s.KernelWidth, s.OutChannels, s.InChannels));
        float[] inputNchw = Layouts.NhwcToNchw(problem.Value, s.Batch, s.Height, s.Width, s.InChannels);
        node = new OrtNode(model, inputNchw, [g.Batch, g.InputChannels, g.InputHeight, g.InputWidth], [g.Batch, g.OutputChannels, g.OutputHeight, g.OutputWidth], threads);
    }

    /// <summary>One inference, writing into the bound NCHW output.</summary>
    public void Run() => node.Run();

    /// <summary>The last result, back in NHWC for comparison with the library (outside any timed region).</summary>
    public float[] OutputNhwc()
    {
        Conv2DTransposeGeometry g = problem.Geometry;
        return Layouts.NchwToNhwc(node.Output, (int)g.Batch, (int)g.OutputChannels, (int)g.OutputHeight, (int)g.OutputWidth);
    }

    public void Dispose() => node.Dispose();
}
