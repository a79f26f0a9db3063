namespace AtrousConv.TensorFlow;

/// <summary>
/// A named operation of TensorFlow's face: it records what TensorFlow's graph holds for the call
/// (<see cref="Lowering"/>), the single dilated node it equals (<see cref="DilatedEquivalent"/>), and its checked
/// <see cref="Geometry"/>. Its output's shape and dtype are known when it is built; the values are computed by
/// our kernels the first time they are read. <see cref="Kind"/> names the op for the gradient registry
/// (<see cref="TFGradients"/>).
/// </summary>
public sealed class TFOperation
{
    private readonly TFTensor[] inputTensors;
    private readonly Func<TFOperation, Array> evaluate;

    internal TFOperation(
        TFGraph graph, string kind, IReadOnlyList<TFNodeDef> lowering, TFNodeDef dilatedEquivalent, Conv2DTransposeGeometry? geometry,
        TFTensor[] inputs, long[] outputShape, Func<TFOperation, Array> evaluate)
    {
        this.graph = graph;
        Kind = kind;
        Lowering = lowering;
        DilatedEquivalent = dilatedEquivalent;
        Geometry = geometry;
        inputTensors = inputs;
        this.evaluate = evaluate;
        TFNodeDef last = lowering[^1];
        name = last.Name;
        type = last.Op;
        output = new TFTensor(inputs[0].dtype, outputShape, this, last.Name + ":0");
        graph.Add(this);
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names, so ported code reads the same.

    /// <summary>The node that produces the result (<c>up/BatchToSpaceND</c>, or <c>up_1/conv2d_transpose</c> for rate 1).</summary>
    public string name { get; }

    /// <summary>The op type of that node (<c>BatchToSpaceND</c>, <c>Conv2DBackpropInput</c>, <c>Conv2D</c>, …).</summary>
    public string type { get; }

    /// <summary>The graph the operation was built in.</summary>
    public TFGraph graph { get; }

    /// <summary>The operation's tensor inputs, in the order of the call (e.g. <c>value</c>, <c>filters</c>).</summary>
    public IReadOnlyList<TFTensor> inputs => inputTensors;

    /// <summary>The result tensor.</summary>
    public TFTensor output { get; }

#pragma warning restore CA1707, IDE1006

    /// <summary>
    /// The op for the gradient registry: <c>atrous_conv2d_transpose</c>, <c>conv2d_transpose</c>, <c>atrous_conv2d</c>,
    /// <c>Conv2D</c>, <c>Conv2DBackpropFilter</c> or <c>AddN</c>.
    /// </summary>
    public string Kind { get; }

    /// <summary>Every node TensorFlow's graph holds for this call, in TensorFlow's order (constants included).</summary>
    public IReadOnlyList<TFNodeDef> Lowering { get; }

    /// <summary>The one node with <c>strides</c> and <c>dilations</c> whose result equals the lowering's.</summary>
    public TFNodeDef DilatedEquivalent { get; }

    /// <summary>
    /// The validated geometry (for <c>atrous_conv2d</c> and <c>Conv2D</c>, the transposed convolution they are the
    /// adjoint of); <see langword="null"/> for <c>AddN</c>.
    /// </summary>
    public Conv2DTransposeGeometry? Geometry { get; }

    internal Array Evaluate() => evaluate(this);
}
