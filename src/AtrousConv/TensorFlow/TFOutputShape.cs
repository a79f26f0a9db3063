using AtrousConv.Contract;

namespace AtrousConv.TensorFlow;

/// <summary>
/// TensorFlow's <c>output_shape</c> argument: a Python-style list (<c>int[]</c>, <c>long[]</c>) or a 1-D integer
/// tensor. TensorFlow runs its Python channel check only for lists; we keep that difference (the kernel-level
/// check still catches a tensor's mismatch).
/// </summary>
public readonly struct TFOutputShape : IEquatable<TFOutputShape>
{
    private readonly long[]? values;

    private TFOutputShape(long[] values, bool isTensor)
    {
        this.values = values;
        IsTensor = isTensor;
    }

    /// <summary>Whether the shape was given as a tensor.</summary>
    public bool IsTensor { get; }

    /// <summary>The entries.</summary>
    public ReadOnlySpan<long> Values => values;

    /// <summary>A list of int entries.</summary>
    /// <param name="list">The entries.</param>
    public static implicit operator TFOutputShape(int[] list) => FromList(list);

    /// <summary>A list of long entries.</summary>
    /// <param name="list">The entries.</param>
    public static implicit operator TFOutputShape(long[] list) => FromList(list);

    /// <summary>A 1-D int32 or int64 tensor.</summary>
    /// <param name="tensor">The tensor.</param>
    public static implicit operator TFOutputShape(TFTensor tensor) => FromTensor(tensor);

    /// <summary>Equality of entries and kind.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    public static bool operator ==(TFOutputShape left, TFOutputShape right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    public static bool operator !=(TFOutputShape left, TFOutputShape right) => !left.Equals(right);

    /// <summary>A list of int entries.</summary>
    /// <param name="list">The entries.</param>
    /// <returns>The argument.</returns>
    public static TFOutputShape FromList(int[] list)
    {
        ArgumentNullException.ThrowIfNull(list, "output_shape");
        return new TFOutputShape(Array.ConvertAll(list, v => (long)v), isTensor: false);
    }

    /// <summary>A list of long entries.</summary>
    /// <param name="list">The entries.</param>
    /// <returns>The argument.</returns>
    public static TFOutputShape FromList(long[] list)
    {
        ArgumentNullException.ThrowIfNull(list, "output_shape");
        return new TFOutputShape((long[])list.Clone(), isTensor: false);
    }

    /// <summary>A 1-D int32 or int64 tensor.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The argument.</returns>
    /// <exception cref="ArgumentException">The tensor is not a 1-D integer tensor.</exception>
    public static TFOutputShape FromTensor(TFTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor, "output_shape");
        if (tensor.Rank != 1)
        {
            ThrowHelper.Argument("output_shape", $"output_shape must be a 1-D tensor, but {tensor.name} has shape {ThrowHelper.TupleShape(tensor.Dims)}.");
        }

        long[]? entries = tensor.Values switch
        {
            int[] ints => Array.ConvertAll(ints, v => (long)v),
            long[] longs => (long[])longs.Clone(),
            _ => null,
        };
        if (entries is null)
        {
            ThrowHelper.Argument("output_shape", $"output_shape must be an int32 or int64 tensor, but {tensor.name} has dtype {tensor.dtype.ToTFName()}.");
        }

        return new TFOutputShape(entries, isTensor: true);
    }

    /// <inheritdoc/>
    public bool Equals(TFOutputShape other) => IsTensor == other.IsTensor && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TFOutputShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsTensor, values?.Length ?? 0);
}
