using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Tests;

/// <summary>
/// Corrupted variants of TensorFlow's six GraphDefs (issue 8's "Done when": at least 1,000 of the binary files, a
/// few hundred of the text files): each is an <see cref="InvalidDataException"/> when read, or reads and then
/// imports (<c>tf.import_graph_def</c>) or is refused there with an <see cref="InvalidDataException"/> or a
/// <see cref="NotSupportedException"/> — never another exception, a crash, a hang, or an allocation beyond
/// <see cref="AllocationBound"/>.
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
        var outcomes = GraphCorruptionVariants.Binary(name, kind, original)
            .Select(variant => Check(name, variant, () => GraphDefFormat.ParseBinary(variant.Bytes)))
            .ToList();
        int count = outcomes.Count, invalid = outcomes.Count(o => o == Outcome.Invalid);

        Assert.IsGreaterThanOrEqualTo(30, count, $"{name} {kind}: variants made");
        if (kind == "inflate-shape")
        {
            // Valid protobuf with hostile values: the reader takes them; what they mean is the importer's to judge,
            // and some (negative dimensions, a 2^40-element constant) it must refuse.
            Assert.AreEqual(0, invalid, $"{name} {kind}");
            Assert.IsGreaterThan(0, outcomes.Count(o => o == Outcome.Refused), $"{name} {kind}: refused at import");
        }
        else if (kind == "flip")
        {
            // Most flips land in tensor_content or names: still a graph, which must import.
            Assert.IsGreaterThan(0, outcomes.Count(o => o == Outcome.Imported), $"{name} {kind}: imported");
        }
        else
        {
            Assert.IsGreaterThan(count / 2, invalid, $"{name} {kind}: most of these cannot be valid protobuf");
        }
    }

    [TestMethod]
    [DynamicData(nameof(TextCases))]
    public void CorruptedTextReadsOrIsInvalidData(string name)
    {
        string original = File.ReadAllText(Path.Combine(GraphFixture.Folder, name + ".pbtxt"));
        var outcomes = GraphCorruptionVariants.Text(name, original)
            .Select(variant => Check(name, variant, () => GraphDefFormat.ParseText(variant.Text!)))
            .ToList();
        int count = outcomes.Count, invalid = outcomes.Count(o => o == Outcome.Invalid);

        Assert.AreEqual(GraphCorruptionVariants.TextVariantsPerFile, count);
        Assert.IsGreaterThan(0, invalid, $"{name}: some text variants must be malformed");
    }

    /// <summary>Reads one variant and imports what reads; bounded allocation whatever the outcome.</summary>
    private static Outcome Check(string name, GraphVariant variant, Func<GraphDef> read)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool parsed = false;
        Outcome outcome = Outcome.Invalid;
        try
        {
            GraphDef graphDef = read();
            parsed = true;
            TFGraph graph = tf.Graph();
            using (graph.as_default())
            {
                tf.import_graph_def(graphDef, name: "");
            }

            outcome = Outcome.Imported;
            RunImported(name, graph);
        }
        catch (Exception e) when (e is InvalidDataException || (parsed && e is NotSupportedException))
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(e.Message), $"{name} {variant}: empty message");
            outcome = parsed ? Outcome.Refused : Outcome.Invalid;
        }
        catch (Exception e)
        {
            Assert.Fail($"{name} {variant}: {e.GetType().Name}: {e.Message}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsLessThan(AllocationBound, allocated, $"{name} {variant}: allocated {allocated} bytes");
        return outcome;
    }

    /// <summary>
    /// Runs an imported variant on TensorFlow's input when it still has the graph's input and output: a result, or
    /// an ArgumentException (a feed or shape the graph now refuses) — nothing else, and nothing sized by a hostile
    /// attribute (the caller's allocation bound covers this too).
    /// </summary>
    private static void RunImported(string name, TFGraph graph)
    {
        TFTensor input, output;
        try
        {
            input = graph.get_tensor_by_name("value:0");
            output = graph.get_tensor_by_name("Identity:0");
        }
        catch (KeyError)
        {
            return; // A flipped or truncated name: the graph has no such tensor any more (TensorFlow's KeyError).
        }

        (long[] shape, float[] data) = Values.GetOrAdd(name, n => GraphNpz.ReadFloat32(Path.Combine(GraphFixture.Folder, n + ".npz"), "value"));
        using TFSession session = tf.Session(graph);
        try
        {
            _ = session.run(output, new Dictionary<TFTensor, TFValue> { [input] = new TFValue(data, shape) });
        }
        catch (ArgumentException)
        {
            // Refused at run time with a message: a clean outcome.
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long[], float[])> Values = new();

    private enum Outcome
    {
        /// <summary>InvalidDataException when read.</summary>
        Invalid,

        /// <summary>Read, then refused at import (InvalidDataException or NotSupportedException).</summary>
        Refused,

        /// <summary>Read and imported.</summary>
        Imported,
    }
}
