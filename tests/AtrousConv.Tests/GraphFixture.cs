using System.Runtime.InteropServices;
using System.Text.Json;
using AtrousConv.TensorFlow;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Tests;

/// <summary>One entry of <c>graphs/manifest.json</c> (the fields the tests use).</summary>
internal sealed record GraphManifestEntry(string Name, string Graph, string Text, string Arrays, string Input, string Output, long[] ValueShape, long[] OutputShape, string[] Ops, string Note);

/// <summary>
/// One of TensorFlow's GraphDefs in <c>graphs/</c> (copied unchanged from TensorFlow's export) with its <c>.npz</c>
/// (the value fed to the Placeholder and TensorFlow's output), and the same graph built with our face the way
/// TensorFlow's Python built it.
/// </summary>
internal sealed class GraphFixture
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Lazy<GraphManifestEntry[]> Entries = new(() =>
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return doc.RootElement.GetProperty("graphs").Deserialize<GraphManifestEntry[]>(SnakeCase) ?? [];
    });

    private GraphFixture(GraphManifestEntry entry)
    {
        Entry = entry;
        Binary = GraphDefFormat.Load(Path.Combine(Folder, entry.Graph));
        Text = GraphDefFormat.Load(Path.Combine(Folder, entry.Text));
        Value = GraphNpz.ReadFloat32(Path.Combine(Folder, entry.Arrays), "value");
        Output = GraphNpz.ReadFloat32(Path.Combine(Folder, entry.Arrays), "output");
    }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "graphs");

    public static IReadOnlyList<GraphManifestEntry> Manifest => Entries.Value;

    /// <summary>The graphs whose atrous call has rate &gt; 1 (their SpaceToBatchND chain is fused).</summary>
    public static IEnumerable<string> AtrousNames => Manifest.Where(e => e.Ops.Contains("SpaceToBatchND")).Select(e => e.Name);

    public GraphManifestEntry Entry { get; }

    public GraphDef Binary { get; }

    public GraphDef Text { get; }

    public (long[] Shape, float[] Data) Value { get; }

    public (long[] Shape, float[] Data) Output { get; }

    public TFValue FedValue => TFValue.Create(Value.Data, Value.Shape);

    public static GraphFixture Load(string name) => new(Manifest.Single(e => e.Name == name));

    /// <summary>The filter values of TensorFlow's graph (its float Const <c>Const</c>).</summary>
    public (long[] Shape, float[] Data) Filters()
    {
        TensorProto t = Binary.Node.Single(n => n.Name == "Const").Attr["value"].Tensor;
        return ([.. t.TensorShape.Dim.Select(d => d.Size)], MemoryMarshal.Cast<byte, float>(t.TensorContent.Span).ToArray());
    }

    /// <summary>
    /// The graph built with our face in the current default graph, as the Python that made TensorFlow's file built
    /// it (a <c>tf.function</c> with input <c>value</c>, filters a constant, the result through <c>tf.identity</c>).
    /// </summary>
    public TFTensor Build()
    {
        (long[] fShape, float[] fData) = Filters();
        long[] valueShape = Entry.Name.Contains("dynamic", StringComparison.Ordinal) ? [-1, .. Entry.ValueShape[1..]] : Entry.ValueShape;
        TFTensor value = tf.placeholder(TFDataType.Float32, valueShape, name: "value");
        TFOutputShape outputShape = Entry.OutputShape;
        if (valueShape[0] < 0)
        {
            outputShape = tf.stack([tf.shape(value)[0], (int)Entry.OutputShape[1], (int)Entry.OutputShape[2], (int)Entry.OutputShape[3]]);
        }

        TFTensor filters = tf.constant(fData, fShape);
        TFTensor y = Entry.Name switch
        {
            "atrous_r2_same" => tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 2, "SAME"),
            "atrous_r3_valid" => tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 3, "VALID"),
            "atrous_r1_same" => tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 1, "SAME"),
            "atrous_r4_same_dynamic_batch" => tf.nn.atrous_conv2d_transpose(value, filters, outputShape, 4, "SAME"),
            "conv2d_transpose_d2_same" => tf.nn.conv2d_transpose(value, filters, outputShape, strides: [1, 1, 1, 1], padding: "SAME", dilations: [1, 2, 2, 1]),
            "conv2d_transpose_s2_valid" => tf.nn.conv2d_transpose(value, filters, outputShape, strides: [1, 2, 2, 1], padding: "VALID"),
            _ => throw new InvalidOperationException($"no build recipe for {Entry.Name}"),
        };
        return tf.identity(y);
    }

    /// <summary>The float32 rule of docs/fixture-format.md: max |ours − TensorFlow| ≤ 2e-6 · max |TensorFlow|.</summary>
    public static double ErrOverScale(float[] ours, float[] theirs) =>
        Tolerances.RelativeError(Array.ConvertAll(ours, v => (double)v), Array.ConvertAll(theirs, v => (double)v));

    public override string ToString() => Entry.Name;
}
