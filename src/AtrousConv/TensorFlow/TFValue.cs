namespace AtrousConv.TensorFlow;

/// <summary>
/// A concrete tensor value, fed to or fetched from a <see cref="TFSession"/> (TensorFlow's numpy array): its
/// dtype, shape and row-major data as the CLR array of the dtype (float[], double[], Half[], BFloat16[], int[],
/// long[], byte[]). Values are immutable by contract: the session never writes into an array it was fed.
/// </summary>
public sealed class TFValue
{
    private readonly long[] dims;

    /// <summary>A value of <paramref name="data"/> with <paramref name="shape"/>; the dtype follows the array's element type.</summary>
    /// <param name="data">A one-dimensional array (not copied).</param>
    /// <param name="shape">The shape; its element count must equal the data's length.</param>
    /// <exception cref="ArgumentException">The element type has no dtype here, or shape and data disagree.</exception>
    public TFValue(Array data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        Type element = data.GetType().GetElementType()!;
        if (data.Rank != 1 || TFDataTypeExtensions.FromClrType(element) is not { } type)
        {
            TFThrow.ValueArray(data);
            return;
        }

        long count = TFShapes.ElementCount(shape, nameof(shape));
        if (count != data.LongLength)
        {
            TFThrow.ValueCount(shape, count, data.LongLength);
        }

        dtype = type;
        dims = (long[])shape.Clone();
        this.data = data;
    }

    /// <summary>A value the face computed (trusted: shape and data agree).</summary>
    internal TFValue(TFDataType dtype, long[] shape, Array data)
    {
        System.Diagnostics.Debug.Assert(data.LongLength == TFShapes.ElementCount(shape, nameof(shape)), "computed values are consistent");
        this.dtype = dtype;
        dims = shape;
        this.data = data;
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names, so ported code reads the same.

    /// <summary>The element type.</summary>
    public TFDataType dtype { get; }

    /// <summary>The shape (a copy).</summary>
    public long[] shape => (long[])dims.Clone();

    /// <summary>The data, row-major (the array itself, not a copy: do not write into it).</summary>
    public Array data { get; }

#pragma warning restore CA1707, IDE1006

    internal long[] Dims => dims;

    /// <summary>A value of <paramref name="data"/> with <paramref name="shape"/>.</summary>
    /// <typeparam name="T">float, double, Half, BFloat16, int, long or byte.</typeparam>
    /// <param name="data">The data (not copied).</param>
    /// <param name="shape">The shape.</param>
    /// <returns>The value.</returns>
    public static TFValue Create<T>(T[] data, params long[] shape) => new(data, shape);

    /// <summary>The data, row-major, as <typeparamref name="T"/>[].</summary>
    /// <typeparam name="T">The CLR type of <see cref="dtype"/>.</typeparam>
    /// <returns>A copy.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the storage type of <see cref="dtype"/>.</exception>
    public T[] ToArray<T>()
    {
        if (data is not T[] values)
        {
            TFThrow.ReadType("The value", dtype, typeof(T));
            return [];
        }

        return (T[])values.Clone();
    }

    /// <summary>The entries of an integer value as 64-bit integers.</summary>
    internal long[] ToLongs() => data switch
    {
        int[] ints => Array.ConvertAll(ints, v => (long)v),
        long[] longs => longs,
        _ => throw new InvalidOperationException($"an integer value was expected, got {dtype.ToTFName()}; this is a bug."),
    };

    /// <summary>An int32 or int64 value of <paramref name="entries"/>.</summary>
    internal static TFValue OfLongs(TFDataType dtype, long[] shape, long[] entries) => dtype == TFDataType.Int64
        ? new TFValue(dtype, shape, entries)
        : new TFValue(dtype, shape, Array.ConvertAll(entries, v => unchecked((int)v)));
}
