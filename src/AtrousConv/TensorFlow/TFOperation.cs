using System.Numerics.Tensors;

namespace AtrousConv.TensorFlow;

/// <summary>
/// A named operation of TensorFlow's face: it records what TensorFlow's graph holds for the call
/// (<see cref="Lowering"/>), the single dilated <c>Conv2DBackpropInput</c> it equals (<see cref="DilatedEquivalent"/>),
/// and its checked <see cref="Geometry"/>. Its output's shape and dtype are known when it is built; the values
/// are computed by our kernel the first time they are read.
/// </summary>
public sealed class TFOperation
{
    private readonly TFTensor[] inputTensors;

    internal TFOperation(TFGraph graph, string name, IReadOnlyList<TFNodeDef> lowering, TFNodeDef dilatedEquivalent, Conv2DTransposeGeometry geometry, TFTensor value, TFTensor filters)
    {
        this.graph = graph;
        this.name = name;
        Lowering = lowering;
        DilatedEquivalent = dilatedEquivalent;
        Geometry = geometry;
        inputTensors = [value, filters];
        TFNodeDef output = lowering[^1];
        type = output.Op;
        this.output = new TFTensor(value.dtype, geometry.OutputShape, this, output.Name + ":0");
        graph.Add(this);
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names, so ported code reads the same.

    /// <summary>The node that produces the result (<c>up/BatchToSpaceND</c>, or <c>up_1/conv2d_transpose</c> for rate 1).</summary>
    public string name { get; }

    /// <summary>The op type of that node (<c>BatchToSpaceND</c> or <c>Conv2DBackpropInput</c>).</summary>
    public string type { get; }

    /// <summary>The graph the operation was built in.</summary>
    public TFGraph graph { get; }

    /// <summary>The operation's inputs: <c>value</c> and <c>filters</c>.</summary>
    public IReadOnlyList<TFTensor> inputs => inputTensors;

    /// <summary>The result tensor.</summary>
    public TFTensor output { get; }

#pragma warning restore CA1707, IDE1006

    /// <summary>Every node TensorFlow's graph holds for this call, in TensorFlow's order (constants included).</summary>
    public IReadOnlyList<TFNodeDef> Lowering { get; }

    /// <summary>The one <c>Conv2DBackpropInput</c> with <c>strides</c> and <c>dilations</c> whose result equals the lowering's.</summary>
    public TFNodeDef DilatedEquivalent { get; }

    /// <summary>The validated geometry of the transposed convolution.</summary>
    public Conv2DTransposeGeometry Geometry { get; }

    /// <summary>Computes the result with our kernel, through the .NET face.</summary>
    internal Array Evaluate() => output.dtype switch
    {
        TFDataType.Float32 => Run<float>(),
        TFDataType.Float64 => Run<double>(),
        TFDataType.Float16 => Run<Half>(),
        TFDataType.BFloat16 => Run<BFloat16>(),
        TFDataType.Int32 => Run<int>(),
        _ => throw new InvalidOperationException($"dtype {output.dtype} passed validation; this is a bug."),
    };

    private T[] Run<T>()
        where T : unmanaged
    {
        Conv2DTransposeGeometry g = Geometry;
        var result = new T[g.OutputElementCount];
        Convolution.Conv2DTranspose(
            new ReadOnlyTensorSpan<T>((T[])inputTensors[0].Values, Lengths(g.ValueShape)),
            new ReadOnlyTensorSpan<T>((T[])inputTensors[1].Values, Lengths(g.FiltersShape)),
            new TensorSpan<T>(result, Lengths(g.OutputShape)),
            [checked((int)g.StrideHeight), checked((int)g.StrideWidth)],
            g.Padding,
            [checked((int)g.DilationHeight), checked((int)g.DilationWidth)]);
        return result;
    }

    private static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => checked((nint)d));
}
