using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace AtrousConv.Tests;

/// <summary>
/// Reads a float32 array from a NumPy <c>.npz</c> (a zip of <c>.npy</c> files). Only what the graph fixtures use:
/// <c>'&lt;f4'</c>, C order; anything else throws rather than being misread.
/// </summary>
internal static partial class GraphNpz
{
    public static (long[] Shape, float[] Data) ReadFloat32(string path, string array)
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        ZipArchiveEntry entry = zip.GetEntry(array + ".npy") ?? throw new InvalidDataException($"{path} has no {array}.npy.");
        using var buffer = new MemoryStream();
        using (Stream s = entry.Open())
        {
            s.CopyTo(buffer);
        }

        return ParseNpy(buffer.ToArray(), $"{path}:{array}");
    }

    /// <summary>The .npy layout: magic <c>\x93NUMPY</c>, version, header length (2 bytes in v1, 4 in v2/v3), a Python dict literal, then the data.</summary>
    private static (long[] Shape, float[] Data) ParseNpy(byte[] npy, string what)
    {
        if (npy.Length < 10 || npy[0] != 0x93 || Encoding.ASCII.GetString(npy, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{what} is not a .npy file.");
        }

        bool v1 = npy[6] == 1;
        int headerLength = v1 ? BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8)) : checked((int)BinaryPrimitives.ReadUInt32LittleEndian(npy.AsSpan(8)));
        int start = v1 ? 10 : 12;
        string header = Encoding.Latin1.GetString(npy, start, headerLength);
        string descr = Descr().Match(header).Groups[1].Value;
        if (descr != "<f4" || !FortranFalse().IsMatch(header))
        {
            throw new InvalidDataException($"{what}: header {header.Trim()} is not a C-order '<f4' array.");
        }

        long[] shape = [.. Shape().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture))];
        int count = checked((int)shape.Aggregate(1L, (a, d) => a * d));
        ReadOnlySpan<byte> data = npy.AsSpan(start + headerLength);
        if (data.Length != count * 4)
        {
            throw new InvalidDataException($"{what}: {data.Length} data bytes for shape ({string.Join(", ", shape)}).");
        }

        var values = new float[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = BinaryPrimitives.ReadSingleLittleEndian(data.Slice(k * 4, 4));
        }

        return (shape, values);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'fortran_order'\s*:\s*False")]
    private static partial Regex FortranFalse();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex Shape();
}
