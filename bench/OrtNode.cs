using Microsoft.ML.OnnxRuntime;

namespace AtrousConv.Bench;

/// <summary>
/// ONNX Runtime's CPU session of a one-node model (<see cref="OnnxModel"/>), ready to run: input and output live in
/// pinned managed arrays bound once through <see cref="OrtIoBinding"/>, so <see cref="Run"/> is only the compute
/// (no layout changes, no allocation of tensors, no name lookups).
/// </summary>
internal sealed class OrtNode : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue input, output;
    private readonly OrtIoBinding binding;

    /// <param name="model">The model's bytes.</param>
    /// <param name="inputData">X in the model's layout; the session reads it in place on every run.</param>
    /// <param name="inputShape">X's dimensions.</param>
    /// <param name="outputShape">Y's dimensions.</param>
    /// <param name="threads">Our MaxDegreeOfParallelism for the same comparison.</param>
    public OrtNode(byte[] model, float[] inputData, long[] inputShape, long[] outputShape, int threads)
    {
        // Same thread budget as ours: intra-op threads = our MaxDegreeOfParallelism (1 means the calling thread only),
        // and no inter-op parallelism for a single node. Spinning stays at ORT's default, as its users get it, except
        // where the engines alternate call by call in one process (quick modes).
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (!AllowSpinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        session = new InferenceSession(model, options);
        Output = new float[checked((int)outputShape.Aggregate(1L, (a, b) => a * b))];
        input = OrtValue.CreateTensorValueFromMemory(inputData, inputShape);
        output = OrtValue.CreateTensorValueFromMemory(Output, outputShape);
        binding = session.CreateIoBinding();
        binding.BindInput(OnnxModel.InputName, input);
        binding.BindOutput(OnnxModel.OutputName, output);
    }

    /// <summary>
    /// Whether ORT's intra-op threads spin after a run (its default). The quick modes turn it off: they alternate ours
    /// and ORT in one process, and ORT's spinning threads would take the core our next 2-thread call needs.
    /// </summary>
    public static bool AllowSpinning { get; set; } = true;

    /// <summary>Y of the last run, in the model's layout.</summary>
    public float[] Output { get; }

    /// <summary>One inference, writing into <see cref="Output"/>.</summary>
    public void Run() => session.RunWithBinding(runOptions, binding);

    public void Dispose()
    {
        binding.Dispose();
        output.Dispose();
        input.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
