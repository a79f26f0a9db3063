namespace AtrousConv.TensorFlow;

/// <summary>Builds operations in the default graph from a validated geometry: the public <c>tf.nn</c> functions and
/// the gradient functions both end here.</summary>
internal static class TFOps
{
    public static TFTensor Transpose(string kind, List<TFNodeDef> lowering, TFNodeDef dilated, Conv2DTransposeGeometry g, TFTensor value, TFTensor filters) =>
        new TFOperation(TFGraph.Default, kind, lowering, dilated, g, [value, filters], g.OutputShape, TFEvaluation.Transpose).output;

    /// <summary>The forward convolution <c>Conv2D(input, filters)</c>: the adjoint of <paramref name="adjoint"/>.</summary>
    public static TFTensor Conv2D(string name, Conv2DTransposeGeometry adjoint, TFTensor input, TFTensor filters)
    {
        string node = TFGraph.Default.UniqueName(name);
        TFNodeDef conv = TFLowering.Conv2D(node, adjoint, input.dtype, NodeName(input), NodeName(filters));
        return new TFOperation(TFGraph.Default, "Conv2D", [conv], conv, adjoint, [input, filters], adjoint.ValueShape, TFEvaluation.Adjoint).output;
    }

    /// <summary><c>Conv2DBackpropFilter</c>: the gradient of the transposed convolution with respect to its filters.</summary>
    public static TFTensor FilterGradient(string name, Conv2DTransposeGeometry g, TFTensor value, TFTensor grad)
    {
        string node = TFGraph.Default.UniqueName(name);
        List<TFNodeDef> lowering = TFLowering.BackpropFilter(node, g, value.dtype, NodeName(value), NodeName(grad));
        return new TFOperation(TFGraph.Default, "Conv2DBackpropFilter", lowering, lowering[^1], g, [value, grad], g.FiltersShape, TFEvaluation.FilterGradient).output;
    }

    /// <summary>The sum of tensors of one shape and dtype.</summary>
    public static TFTensor AddN(string name, IReadOnlyList<TFTensor> terms)
    {
        string node = TFGraph.Default.UniqueName(name);
        TFNodeDef add = TFLowering.AddN(node, terms[0].dtype, [.. terms.Select(NodeName)]);
        return new TFOperation(TFGraph.Default, "AddN", [add], add, null, [.. terms], terms[0].shape, TFEvaluation.AddN).output;
    }

    public static string NodeName(TFTensor tensor) => tensor.name.EndsWith(":0", StringComparison.Ordinal) ? tensor.name[..^2] : tensor.name;
}
