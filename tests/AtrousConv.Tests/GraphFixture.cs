using System.Text.Json;
using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>One entry of <c>graphs/manifest.json</c> (the fields the tests use).</summary>
internal sealed record GraphManifestEntry(string Name, string Text, string Arrays, long[] ValueShape, long[] OutputShape, string[] Ops, string Note);

/// <summary>
/// One of TensorFlow's GraphDefs in <c>graphs/</c> (as TensorFlow exported them; see <c>graphs/README.md</c>) with its
/// <c>.npz</c>: the nodes, the value fed to the Placeholder and TensorFlow's output.
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
        Nodes = GraphDefNodes.Read(Path.Combine(Folder, entry.Text));
        Value = GraphNpz.ReadFloat32(Path.Combine(Folder, entry.Arrays), "value");
        Output = GraphNpz.ReadFloat32(Path.Combine(Folder, entry.Arrays), "output");
    }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "graphs");

    public static IReadOnlyList<GraphManifestEntry> Manifest => Entries.Value;

    public GraphManifestEntry Entry { get; }

    public List<TFNodeDef> Nodes { get; }

    public (long[] Shape, float[] Data) Value { get; }

    public (long[] Shape, float[] Data) Output { get; }

    /// <summary>The one Conv2DBackpropInput every fixture holds.</summary>
    public TFNodeDef Conv => Nodes.Single(n => n.Op == "Conv2DBackpropInput");

    /// <summary>The filters: the Conv2DBackpropInput's second input, a float Const.</summary>
    public TFNodeDef Filters => Node(Conv.Inputs[1]);

    public TFNodeDef Placeholder => Nodes.Single(n => n.Op == "Placeholder");

    /// <summary>A graph whose Placeholder has an unknown (-1) dimension: TensorFlow then computes shapes in the graph.</summary>
    public bool IsDynamic => ((GraphShape)Placeholder.Attrs["shape"]).Dims.Contains(-1);

    /// <summary>
    /// The padding the Python call was given, from the manifest's note: for rate &gt; 1 the graph does not record it
    /// (its Conv2DBackpropInput is VALID either way); the paddings and crops constants then show whether it was right.
    /// </summary>
    public string NotePadding => Entry.Note.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Single(w => w is "SAME" or "VALID");

    public static GraphFixture Load(string name) => new(Manifest.Single(e => e.Name == name));

    public TFNodeDef Node(string name) => Nodes.Single(n => n.Name == name);

    public GraphTensor ConstValue(string name) => (GraphTensor)Node(name).Attrs["value"];

    public override string ToString() => Entry.Name;
}
