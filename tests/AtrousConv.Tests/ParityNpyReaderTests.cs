using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using AtrousConv.Parity.Npy;

namespace AtrousConv.Tests;

/// <summary>The .npy/.npz reader on tiny archives built here in memory, as NumPy writes them.</summary>
[TestClass]
public sealed class ParityNpyReaderTests
{
    [TestMethod]
    public void ReadsEveryFixtureDtypeAndShapeFromAnNpz()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, "value", Npy("<f4", "(2, 3)", Bytes<float>([1, 2, 3, 4, 5, 6])), CompressionLevel.Optimal);
            Add(archive, "scalar", Npy("<f8", "()", Bytes<double>([2.5])), CompressionLevel.NoCompression);
            Add(archive, "half", Npy("<f2", "(3,)", Bytes<Half>([(Half)1, (Half)(-0.5), Half.PositiveInfinity])), CompressionLevel.Optimal);
            Add(archive, "bf16", Npy("<u2", "(2,)", Bytes<ushort>([0x3F80, 0xC040])), CompressionLevel.Optimal);
            Add(archive, "ints", Npy("<i4", "(1, 2)", Bytes<int>([-7, int.MaxValue])), CompressionLevel.Optimal);
            Add(archive, "longs", Npy("<i8", "(1,)", Bytes<long>([long.MinValue]), version: 2), CompressionLevel.Optimal);
        }

        zip.Position = 0;
        IReadOnlyDictionary<string, NpyArray> arrays = NpzArchive.Read(zip);

        CollectionAssert.AreEqual(new long[] { 2, 3 }, arrays["value"].Shape);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, (float[])arrays["value"].Data);
        Assert.IsEmpty(arrays["scalar"].Shape);
        CollectionAssert.AreEqual(new double[] { 2.5 }, (double[])arrays["scalar"].Data);
        CollectionAssert.AreEqual(new[] { (Half)1, (Half)(-0.5), Half.PositiveInfinity }, (Half[])arrays["half"].Data);
        CollectionAssert.AreEqual(new[] { 1f, -3f }, ((BFloat16[])arrays["bf16"].Data).Select(b => b.ToSingle()).ToArray());
        CollectionAssert.AreEqual(new[] { -7, int.MaxValue }, (int[])arrays["ints"].Data);
        CollectionAssert.AreEqual(new[] { long.MinValue }, (long[])arrays["longs"].Data);
    }

    [TestMethod]
    public void RejectsFortranOrder() =>
        Assert.ThrowsExactly<InvalidDataException>(() => NpyReader.Read(Npy("<f4", "(1,)", Bytes<float>([1]), fortranOrder: true)));

    [TestMethod]
    public void RejectsUnsupportedDescr() =>
        Assert.ThrowsExactly<InvalidDataException>(() => NpyReader.Read(Npy(">f4", "(1,)", Bytes<float>([1]))));

    [TestMethod]
    public void RejectsTruncatedData() =>
        Assert.ThrowsExactly<InvalidDataException>(() => NpyReader.Read(Npy("<f4", "(3,)", Bytes<float>([1, 2]))));

    [TestMethod]
    public void RejectsNonNpyBytes() =>
        Assert.ThrowsExactly<InvalidDataException>(() => NpyReader.Read("NUMPY not really"u8));

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    /// <summary>A .npy image as NumPy writes it: header padded with spaces to a multiple of 64, ending in a newline.</summary>
    private static byte[] Npy(string descr, string shape, byte[] data, int version = 1, bool fortranOrder = false)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
        int prefix = version == 1 ? 10 : 12;
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64;
        byte[] header = Encoding.ASCII.GetBytes(dict.PadRight(padded - prefix - 1) + "\n");
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0]);
        stream.Write(version == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        stream.Write(header);
        stream.Write(data);
        return stream.ToArray();
    }

    private static void Add(ZipArchive archive, string name, byte[] npy, CompressionLevel level)
    {
        using Stream entry = archive.CreateEntry(name + ".npy", level).Open();
        entry.Write(npy);
    }
}
