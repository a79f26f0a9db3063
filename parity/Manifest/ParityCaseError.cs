namespace AtrousConv.Parity.Manifest;

/// <summary>What TensorFlow raised in an error case: the Python exception type and its message.</summary>
public sealed class ParityCaseError
{
    public string? Type { get; init; }

    public string? Message { get; init; }
}
