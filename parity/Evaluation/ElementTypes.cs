using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>The bridge between TensorFlow dtype names, our CLR element arrays and doubles for comparison.</summary>
public static class ElementTypes
{
    /// <summary>Our <see cref="TFDataType"/> for a TensorFlow dtype name, or <see langword="null"/> for one the library has no type for.</summary>
    /// <param name="name">e.g. <c>float32</c>, <c>bfloat16</c>, <c>int64</c>.</param>
    /// <returns>The type.</returns>
    public static TFDataType? FromName(string? name) => name switch
    {
        "float32" or "float" => TFDataType.Float32,
        "float64" or "double" => TFDataType.Float64,
        "float16" or "half" => TFDataType.Float16,
        "bfloat16" => TFDataType.BFloat16,
        "int32" => TFDataType.Int32,
        "int64" => TFDataType.Int64,
        "uint8" => TFDataType.UInt8,
        _ => null,
    };

    /// <summary>
    /// Deterministic inputs for cases without a fixture file: small integers in [-2, 2], so every product and sum
    /// is exact in every dtype (and results can be checked exactly against the reference kernel).
    /// </summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="count">The element count.</param>
    /// <param name="seed">Varies the pattern between value and filters.</param>
    /// <returns>The typed array.</returns>
    public static Array SmallIntegers(TFDataType dtype, int count, int seed)
    {
        int[] ints = new int[count];
        for (int k = 0; k < count; k++)
        {
            ints[k] = (int)((((long)k * 7) + seed) % 5) - 2;
        }

        return dtype switch
        {
            TFDataType.Float32 => Array.ConvertAll(ints, v => (float)v),
            TFDataType.Float64 => Array.ConvertAll(ints, v => (double)v),
            TFDataType.Float16 => Array.ConvertAll(ints, v => (Half)v),
            TFDataType.BFloat16 => Array.ConvertAll(ints, v => BFloat16.FromSingle(v)),
            TFDataType.Int32 => ints,
            TFDataType.Int64 => Array.ConvertAll(ints, v => (long)v),
            TFDataType.UInt8 => Array.ConvertAll(ints, v => (byte)(v + 2)),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "no CLR element type"),
        };
    }

    /// <summary>The <see cref="TFDataType"/> an element array holds.</summary>
    /// <param name="data">A typed array.</param>
    /// <returns>Its dtype, or <see langword="null"/>.</returns>
    public static TFDataType? DTypeOf(Array data) => TFDataTypeExtensions.FromClrType(data.GetType().GetElementType()!);

    /// <summary><c>tf.constant</c> of a typed array (the generic argument follows the array's element type).</summary>
    /// <param name="data">float[], double[], Half[], BFloat16[], int[], long[] or byte[].</param>
    /// <param name="shape">The shape.</param>
    /// <returns>The constant in the current default graph.</returns>
    public static TFTensor Constant(Array data, long[] shape) => data switch
    {
        float[] a => tf.constant(a, shape),
        double[] a => tf.constant(a, shape),
        Half[] a => tf.constant(a, shape),
        BFloat16[] a => tf.constant(a, shape),
        int[] a => tf.constant(a, shape),
        long[] a => tf.constant(a, shape),
        byte[] a => tf.constant(a, shape),
        _ => throw new ArgumentException($"no tf.constant for {data.GetType().Name}", nameof(data)),
    };

    /// <summary>Reads a result through <see cref="TFTensor.ToArray{T}"/> with the CLR type of its dtype, widened to double.</summary>
    /// <param name="tensor">The tensor (computed here if it is an operation's output).</param>
    /// <returns>The values.</returns>
    public static double[] Read(TFTensor tensor) => tensor.dtype switch
    {
        TFDataType.Float32 => ToDoubles(tensor.ToArray<float>()),
        TFDataType.Float64 => tensor.ToArray<double>(),
        TFDataType.Float16 => ToDoubles(tensor.ToArray<Half>()),
        TFDataType.BFloat16 => ToDoubles(tensor.ToArray<BFloat16>()),
        TFDataType.Int32 => ToDoubles(tensor.ToArray<int>()),
        TFDataType.Int64 => ToDoubles(tensor.ToArray<long>()),
        TFDataType.UInt8 => ToDoubles(tensor.ToArray<byte>()),
        _ => throw new ArgumentOutOfRangeException(nameof(tensor), tensor.dtype, "unknown dtype"),
    };

    /// <summary>Widens any element array to double (exact for every type here but int64 beyond 2^53, which no fixture holds).</summary>
    /// <param name="data">A typed array.</param>
    /// <returns>The values as doubles.</returns>
    public static double[] ToDoubles(Array data) => data switch
    {
        float[] a => Array.ConvertAll(a, v => (double)v),
        double[] a => (double[])a.Clone(),
        Half[] a => Array.ConvertAll(a, v => (double)v),
        BFloat16[] a => Array.ConvertAll(a, v => (double)v.ToSingle()),
        int[] a => Array.ConvertAll(a, v => (double)v),
        long[] a => Array.ConvertAll(a, v => (double)v),
        byte[] a => Array.ConvertAll(a, v => (double)v),
        _ => throw new ArgumentException($"cannot widen {data.GetType().Name}", nameof(data)),
    };
}
