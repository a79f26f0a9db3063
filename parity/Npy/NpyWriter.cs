using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AtrousConv.Parity.Npy;

/// <summary>
/// Writes NumPy's <c>.npy</c> format 1.0 as <c>numpy.save</c> does: magic, version, a Python dict header padded with
/// spaces and a newline to a multiple of 64 bytes, then little-endian C-order data. The types are the ones
/// docs/fixture-format.md names: <c>&lt;f4 &lt;f8 &lt;f2 &lt;i4 &lt;i8 |u1</c>, and bfloat16 as
/// <c>&lt;u2</c> holding its raw bits.
/// </summary>
public static class NpyWriter
{
    private const int HeaderAlignment = 64;

    /// <summary>Serializes one array.</summary>
    /// <param name="array">The array; its data length must match its shape.</param>
    /// <returns>The <c>.npy</c> image.</returns>
    /// <exception cref="ArgumentException">An element type with no NumPy type here, or data that does not fill the shape.</exception>
    public static byte[] Write(NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        (string descr, byte[] data) = Encode(array.Data);
        if (array.Data.LongLength != array.ElementCount)
        {
            throw new ArgumentException(
                $"the data holds {array.Data.LongLength} elements; shape {ShapeTuple(array.Shape)} needs {array.ElementCount}.", nameof(array));
        }

        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {ShapeTuple(array.Shape)}, }}";
        int unpadded = 10 + dict.Length + 1;
        int padding = (HeaderAlignment - (unpadded % HeaderAlignment)) % HeaderAlignment;
        string header = dict + new string(' ', padding) + "\n";
        using var image = new MemoryStream(10 + header.Length + data.Length);
        image.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        image.Write(BitConverter.GetBytes(checked((ushort)header.Length)));
        image.Write(Encoding.ASCII.GetBytes(header));
        image.Write(data);
        return image.ToArray();
    }

    /// <summary>Python's tuple literal of a shape: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    private static string ShapeTuple(long[] shape) => shape.Length == 1
        ? string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)")
        : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    // Little-endian hosts only, as NpyReader: the bytes of the array are the file's bytes. Types are matched
    // exactly: the runtime lets a uint[] pass as an int[] (and ulong[] as long[]), which must not be written as signed.
    private static (string Descr, byte[] Data) Encode(Array data)
    {
        Type type = data.GetType();
        return type == typeof(float[]) ? ("<f4", Bytes((float[])data))
            : type == typeof(double[]) ? ("<f8", Bytes((double[])data))
            : type == typeof(Half[]) ? ("<f2", Bytes((Half[])data))
            : type == typeof(BFloat16[]) ? ("<u2", Bytes(Array.ConvertAll((BFloat16[])data, b => b.RawValue)))
            : type == typeof(int[]) ? ("<i4", Bytes((int[])data))
            : type == typeof(long[]) ? ("<i8", Bytes((long[])data))
            : type == typeof(byte[]) ? ("|u1", Bytes((byte[])data))
            : throw new ArgumentException(
                $"no NumPy type for {type.Name}; expected float, double, Half, BFloat16, int, long or byte arrays.", nameof(data));
    }

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
