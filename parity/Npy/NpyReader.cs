using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace AtrousConv.Parity.Npy;

/// <summary>
/// Reads NumPy's <c>.npy</c> format (versions 1–3): magic, header length, a Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>, then little-endian C-order data.
/// Only what the fixtures use is supported; anything else is rejected with a clear message, never misread.
/// </summary>
public static partial class NpyReader
{
    // 0x93 then "NUMPY" (a u8 string literal would encode U+0093 as two bytes).
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Parses one <c>.npy</c> image.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <returns>The array.</returns>
    /// <exception cref="InvalidDataException">Not a supported <c>.npy</c> image.</exception>
    public static NpyArray Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a .npy file (missing the \\x93NUMPY magic).");
        }

        // Version 1 stores the header length in 2 bytes; versions 2 and 3 in 4 (3 also allows UTF-8 headers).
        byte major = bytes[6];
        int lengthSize = major == 1 ? 2 : major is 2 or 3 ? 4 : throw new InvalidDataException($"unsupported .npy version {major}.");
        int headerStart = 8 + lengthSize;
        long headerLength = lengthSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (headerStart + headerLength > bytes.Length)
        {
            throw new InvalidDataException("the .npy header runs past the end of the file.");
        }

        string header = Encoding.UTF8.GetString(bytes.Slice(headerStart, (int)headerLength));
        string descr = HeaderValue(DescrPattern(), header, "descr");
        if (HeaderValue(FortranPattern(), header, "fortran_order") != "False")
        {
            throw new InvalidDataException("fortran_order is True; only C-order arrays are supported.");
        }

        long[] shape = ParseShape(HeaderValue(ShapePattern(), header, "shape"));
        var array = new NpyArray(descr, shape, Array.Empty<byte>());
        return array with { Data = ReadData(descr, bytes[(headerStart + (int)headerLength)..], array.ElementCount) };
    }

    private static long[] ParseShape(string tuple) =>
        tuple.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
             .Select(d => long.Parse(d.TrimEnd('L'), NumberStyles.Integer, CultureInfo.InvariantCulture))
             .ToArray();

    private static Array ReadData(string descr, ReadOnlySpan<byte> data, long count) => descr switch
    {
        "<f4" => Cast<float>(data, count, descr),
        "<f8" => Cast<double>(data, count, descr),
        "<f2" => Cast<Half>(data, count, descr),
        // docs/fixture-format.md: bfloat16 arrays are stored as <u2 holding the raw bits (the upper half of a float32).
        "<u2" => Array.ConvertAll(Cast<ushort>(data, count, descr), BFloat16.FromBits),
        "<i4" => Cast<int>(data, count, descr),
        "<i8" => Cast<long>(data, count, descr),
        "|u1" or "<u1" => Cast<byte>(data, count, descr),
        _ => throw new InvalidDataException($"unsupported descr '{descr}'; expected <f4, <f8, <f2, <u2 (bfloat16 bits), <i4, <i8 or |u1."),
    };

    // The fixtures are little-endian and so is every machine .NET runs these tests on; a big-endian host would
    // need byte swaps here.
    private static T[] Cast<T>(ReadOnlySpan<byte> data, long count, string descr)
        where T : unmanaged
    {
        long needed = count * Marshal.SizeOf<T>();
        if (data.Length < needed)
        {
            throw new InvalidDataException($"{descr} data holds {data.Length} bytes; the shape needs {needed}.");
        }

        return MemoryMarshal.Cast<byte, T>(data[..(int)needed]).ToArray();
    }

    private static string HeaderValue(Regex pattern, string header, string key)
    {
        Match match = pattern.Match(header);
        return match.Success ? match.Groups[1].Value : throw new InvalidDataException($"the .npy header has no '{key}': {header.Trim()}");
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]+)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
