using System.Text.Json;

namespace AtrousConv.Parity.Manifest;

/// <summary>A fixture set's <c>manifest.json</c> (docs/fixture-format.md). Unknown keys are ignored, missing ones stay null.</summary>
public sealed class ParityManifest
{
    public string? Format { get; init; }

    public string? Set { get; init; }

    public long? Seed { get; init; }

    /// <summary>Versions of the generating TensorFlow install; kept as raw JSON, only printed.</summary>
    public JsonElement? Generator { get; init; }

    public IReadOnlyList<ParityCase> Cases { get; init; } = [];
}
