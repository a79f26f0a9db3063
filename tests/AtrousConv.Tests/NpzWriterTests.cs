using System.Text;
using AtrousConv.Parity.Npy;

namespace AtrousConv.Tests;

/// <summary>The .npy/.npz writer: NumPy's layout, and every fixture dtype round-trips through the reader unchanged.</summary>
[TestClass]
public sealed class NpzWriterTests
{
    public static IEnumerable<object[]> Arrays =>
    [
        ["<f4", new NpyArray("<f4", [2, 3], new float[] { 1, -2.5f, float.NaN, float.PositiveInfinity, 1e-45f, -0f })],
        ["<f8", new NpyArray("<f8", [], new double[] { Math.PI })],
        ["<f2", new NpyArray("<f2", [3], new[] { (Half)1, (Half)(-0.5), Half.NegativeInfinity })],
        ["<u2", new NpyArray("<u2", [1, 2], new[] { BFloat16.FromBits(0x3F80), BFloat16.FromBits(0xFFC1) })],
        ["<i4", new NpyArray("<i4", [2, 1, 1], new[] { int.MinValue, int.MaxValue })],
        ["<i8", new NpyArray("<i8", [1], new[] { long.MinValue })],
        ["|u1", new NpyArray("|u1", [0, 4], Array.Empty<byte>())],
    ];

    [TestMethod]
    [DynamicData(nameof(Arrays))]
    public void EveryDtypeRoundTripsThroughTheReader(string descr, NpyArray array)
    {
        using var zip = new MemoryStream();
        NpzWriter.Write(zip, [new("a", array), new("b", array with { })]);

        zip.Position = 0;
        IReadOnlyDictionary<string, NpyArray> read = NpzArchive.Read(zip);

        Assert.HasCount(2, read);
        Assert.AreEqual(descr, read["a"].Descr);
        CollectionAssert.AreEqual(array.Shape, read["a"].Shape);
        CollectionAssert.AreEqual(array.Data, read["a"].Data, descr);
    }

    [TestMethod]
    public void HeaderIsNumPysVersion1DictPaddedTo64Bytes()
    {
        byte[] image = NpyWriter.Write(new NpyArray("<f4", [2, 3], new float[6]));

        int headerLength = BitConverter.ToUInt16(image, 8);
        string header = Encoding.ASCII.GetString(image, 10, headerLength);

        CollectionAssert.AreEqual(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, image[..8]);
        Assert.AreEqual(0, (10 + headerLength) % 64);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        Assert.AreEqual(10 + headerLength + (6 * 4), image.Length);
    }

    [TestMethod]
    public void OneDimensionalShapeIsAOneTuple()
    {
        byte[] image = NpyWriter.Write(new NpyArray("<i4", [3], new int[3]));

        StringAssert.Contains(Encoding.ASCII.GetString(image), "'shape': (3,), ");
    }

    [TestMethod]
    public void DataThatDoesNotFillTheShapeIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => NpyWriter.Write(new NpyArray("<f4", [2, 3], new float[5])));

        StringAssert.Contains(e.Message, "holds 5 elements; shape (2, 3) needs 6");
    }

    [TestMethod]
    public void UnsupportedElementTypeIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => NpyWriter.Write(new NpyArray("<u4", [1], new uint[1])));

        StringAssert.Contains(e.Message, "UInt32[]");
    }
}
