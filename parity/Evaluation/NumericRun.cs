using AtrousConv.Parity.Manifest;
using AtrousConv.Parity.Npy;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>Everything a numeric case's arrays are produced from: the case, its fixture, our inputs and our built op.</summary>
/// <param name="Case">The case.</param>
/// <param name="Fixture">The .npz arrays (TensorFlow's inputs and results, and <c>grad_output</c> for gradients).</param>
/// <param name="Value">Our value tensor.</param>
/// <param name="Filters">Our filters tensor.</param>
/// <param name="Result">Our op's result tensor (computed when read).</param>
public sealed record NumericRun(ParityCase Case, IReadOnlyDictionary<string, NpyArray> Fixture, TFTensor Value, TFTensor Filters, TFTensor Result);
