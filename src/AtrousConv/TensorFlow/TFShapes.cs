using System.Globalization;

namespace AtrousConv.TensorFlow;

/// <summary>
/// Static shapes as TensorFlow keeps them: <c>-1</c> for an unknown dimension, <see langword="null"/> for an
/// unknown rank; element counts in checked 64-bit arithmetic.
/// </summary>
internal static class TFShapes
{
    /// <summary>The largest element count a CLR array holds.</summary>
    public const long MaxElements = 0x7FFFFFC7;

    /// <summary>
    /// The element count of a fully defined <paramref name="shape"/>, multiplied in order as TensorFlow's
    /// <c>TensorShape</c> does (so a product that overflows 64 bits is rejected even if a later dimension is 0); an
    /// ArgumentException naming <paramref name="paramName"/> when a dimension is negative, the product overflows, or
    /// the count does not fit one array.
    /// </summary>
    public static long ElementCount(ReadOnlySpan<long> shape, string paramName)
    {
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                TFThrow.ShapeElementCount(paramName, shape, "has a negative dimension; expected sizes >= 0.");
            }

            if (count != 0 && d > long.MaxValue / count)
            {
                TFThrow.ShapeElementCount(paramName, shape, "has an element count that overflows 64-bit arithmetic (TensorFlow: \"Encountered overflow when multiplying\"); expected a smaller shape.");
            }

            count *= d;
        }

        if (count > MaxElements)
        {
            TFThrow.ShapeElementCount(paramName, shape, $"holds {count} elements, more than one array holds ({MaxElements}); expected a smaller shape.");
        }

        return count;
    }

    public static bool IsFullyDefined(long[]? shape) => shape is not null && Array.TrueForAll(shape, d => d >= 0);

    /// <summary>Whether a concrete shape fits a static one (same rank, equal where the static one is known).</summary>
    public static bool Compatible(long[]? staticShape, ReadOnlySpan<long> actual)
    {
        if (staticShape is null)
        {
            return true;
        }

        if (staticShape.Length != actual.Length)
        {
            return false;
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (staticShape[i] >= 0 && staticShape[i] != actual[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>As TensorFlow prints a <c>TensorShape</c>: <c>(None, 8, 8, 2)</c>, <c>(3,)</c>, <c>&lt;unknown&gt;</c>.</summary>
    public static string Tuple(ReadOnlySpan<long> dims) => Tuple(dims.ToArray());

    public static string Tuple(long[]? dims)
    {
        if (dims is null)
        {
            return "<unknown>";
        }

        string[] parts = Array.ConvertAll(dims, d => d < 0 ? "None" : d.ToString(CultureInfo.InvariantCulture));
        return parts.Length == 1 ? $"({parts[0]},)" : $"({string.Join(", ", parts)})";
    }

    /// <summary>As TensorFlow's C++ prints a shape: <c>[?,8,8,2]</c>.</summary>
    public static string Bracketed(ReadOnlySpan<long> dims)
    {
        var parts = new string[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            parts[i] = dims[i] < 0 ? "?" : dims[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(",", parts) + "]";
    }

    /// <summary>A new zeroed array of <paramref name="dtype"/>'s CLR type for <paramref name="count"/> elements (validated by the caller).</summary>
    /// <remarks>A switch over the dtypes rather than <c>Array.CreateInstance(Type, …)</c>: NativeAOT needs the array types known statically.</remarks>
    public static Array NewArray(TFDataType dtype, long count) => New(dtype, count, zeroed: true);

    /// <summary>
    /// As <see cref="NewArray"/>, not zeroed, for a result every element of which a kernel writes (the kernels'
    /// destination contract): a session run then pays no extra pass over a large result before the kernel's own.
    /// </summary>
    public static Array NewKernelResult(TFDataType dtype, long count) => New(dtype, count, zeroed: false);

    private static Array New(TFDataType dtype, long count, bool zeroed)
    {
        int length = checked((int)count);
        return dtype switch
        {
            TFDataType.Float16 => Allocate<Half>(length, zeroed),
            TFDataType.BFloat16 => Allocate<BFloat16>(length, zeroed),
            TFDataType.Float32 => Allocate<float>(length, zeroed),
            TFDataType.Float64 => Allocate<double>(length, zeroed),
            TFDataType.Int32 => Allocate<int>(length, zeroed),
            TFDataType.Int64 => Allocate<long>(length, zeroed),
            TFDataType.UInt8 => Allocate<byte>(length, zeroed),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a TFDataType."),
        };
    }

    private static T[] Allocate<T>(int length, bool zeroed) => zeroed ? new T[length] : GC.AllocateUninitializedArray<T>(length);
}
