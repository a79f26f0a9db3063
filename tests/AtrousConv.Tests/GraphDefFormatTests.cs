using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Tests;

/// <summary>
/// <see cref="GraphDefFormat"/> on TensorFlow's six GraphDefs: the binary and text forms TensorFlow wrote hold the
/// same message, our text printer reproduces TensorFlow's <c>.pbtxt</c> byte for byte, and both forms round-trip.
/// </summary>
[TestClass]
public sealed class GraphDefFormatTests
{
    public static IEnumerable<object[]> Graphs => GraphFixture.Manifest.Select(e => new object[] { e.Name });

    [TestMethod]
    [DynamicData(nameof(Graphs))]
    public void TextAndBinaryFormsHoldTheSameMessage(string name)
    {
        GraphDef binary = GraphDefFormat.ParseBinary(File.ReadAllBytes(PathOf(name, ".pb")));
        GraphDef text = GraphDefFormat.ParseText(File.ReadAllText(PathOf(name, ".pbtxt")));

        Assert.IsNotEmpty(binary.Node, name);
        Assert.AreEqual(binary, text, name);
    }

    [TestMethod]
    [DynamicData(nameof(Graphs))]
    public void PrinterWritesTensorFlowsTextByteForByte(string name)
    {
        GraphDef graph = GraphDefFormat.ParseBinary(File.ReadAllBytes(PathOf(name, ".pb")));

        string expected = File.ReadAllText(PathOf(name, ".pbtxt"));
        string actual = GraphDefFormat.ToText(graph);

        Assert.AreEqual(expected, actual, name);
    }

    [TestMethod]
    [DynamicData(nameof(Graphs))]
    public void BinaryRoundTripsToTheSameMessage(string name)
    {
        GraphDef graph = GraphDefFormat.ParseBinary(File.ReadAllBytes(PathOf(name, ".pb")));

        GraphDef again = GraphDefFormat.ParseBinary(GraphDefFormat.ToBinary(graph));

        Assert.AreEqual(graph, again, name);
    }

    [TestMethod]
    [DynamicData(nameof(Graphs))]
    public void LoadReadsEitherFormByExtensionAndByContent(string name)
    {
        GraphDef expected = GraphDefFormat.ParseBinary(File.ReadAllBytes(PathOf(name, ".pb")));
        string unnamedText = Path.Combine(Path.GetTempPath(), $"graphdef-{name}-{Guid.NewGuid():N}.graph");
        string unnamedBinary = unnamedText + "bin";
        try
        {
            File.Copy(PathOf(name, ".pbtxt"), unnamedText);
            File.Copy(PathOf(name, ".pb"), unnamedBinary);

            Assert.AreEqual(expected, GraphDefFormat.Load(PathOf(name, ".pb")), "by .pb");
            Assert.AreEqual(expected, GraphDefFormat.Load(PathOf(name, ".pbtxt")), "by .pbtxt");
            Assert.AreEqual(expected, GraphDefFormat.Load(unnamedText), "text by content");
            Assert.AreEqual(expected, GraphDefFormat.Load(unnamedBinary), "binary by content");
        }
        finally
        {
            File.Delete(unnamedText);
            File.Delete(unnamedBinary);
        }
    }

    [TestMethod]
    public void TruncatedBinaryIsInvalidData()
    {
        byte[] bytes = File.ReadAllBytes(PathOf("atrous_r2_same", ".pb"));

        var e = Assert.ThrowsExactly<InvalidDataException>(() => GraphDefFormat.ParseBinary(bytes.AsSpan(0, bytes.Length - 7)));

        StringAssert.Contains(e.Message, "not a valid binary GraphDef");
    }

    private static string PathOf(string name, string extension) => Path.Combine(GraphFixture.Folder, name + extension);
}
