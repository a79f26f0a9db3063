namespace AtrousConv.Parity.Npy;

/// <summary>One array of a <c>.npy</c> file: its NumPy type string, its shape and its row-major data.</summary>
/// <param name="Descr">NumPy's type string as stored, e.g. <c>&lt;f4</c>.</param>
/// <param name="Shape">The shape; empty for a scalar.</param>
/// <param name="Data">float[], double[], Half[], BFloat16[] (for <c>&lt;u2</c>), int[], long[] or byte[].</param>
public sealed record NpyArray(string Descr, long[] Shape, Array Data)
{
    /// <summary>The number of elements the shape holds (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (n, d) => checked(n * d));
}
