using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Tests;

/// <summary>
/// Corrupted variants of TensorFlow's six GraphDefs (issue 8's "Done when": at least 1,000 of the binary files, a
/// few hundred of the text files): each reads as a GraphDef or is an <see cref="InvalidDataException"/> — never
/// another exception, a crash, a hang, or an allocation beyond <see cref="AllocationBound"/>.
/// </summary>
[TestClass]
public sealed class GraphCorruptionTests
{
    /// <summary>
    /// What one variant may allocate: the inputs are at most 26 KB, so anything near this bound means a size was
    /// taken from the data (a shape, a length prefix) instead of from the bytes present.
    /// </summary>
    private const long AllocationBound = 64L << 20;

    private static readonly string[] BinaryKinds = ["flip", "truncate", "inflate-length", "inflate-shape"];

    public static IEnumerable<object[]> BinaryCases =>
        from entry in GraphFixture.Manifest
        from kind in BinaryKinds
        select new object[] { entry.Name, kind };

    public static IEnumerable<object[]> TextCases => GraphFixture.Manifest.Select(e => new object[] { e.Name });

    [TestMethod]
    public void AtLeastAThousandBinaryVariantsAndAFewHundredTextVariants()
    {
        int perFile = GraphCorruptionVariants.FlipsPerFile + GraphCorruptionVariants.TruncationsPerFile
            + GraphCorruptionVariants.LengthInflationsPerFile + GraphCorruptionVariants.ShapeInflationsPerFile;

        Assert.IsGreaterThanOrEqualTo(1000, perFile * GraphFixture.Manifest.Count);
        Assert.IsGreaterThanOrEqualTo(300, GraphCorruptionVariants.TextVariantsPerFile * GraphFixture.Manifest.Count);
    }

    [TestMethod]
    [DynamicData(nameof(BinaryCases))]
    public void CorruptedBinaryReadsOrIsInvalidData(string name, string kind)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(GraphFixture.Folder, name + ".pb"));
        int count = 0, invalid = 0;
        foreach (GraphVariant variant in GraphCorruptionVariants.Binary(name, kind, original))
        {
            invalid += Check(name, variant, () => GraphDefFormat.ParseBinary(variant.Bytes)) ? 0 : 1;
            count++;
        }

        Assert.IsGreaterThanOrEqualTo(30, count, $"{name} {kind}: variants made");
        if (kind == "inflate-shape")
        {
            // Valid protobuf with hostile values: the reader takes them; what they mean is the importer's to judge.
            Assert.AreEqual(0, invalid, $"{name} {kind}");
        }
        else if (kind is "truncate" or "inflate-length")
        {
            Assert.IsGreaterThan(count / 2, invalid, $"{name} {kind}: most of these cannot be valid protobuf");
        }
    }

    [TestMethod]
    [DynamicData(nameof(TextCases))]
    public void CorruptedTextReadsOrIsInvalidData(string name)
    {
        string original = File.ReadAllText(Path.Combine(GraphFixture.Folder, name + ".pbtxt"));
        int count = 0, invalid = 0;
        foreach (GraphVariant variant in GraphCorruptionVariants.Text(name, original))
        {
            invalid += Check(name, variant, () => GraphDefFormat.ParseText(variant.Text!)) ? 0 : 1;
            count++;
        }

        Assert.AreEqual(GraphCorruptionVariants.TextVariantsPerFile, count);
        Assert.IsGreaterThan(0, invalid, $"{name}: some text variants must be malformed");
    }

    /// <summary>Reads one variant: a GraphDef (true), or an InvalidDataException (false); bounded allocation either way.</summary>
    private static bool Check(string name, GraphVariant variant, Func<GraphDef> read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool parsed = false;
        try
        {
            _ = read();
            parsed = true;
        }
        catch (InvalidDataException e)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message), $"{name} {variant}: empty message");
        }
        catch (Exception e)
        {
            Assert.Fail($"{name} {variant}: {e.GetType().Name}: {e.Message}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsLessThan(AllocationBound, allocated, $"{name} {variant}: allocated {allocated} bytes");
        return parsed;
    }
}
