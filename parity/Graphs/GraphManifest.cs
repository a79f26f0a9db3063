using System.Text.Json;
using System.Text.Json.Serialization;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Parity.Graphs;

/// <summary>
/// A graph folder's <c>manifest.json</c> (format <c>atrous-conv-graphs/1</c>, docs/fixture-format.md): the graphs,
/// each with its GraphDef files, its <c>.npz</c> (<c>value</c> fed, <c>output</c> expected) and the tensor names.
/// </summary>
/// <param name="Format">Must be <see cref="FormatName"/>.</param>
/// <param name="Tensorflow">The TensorFlow version that wrote the graphs, if TensorFlow did.</param>
/// <param name="Generator">What wrote the folder when it was not TensorFlow.</param>
/// <param name="Graphs">The graphs.</param>
public sealed record GraphManifest(string? Format, string? Tensorflow, string? Generator, IReadOnlyList<GraphEntry> Graphs)
{
    public const string FormatName = "atrous-conv-graphs/1";

    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new(ManifestLoader.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Reads a folder's manifest.</summary>
    /// <param name="folder">The graph folder.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">Missing, unreadable, or not <see cref="FormatName"/>.</exception>
    public static GraphManifest Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        GraphManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<GraphManifest>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"no readable {FileName} in graph folder '{folder}': {e.Message}", e);
        }

        if (manifest?.Format != FormatName || manifest.Graphs is null)
        {
            throw new InvalidDataException($"{path}: format is '{manifest?.Format}'; expected '{FormatName}' with a 'graphs' list.");
        }

        return manifest;
    }

    /// <summary>Writes the manifest into a folder.</summary>
    /// <param name="folder">The graph folder.</param>
    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options) + "\n");
}

/// <summary>One graph of a <see cref="GraphManifest"/>.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Graph">The binary GraphDef file.</param>
/// <param name="Text">The same graph in text format, if present.</param>
/// <param name="Arrays">The <c>.npz</c> with <c>value</c> (fed to <paramref name="Input"/>) and <c>output</c>.</param>
/// <param name="Input">The Placeholder's tensor name, e.g. <c>value:0</c>.</param>
/// <param name="Output">The fetched tensor's name, e.g. <c>Identity:0</c>.</param>
/// <param name="ValueShape">The shape of <c>value</c>.</param>
/// <param name="OutputShape">The shape of <c>output</c>.</param>
/// <param name="Ops">The op types of the nodes, in order.</param>
/// <param name="Note">What the graph is.</param>
public sealed record GraphEntry(
    string Name, string Graph, string? Text, string? Arrays, string Input, string Output,
    long[]? ValueShape, long[]? OutputShape, string[]? Ops, string? Note);
