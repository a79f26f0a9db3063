using System.Globalization;
using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// Compares an attribute of our lowering with TensorFlow's (arrays by value; our <see cref="TFConstValue"/> with the
/// GraphDef's <see cref="GraphTensor"/> by dtype, shape and values) and prints both the way a GraphDef would.
/// </summary>
internal static class GraphAttrValues
{
    public static bool AreEqual(object ours, object theirs) => (ours, theirs) switch
    {
        (long[] a, long[] b) => a.SequenceEqual(b),
        (TFConstValue a, GraphTensor b) => a.DType == b.DType && a.Shape.SequenceEqual(b.Shape) && b.Values is long[] v && a.Values.SequenceEqual(v),
        _ => Equals(ours, theirs),
    };

    public static string Format(object? value) => value switch
    {
        null => "(absent)",
        TFDataType t => t.ToGraphDefName(),
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        long[] list => $"[{string.Join(",", list)}]",
        TFConstValue c => $"{c.DType.ToGraphDefName()} shape [{string.Join(",", c.Shape)}] {{{string.Join(",", c.Values)}}}",
        GraphTensor g => $"{g.DType.ToGraphDefName()} shape [{string.Join(",", g.Shape)}] {{{string.Join(",", g.Values.Cast<IFormattable>().Select(v => v.ToString(null, CultureInfo.InvariantCulture)))}}}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    /// <summary>Every attribute that differs between two nodes (both directions, so a missing attribute shows too), one line each.</summary>
    public static List<string> Differences(TFNodeDef ours, TFNodeDef theirs) =>
    [
        .. ours.Attrs.Keys.Union(theirs.Attrs.Keys).Order(StringComparer.Ordinal)
            .Where(k => !(ours.Attrs.TryGetValue(k, out object? a) && theirs.Attrs.TryGetValue(k, out object? b) && AreEqual(a, b)))
            .Select(k => $"{theirs.Name}.{k}: ours {Format(ours.Attrs.GetValueOrDefault(k))}, TensorFlow {Format(theirs.Attrs.GetValueOrDefault(k))}"),
    ];
}
