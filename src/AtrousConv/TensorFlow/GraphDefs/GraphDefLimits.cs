namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Bounds on what <see cref="GraphDefFormat"/> reads, so hostile input costs at most its own size and never
/// recurses without bound. TensorFlow's own readers use protobuf's C++ defaults; ours match them.
/// </summary>
internal static class GraphDefLimits
{
    /// <summary>
    /// Largest serialized GraphDef read: protobuf's 2 GiB hard limit less one byte (a protobuf message cannot be
    /// longer), the same bound TensorFlow meets when it writes a GraphDef.
    /// </summary>
    public const long MaxBinaryBytes = int.MaxValue;

    /// <summary>Deepest message nesting read, binary or text: protobuf's default recursion limit (100).</summary>
    public const int MaxNestingDepth = 100;
}
