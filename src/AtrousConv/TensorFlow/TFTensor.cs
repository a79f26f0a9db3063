using System.Globalization;

namespace AtrousConv.TensorFlow;

/// <summary>
/// A symbolic tensor: the output of an operation in a graph, with a dtype and a static shape that may have unknown
/// dimensions (<c>-1</c>), as TensorFlow's graph tensors. Its values exist only while a <see cref="TFSession"/>
/// runs; the graph never holds computed values. <see cref="ToArray{T}"/> is the eager-looking convenience: it runs
/// the graph once for this tensor (which works when nothing it needs is a placeholder).
/// </summary>
public sealed partial class TFTensor : ITensorOrOperation
{
    private readonly long[]? dims;

    internal TFTensor(TFOperation op, TFDataType dtype, long[]? shape, long?[]? known)
    {
        this.op = op;
        this.dtype = dtype;
        dims = shape;
        Known = known;
        name = op.name + ":0";
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names, so ported code reads the same.

    /// <summary>The element type.</summary>
    public TFDataType dtype { get; }

    /// <summary>The static shape (a copy), <c>-1</c> where a dimension is unknown; empty for a scalar and for an unknown rank (see <see cref="rank"/>).</summary>
    public long[] shape => dims is null ? [] : (long[])dims.Clone();

    /// <summary>The number of dimensions, or <c>-1</c> when unknown.</summary>
    public int rank => dims?.Length ?? -1;

    /// <summary>The tensor's name: <c>op_name:0</c>.</summary>
    public string name { get; }

    /// <summary>The operation that produces this tensor (a <c>Const</c> or <c>Placeholder</c> for the graph's inputs).</summary>
    public TFOperation op { get; }

    /// <summary>The graph the tensor belongs to.</summary>
    public TFGraph graph => op.graph;

#pragma warning restore CA1707, IDE1006

    /// <summary>The static shape itself (<see langword="null"/> for an unknown rank).</summary>
    internal long[]? Dims => dims;

    /// <summary>What is known of an integer tensor's value when the graph is built (TensorFlow's partial shape-tensor evaluation): one entry per element, <see langword="null"/> where unknown.</summary>
    internal long?[]? Known { get; }

    /// <summary>The known value when every entry is known, else <see langword="null"/>.</summary>
    internal long[]? KnownValue => Known is { } k && Array.TrueForAll(k, v => v.HasValue) ? Array.ConvertAll(k, v => v!.Value) : null;

    /// <summary>The values, row-major, computed by running this tensor's graph once (no feeds).</summary>
    /// <typeparam name="T">The CLR type of <see cref="dtype"/>.</typeparam>
    /// <returns>A new array.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the storage type of <see cref="dtype"/>, or the graph needs a fed placeholder.</exception>
    public T[] ToArray<T>()
    {
        if (dtype.ToClrType() != typeof(T))
        {
            TFThrow.ReadType(name, dtype, typeof(T));
        }

        using var session = new TFSession(graph);
        return session.run(this).ToArray<T>();
    }

    /// <summary>The values as the CLR array of <see cref="dtype"/>, computed as in <see cref="ToArray{T}"/>.</summary>
    /// <returns>A new array.</returns>
    public Array numpy()
    {
        using var session = new TFSession(graph);
        return (Array)session.run(this).data.Clone();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<tf.Tensor '{name}' shape={TFShapes.Tuple(dims)} dtype={dtype.ToTFName()}>");
}
