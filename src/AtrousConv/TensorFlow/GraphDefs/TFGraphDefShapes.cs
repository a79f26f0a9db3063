using AtrousConv.TensorFlow.Framework;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>Shapes read from a GraphDef, checked before anything is sized by them.</summary>
internal static class TFGraphDefShapes
{
    /// <summary>The most dimensions a shape may have (TensorFlow's <c>TensorShape::MaxDimensions()</c>).</summary>
    public const int MaxRank = 254;

    /// <summary>A shape attribute: dims with -1 for unknown, <see langword="null"/> for an unknown rank.</summary>
    public static long[]? Partial(string node, TensorShapeProto? proto, string what)
    {
        if (proto is null || proto.UnknownRank)
        {
            return null;
        }

        if (proto.Dim.Count > MaxRank)
        {
            TFThrow.Malformed(node, $"{what} has {proto.Dim.Count} dimensions; at most {MaxRank} are allowed.");
        }

        long[] dims = [.. proto.Dim.Select(d => d.Size)];
        if (dims.Any(d => d < -1))
        {
            TFThrow.Malformed(node, $"{what} {TFShapes.Bracketed(dims)} has a dimension below -1; expected sizes >= 0 or -1 (unknown).");
        }

        return dims;
    }

    /// <summary>A tensor's shape: every dimension known.</summary>
    public static long[] Known(string node, TensorShapeProto? proto, string what)
    {
        long[]? dims = Partial(node, proto ?? new TensorShapeProto(), what);
        if (dims is null || dims.Any(d => d < 0))
        {
            TFThrow.Malformed(node, $"{what} {TFShapes.Tuple(dims)} is not fully defined; a tensor's shape must be.");
        }

        return dims!;
    }

    /// <summary>The element count, bounded by what one array holds.</summary>
    public static long Count(string node, long[] shape, string what)
    {
        try
        {
            return TFShapes.ElementCount(shape, what);
        }
        catch (ArgumentException e)
        {
            TFThrow.Malformed(node, e.Message);
            return 0;
        }
    }
}
