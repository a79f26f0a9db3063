using System.Runtime.CompilerServices;
using AtrousConv.Parity.Npy;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>
/// Which fixture arrays the library can produce, and how, all through the TensorFlow face: the op's result,
/// the gradients from <c>tf.gradients(result, [value, filters], grad_ys = grad_output)</c> (the registered gradient
/// functions, as TensorFlow's GradientTape), and <c>tf.nn.atrous_conv2d(grad_output, filters, rate, padding)</c>.
/// Any other result array of a fixture is reported as "not checked yet".
/// </summary>
public static class ProducedArrays
{
    /// <summary>Fixture arrays that are inputs of the computation, not results to compare.</summary>
    public static readonly IReadOnlySet<string> Inputs = new HashSet<string>(StringComparer.Ordinal) { "value", "filters", "grad_output" };

    private static readonly Dictionary<string, Func<NumericRun, ShapedValues>> Producers = new(StringComparer.Ordinal)
    {
        ["output"] = run => Shaped(run.Result),
        ["grad_value"] = run => Shaped(Gradients(run)[0]),
        ["grad_filters"] = run => Shaped(Gradients(run)[1]),
        ["atrous_conv2d_of_grad_output"] = run => Shaped(tf.nn.atrous_conv2d(GradOutput(run), run.Filters, Ops.ToInt(run.Case.Rate, "rate"), run.Case.Padding!)),
    };

    /// <summary>Each run's gradients, built once for both arrays.</summary>
    private static readonly ConditionalWeakTable<NumericRun, TFTensor[]> GradientCache = [];

    private static ShapedValues Shaped(TFTensor tensor) => new(tensor.shape, ElementTypes.Read(tensor));

    private static TFTensor[] Gradients(NumericRun run) => GradientCache.GetValue(run, r =>
    {
        TFTensor?[] grads = tf.gradients(r.Result, [r.Value, r.Filters], GradOutput(r));
        return [grads[0] ?? throw new InvalidOperationException("no gradient reached value"), grads[1] ?? throw new InvalidOperationException("no gradient reached filters")];
    });

    private static TFTensor GradOutput(NumericRun run)
    {
        NpyArray g = run.Fixture.TryGetValue("grad_output", out NpyArray? array) ? array : throw new InvalidDataException("a gradient case without grad_output");
        return ElementTypes.Constant(g.Data, g.Shape);
    }

    /// <summary>Our version of a fixture array, or <see langword="null"/> if the library cannot produce it yet.</summary>
    /// <param name="name">The array's name in the .npz.</param>
    /// <param name="run">The case's run.</param>
    /// <returns>Our shape and values, or <see langword="null"/>.</returns>
    public static ShapedValues? TryProduce(string name, NumericRun run) =>
        Producers.TryGetValue(name, out Func<NumericRun, ShapedValues>? produce) ? produce(run) : null;
}
