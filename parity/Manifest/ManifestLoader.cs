using System.Text.Json;

namespace AtrousConv.Parity.Manifest;

/// <summary>Reads <c>manifest.json</c> with docs/fixture-format.md's snake_case keys, tolerating keys it does not know.</summary>
public static class ManifestLoader
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads the manifest of a fixture folder.</summary>
    /// <param name="folder">The fixture folder.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The manifest is missing or unreadable; the message says which and why.</exception>
    public static ParityManifest Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!System.IO.File.Exists(path))
        {
            throw new InvalidDataException($"no {FileName} in fixture folder '{folder}'.");
        }

        try
        {
            using FileStream stream = System.IO.File.OpenRead(path);
            return Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable manifest: {e.Message}", e);
        }
    }

    /// <summary>Parses manifest JSON.</summary>
    /// <param name="json">The JSON text as a stream.</param>
    /// <returns>The manifest.</returns>
    public static ParityManifest Parse(Stream json) =>
        JsonSerializer.Deserialize<ParityManifest>(json, Options) ?? throw new InvalidDataException("the manifest is JSON null.");
}
