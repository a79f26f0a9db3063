using System.Runtime.InteropServices;
using AtrousConv.TensorFlow.Framework;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// A Const's <see cref="TensorProto"/> as a <see cref="TFValue"/>: <c>tensor_content</c> must hold exactly the
/// shape's bytes; the typed <c>*_val</c> fields may hold fewer values than the shape (TensorFlow repeats the last,
/// or zeros when none), which is accepted only up to <see cref="MaxFilledElements"/> elements so that a hostile
/// shape cannot make us allocate what the file does not contain.
/// </summary>
internal static class TFTensorProtoReader
{
    /// <summary>The most elements a Const may have beyond the values its proto holds.</summary>
    public const long MaxFilledElements = 1 << 20;

    public static TFValue Read(string node, TensorProto proto, TFDataType dtype)
    {
        if (TFProtoTypes.FromProto(proto.Dtype) != dtype)
        {
            TFThrow.Malformed(node, $"Const value has dtype {proto.Dtype} but the node's dtype attribute is {TFProtoTypes.ToProto(dtype)}.");
        }

        long[] shape = TFGraphDefShapes.Known(node, proto.TensorShape, "value.tensor_shape");
        long count = TFGraphDefShapes.Count(node, shape, "value.tensor_shape");
        int size = TFProtoTypes.ElementSize(dtype);
        if (!proto.TensorContent.IsEmpty)
        {
            if (proto.TensorContent.Length != count * size)
            {
                TFThrow.Malformed(node, $"tensor_content holds {proto.TensorContent.Length} bytes but shape {TFShapes.Bracketed(shape)} of {dtype.ToTFName()} needs {count * size}.");
            }

            return new TFValue(dtype, shape, FromBytes(dtype, proto.TensorContent.Span));
        }

        long[] ints = dtype switch
        {
            TFDataType.Int32 or TFDataType.UInt8 => [.. proto.IntVal.Select(v => (long)v)],
            TFDataType.Int64 => [.. proto.Int64Val],
            TFDataType.Float16 or TFDataType.BFloat16 => [.. proto.HalfVal.Select(v => (long)v)],
            _ => [],
        };
        int given = dtype switch
        {
            TFDataType.Float32 => proto.FloatVal.Count,
            TFDataType.Float64 => proto.DoubleVal.Count,
            _ => ints.Length,
        };
        if (given > count)
        {
            TFThrow.Malformed(node, $"the tensor holds {given} values but shape {TFShapes.Bracketed(shape)} has {count} elements.");
        }

        if (given < count && count > MaxFilledElements)
        {
            TFThrow.Malformed(node, $"shape {TFShapes.Bracketed(shape)} has {count} elements but the tensor holds {given} values; a constant filled from fewer values is accepted up to {MaxFilledElements} elements.");
        }

        Array data = TFShapes.NewArray(dtype, count);
        for (int i = 0; i < count && given > 0; i++)
        {
            int k = Math.Min(i, given - 1);
            data.SetValue(dtype switch
            {
                TFDataType.Float32 => proto.FloatVal[k],
                TFDataType.Float64 => proto.DoubleVal[k],
                TFDataType.Int32 => (int)ints[k],
                TFDataType.UInt8 => (byte)ints[k],
                TFDataType.Int64 => ints[k],
                TFDataType.Float16 => BitConverter.UInt16BitsToHalf((ushort)ints[k]),
                _ => (object)BFloat16.FromBits((ushort)ints[k]),
            }, i);
        }

        return new TFValue(dtype, shape, data);
    }

    private static Array FromBytes(TFDataType dtype, ReadOnlySpan<byte> bytes) => dtype switch
    {
        TFDataType.Float32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
        TFDataType.Float64 => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
        TFDataType.Int32 => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
        TFDataType.Int64 => MemoryMarshal.Cast<byte, long>(bytes).ToArray(),
        TFDataType.Float16 => MemoryMarshal.Cast<byte, Half>(bytes).ToArray(),
        TFDataType.BFloat16 => MemoryMarshal.Cast<byte, BFloat16>(bytes).ToArray(),
        _ => bytes.ToArray(),
    };
}
