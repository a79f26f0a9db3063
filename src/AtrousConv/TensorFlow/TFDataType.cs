namespace AtrousConv.TensorFlow;

/// <summary>TensorFlow's element types (the ones a user can hand these ops; only some are computable).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members mirror TensorFlow's dtype names (tf.float32, tf.int32, ...).")]
public enum TFDataType
{
    /// <summary><c>tf.float16</c> ("half"), stored as <see cref="Half"/>.</summary>
    Float16,

    /// <summary><c>tf.bfloat16</c>, stored as <see cref="BFloat16"/>.</summary>
    BFloat16,

    /// <summary><c>tf.float32</c> ("float").</summary>
    Float32,

    /// <summary><c>tf.float64</c> ("double").</summary>
    Float64,

    /// <summary><c>tf.int32</c>.</summary>
    Int32,

    /// <summary><c>tf.int64</c>: accepted by SpaceToBatchND, refused by Conv2DBackpropInput.</summary>
    Int64,

    /// <summary><c>tf.uint8</c>: refused by these ops.</summary>
    UInt8,
}

/// <summary>TensorFlow's names and our CLR types for <see cref="TFDataType"/>.</summary>
public static class TFDataTypeExtensions
{
    /// <summary>The name TensorFlow prints in op-definition errors: <c>half</c>, <c>bfloat16</c>, <c>float</c>, <c>double</c>, <c>int32</c>, …</summary>
    /// <param name="dtype">The type.</param>
    /// <returns>Its TensorFlow name.</returns>
    public static string ToTFName(this TFDataType dtype) => dtype switch
    {
        TFDataType.Float16 => "half",
        TFDataType.BFloat16 => "bfloat16",
        TFDataType.Float32 => "float",
        TFDataType.Float64 => "double",
        TFDataType.Int32 => "int32",
        TFDataType.Int64 => "int64",
        TFDataType.UInt8 => "uint8",
        _ => dtype.ToString(),
    };

    /// <summary>The <c>DT_*</c> enum name of a GraphDef.</summary>
    /// <param name="dtype">The type.</param>
    /// <returns><c>DT_FLOAT</c> and so on.</returns>
    public static string ToGraphDefName(this TFDataType dtype) => dtype switch
    {
        TFDataType.Float16 => "DT_HALF",
        TFDataType.BFloat16 => "DT_BFLOAT16",
        TFDataType.Float32 => "DT_FLOAT",
        TFDataType.Float64 => "DT_DOUBLE",
        TFDataType.Int32 => "DT_INT32",
        TFDataType.Int64 => "DT_INT64",
        TFDataType.UInt8 => "DT_UINT8",
        _ => dtype.ToString(),
    };

    /// <summary>The CLR element type that stores <paramref name="dtype"/>.</summary>
    /// <param name="dtype">The type.</param>
    /// <returns>float, double, Half, BFloat16, int, long or byte.</returns>
    public static Type ToClrType(this TFDataType dtype) => dtype switch
    {
        TFDataType.Float16 => typeof(Half),
        TFDataType.BFloat16 => typeof(BFloat16),
        TFDataType.Float32 => typeof(float),
        TFDataType.Float64 => typeof(double),
        TFDataType.Int32 => typeof(int),
        TFDataType.Int64 => typeof(long),
        TFDataType.UInt8 => typeof(byte),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a TFDataType."),
    };

    /// <summary>The <see cref="TFDataType"/> stored as <paramref name="type"/>, or <see langword="null"/>.</summary>
    /// <param name="type">A CLR element type.</param>
    /// <returns>The TensorFlow type.</returns>
    public static TFDataType? FromClrType(Type type) =>
        type == typeof(float) ? TFDataType.Float32
        : type == typeof(double) ? TFDataType.Float64
        : type == typeof(Half) ? TFDataType.Float16
        : type == typeof(BFloat16) ? TFDataType.BFloat16
        : type == typeof(int) ? TFDataType.Int32
        : type == typeof(long) ? TFDataType.Int64
        : type == typeof(byte) ? TFDataType.UInt8
        : null;
}
