namespace AtrousConv.TensorFlow;

/// <summary>
/// TensorFlow's <c>output_shape</c> argument: a Python-style list (<c>int[]</c>, <c>long[]</c>) or a 1-D integer
/// tensor. TensorFlow runs its Python channel check only for lists; we keep that difference (the kernel-level
/// check still catches a tensor's mismatch).
/// </summary>
public readonly struct TFOutputShape : IEquatable<TFOutputShape>
{
    private readonly long[]? values;

    private TFOutputShape(long[]? values, TFTensor? tensor)
    {
        this.values = values;
        Tensor = tensor;
    }

    /// <summary>Whether the shape was given as a tensor.</summary>
    public bool IsTensor => Tensor is not null;

    /// <summary>The tensor, when given as one (its value may be known only at run time, e.g. <c>tf.stack([tf.shape(x)[0], 5, 5, 2])</c>).</summary>
    public TFTensor? Tensor { get; }

    /// <summary>The entries of a list; for a tensor, its value when known at build time, else empty.</summary>
    public ReadOnlySpan<long> Values => values ?? Tensor?.KnownValue;

    /// <summary>The entries when all are known at build time, else <see langword="null"/>.</summary>
    internal long[]? KnownValues => values ?? Tensor?.KnownValue;

    /// <summary>The number of entries, or -1 when a tensor's length is unknown at build time.</summary>
    internal long Length => values?.Length ?? (Tensor!.Dims is [long n] ? n : -1);

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
        return new TFOutputShape(Array.ConvertAll(list, v => (long)v), null);
    }

    /// <summary>A list of long entries.</summary>
    /// <param name="list">The entries.</param>
    /// <returns>The argument.</returns>
    public static TFOutputShape FromList(long[] list)
    {
        ArgumentNullException.ThrowIfNull(list, "output_shape");
        return new TFOutputShape((long[])list.Clone(), null);
    }

    /// <summary>A 1-D int32 or int64 tensor.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The argument.</returns>
    /// <exception cref="ArgumentException">The tensor is not a 1-D integer tensor.</exception>
    public static TFOutputShape FromTensor(TFTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor, "output_shape");
        if (tensor.rank is not (1 or -1))
        {
            TFThrow.OutputShapeNotVector(tensor);
        }

        if (tensor.dtype is not (TFDataType.Int32 or TFDataType.Int64))
        {
            TFThrow.OutputShapeNotInteger(tensor);
        }

        return new TFOutputShape(null, tensor);
    }

    /// <inheritdoc/>
    public bool Equals(TFOutputShape other) => ReferenceEquals(Tensor, other.Tensor) && (values ?? []).AsSpan().SequenceEqual(other.values ?? []);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TFOutputShape other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Tensor, values?.Length ?? 0);
}
