using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Graphs;

/// <summary>
/// One graph <c>export-graphs</c> writes: a Placeholder <c>value</c> (with <see cref="PlaceholderShape"/>, -1 for an
/// unknown dimension) fed <see cref="ValueShape"/>, and what is built on it. <see cref="Build"/> makes the graph
/// that is exported; <see cref="Reference"/>, when set, makes the graph whose result is stored as <c>output</c>
/// (it differs only where the exported graph has to take another, TensorFlow-CPU-runnable form of the same op).
/// </summary>
/// <param name="Name">File and manifest name.</param>
/// <param name="DType">The dtype of <c>value</c> and of the filters.</param>
/// <param name="ValueShape">The shape fed.</param>
/// <param name="PlaceholderShape">The Placeholder's shape.</param>
/// <param name="Note">What the graph is, for the manifest.</param>
/// <param name="Build">Builds the result on the Placeholder, in the current default graph.</param>
/// <param name="Reference">Builds the result whose value is stored, if not <see cref="Build"/>'s.</param>
public sealed record GraphCase(
    string Name, TFDataType DType, long[] ValueShape, long[] PlaceholderShape, string Note,
    Func<TFTensor, TFTensor> Build, Func<TFTensor, TFTensor>? Reference = null)
{
    public override string ToString() => Name;
}
