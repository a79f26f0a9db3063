using Microsoft.ML.OnnxRuntime;

namespace AtrousConv.Bench;

/// <summary>
/// ONNX Runtime's CPU ConvTranspose on one <see cref="Problem"/>, ready to run: the NCHW input and output live in
/// pinned managed arrays bound once through <see cref="OrtIoBinding"/>, so <see cref="Run"/> is only the compute
/// (no layout changes, no allocation of tensors, no name lookups).
/// </summary>
internal sealed class OrtConvTranspose : IDisposable
{
    private readonly Problem problem;
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue input, output;
    private readonly OrtIoBinding binding;
    private readonly float[] outputNchw;

    public OrtConvTranspose(Problem problem, int threads)
    {
        this.problem = problem;
        Conv2DTransposeGeometry g = problem.Geometry;
        ShapeCase s = problem.Shape;
        byte[] model = ConvTransposeModel.Create(g, Layouts.FiltersToOnnx(problem.Filters, s.KernelHeight, s.KernelWidth, s.OutChannels, s.InChannels));

        // Same thread budget as ours: intra-op threads = our MaxDegreeOfParallelism (1 means the calling thread only),
        // and no inter-op parallelism for a single node. Spinning stays at ORT's default, as its users get it.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        session = new InferenceSession(model, options);

        float[] inputNchw = Layouts.NhwcToNchw(problem.Value, s.Batch, s.Height, s.Width, s.InChannels);
        outputNchw = new float[problem.OutputLength];
        input = OrtValue.CreateTensorValueFromMemory(inputNchw, [g.Batch, g.InputChannels, g.InputHeight, g.InputWidth]);
        output = OrtValue.CreateTensorValueFromMemory(outputNchw, [g.Batch, g.OutputChannels, g.OutputHeight, g.OutputWidth]);
        binding = session.CreateIoBinding();
        binding.BindInput(ConvTransposeModel.InputName, input);
        binding.BindOutput(ConvTransposeModel.OutputName, output);
    }

    /// <summary>One inference, writing into the bound NCHW output.</summary>
    public void Run() => session.RunWithBinding(runOptions, binding);

    /// <summary>The last result, back in NHWC for comparison with the library (outside any timed region).</summary>
    public float[] OutputNhwc()
    {
        Conv2DTransposeGeometry g = problem.Geometry;
        return Layouts.NchwToNhwc(outputNchw, (int)g.Batch, (int)g.OutputChannels, (int)g.OutputHeight, (int)g.OutputWidth);
    }

    public void Dispose()
    {
        binding.Dispose();
        output.Dispose();
        input.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
