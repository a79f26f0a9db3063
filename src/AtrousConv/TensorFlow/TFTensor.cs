using System.Globalization;
using AtrousConv.Contract;

namespace AtrousConv.TensorFlow;

/// <summary>
/// A tensor on TensorFlow's face: its element type is known at run time, as in TensorFlow, and its shape is
/// static. A constant holds data; an operation's output is computed the first time it is read
/// (<see cref="ToArray{T}"/>), after all validation already happened when the operation was built.
/// </summary>
public sealed class TFTensor
{
    private readonly long[] dims;
    private readonly Lazy<Array> data;

    internal TFTensor(TFDataType dtype, long[] shape, Array values, string name)
    {
        this.dtype = dtype;
        dims = shape;
        this.name = name;
        data = new Lazy<Array>(values);
    }

    internal TFTensor(TFDataType dtype, long[] shape, TFOperation op, string name)
    {
        this.dtype = dtype;
        dims = shape;
        this.op = op;
        this.name = name;
        data = new Lazy<Array>(op.Evaluate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names, so ported code reads the same.

    /// <summary>The element type.</summary>
    public TFDataType dtype { get; }

    /// <summary>The static shape (a copy).</summary>
    public long[] shape => (long[])dims.Clone();

    /// <summary>The tensor's name: <c>op_name:0</c> for an operation's output.</summary>
    public string name { get; }

    /// <summary>The operation that produces this tensor, or <see langword="null"/> for a constant.</summary>
    public TFOperation? op { get; }

    /// <summary>The values, row-major, as the CLR array of <see cref="dtype"/> (float[], double[], Half[], BFloat16[], int[], long[], byte[]).</summary>
    /// <returns>A copy of the data.</returns>
    public Array numpy() => (Array)data.Value.Clone();

#pragma warning restore CA1707, IDE1006

    internal long Rank => dims.Length;

    internal ReadOnlySpan<long> Dims => dims;

    /// <summary>The values, row-major, computing them if this is an operation's output.</summary>
    /// <typeparam name="T">The CLR type of <see cref="dtype"/>.</typeparam>
    /// <returns>A copy of the data.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the storage type of <see cref="dtype"/>.</exception>
    public T[] ToArray<T>()
    {
        if (data.Value is not T[] values)
        {
            ThrowHelper.Argument(nameof(T), $"{name} has dtype {dtype.ToTFName()}, stored as {dtype.ToClrType().Name}; ToArray<{typeof(T).Name}>() cannot read it. Expected ToArray<{dtype.ToClrType().Name}>().");
            return [];
        }

        return (T[])values.Clone();
    }

    /// <summary>The values without a copy (internal readers only).</summary>
    internal Array Values => data.Value;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<tf.Tensor '{name}' shape={ThrowHelper.TupleShape(dims)} dtype={dtype.ToTFName()}>");
}
