using AtrousConv.TensorFlow.Framework;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>Our dtypes and GraphDef's <see cref="DataType"/> enum, both ways.</summary>
internal static class TFProtoTypes
{
    public static DataType ToProto(TFDataType dtype) => dtype switch
    {
        TFDataType.Float16 => DataType.DtHalf,
        TFDataType.BFloat16 => DataType.DtBfloat16,
        TFDataType.Float32 => DataType.DtFloat,
        TFDataType.Float64 => DataType.DtDouble,
        TFDataType.Int32 => DataType.DtInt32,
        TFDataType.Int64 => DataType.DtInt64,
        TFDataType.UInt8 => DataType.DtUint8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a TFDataType."),
    };

    /// <summary>The dtype of <paramref name="type"/>, or <see langword="null"/> for one this face has no type for.</summary>
    public static TFDataType? FromProto(DataType type) => type switch
    {
        DataType.DtHalf => TFDataType.Float16,
        DataType.DtBfloat16 => TFDataType.BFloat16,
        DataType.DtFloat => TFDataType.Float32,
        DataType.DtDouble => TFDataType.Float64,
        DataType.DtInt32 => TFDataType.Int32,
        DataType.DtInt64 => TFDataType.Int64,
        DataType.DtUint8 => TFDataType.UInt8,
        _ => null,
    };

    /// <summary>The bytes one element takes in <c>tensor_content</c>.</summary>
    public static int ElementSize(TFDataType dtype) => dtype switch
    {
        TFDataType.Float16 or TFDataType.BFloat16 => 2,
        TFDataType.Float32 or TFDataType.Int32 => 4,
        TFDataType.Float64 or TFDataType.Int64 => 8,
        _ => 1,
    };
}
