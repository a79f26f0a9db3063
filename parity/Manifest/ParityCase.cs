namespace AtrousConv.Parity.Manifest;

/// <summary>
/// One case of a manifest, every key of docs/fixture-format.md. Optional keys are null when absent. Numbers are kept as
/// <see cref="long"/>: fixture sets probe huge rates and negative sizes, and narrowing is the evaluator's concern.
/// </summary>
public sealed class ParityCase
{
    public string? Id { get; init; }

    /// <summary><c>atrous_conv2d_transpose</c>, <c>conv2d_transpose</c> or <c>atrous_conv2d</c>.</summary>
    public string? Op { get; init; }

    /// <summary><c>forward</c>, <c>gradient</c>, <c>error</c> or <c>accepted</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>TensorFlow's dtype name of <c>value</c>.</summary>
    public string? Dtype { get; init; }

    /// <summary>The filters' dtype where it may differ from <see cref="Dtype"/>; absent means the same.</summary>
    public string? FiltersDtype { get; init; }

    public long? Rate { get; init; }

    public string? Padding { get; init; }

    /// <summary><c>conv2d_transpose</c>: <c>[h, w]</c>.</summary>
    public IReadOnlyList<long>? Strides { get; init; }

    /// <summary><c>conv2d_transpose</c>: <c>[h, w]</c>.</summary>
    public IReadOnlyList<long>? Dilations { get; init; }

    public IReadOnlyList<long>? ValueShape { get; init; }

    public IReadOnlyList<long>? FiltersShape { get; init; }

    public IReadOnlyList<long>? OutputShape { get; init; }

    /// <summary><c>list</c> or <c>tensor</c>; absent means a list.</summary>
    public string? OutputShapeAs { get; init; }

    /// <summary>How inputs were drawn: <c>normal</c>, <c>int</c>, or a special-value tag such as <c>huge</c>.</summary>
    public string? Values { get; init; }

    public string? Note { get; init; }

    /// <summary>The <c>.npz</c> of a forward or gradient case, relative to the manifest.</summary>
    public string? File { get; init; }

    public ParityCaseError? Error { get; init; }

    public IReadOnlyList<long>? ResultShape { get; init; }

    /// <summary>TensorFlow's verdict comes from its own implementation's limits: either verdict is fine for ours.</summary>
    public bool? TfLimit { get; init; }

    /// <summary>The filters' dtype, defaulting to <see cref="Dtype"/>.</summary>
    public string? EffectiveFiltersDtype => FiltersDtype ?? Dtype;

    /// <summary>Whether <c>output_shape</c> goes in as a 1-D int32 tensor rather than a list.</summary>
    public bool OutputShapeIsTensor => string.Equals(OutputShapeAs, "tensor", StringComparison.Ordinal);

    public bool IsTfLimit => TfLimit == true;

    public override string ToString() => Id ?? "(case without id)";
}
