using AtrousConv.TensorFlow.Framework;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>The attribute kinds of the op family.</summary>
internal enum TFAttrKind
{
    Type,
    String,
    Bool,
    Int,
    IntList,
    Shape,
    Tensor,
}

/// <summary>One attribute an op type takes: its kind, TensorFlow's default (or none: required), and what values are supported here.</summary>
/// <param name="Name">The attribute name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Default">TensorFlow's default when the NodeDef omits it, or <see langword="null"/> when it is required.</param>
/// <param name="Check">Returns whether a value is supported.</param>
/// <param name="Supported">What is supported, for the NotSupportedException.</param>
internal sealed record TFAttrSpec(string Name, TFAttrKind Kind, object? Default, Func<object, bool> Check, string Supported);

/// <summary>
/// What the importer accepts per op type: attributes (<see cref="TFAttrSpec"/>) and input dtypes (each entry the
/// name of the type attribute the input must have, or a fixed set). Anything else is a NotSupportedException that
/// names the node, the op, the attribute and what is supported.
/// </summary>
internal static class TFImportSpecs
{
    private static readonly TFDataType[] AnyType = [TFDataType.Float16, TFDataType.BFloat16, TFDataType.Float32, TFDataType.Float64, TFDataType.Int32, TFDataType.Int64, TFDataType.UInt8];
    private static readonly TFDataType[] ConvTypes = [TFDataType.Float16, TFDataType.BFloat16, TFDataType.Float32, TFDataType.Float64, TFDataType.Int32];
    private static readonly TFDataType[] IntTypes = [TFDataType.Int32, TFDataType.Int64];

    private static readonly TFAttrSpec[] ConvAttrs =
    [
        Type("T", ConvTypes),
        new("strides", TFAttrKind.IntList, null, v => Is4((long[])v), "4 entries [1, h, w, 1] with h, w >= 1"),
        new("padding", TFAttrKind.String, null, v => (string)v is "SAME" or "VALID", "\"SAME\", \"VALID\" (EXPLICIT padding is not supported)"),
        new("dilations", TFAttrKind.IntList, new long[] { 1, 1, 1, 1 }, v => Is4((long[])v), "4 entries [1, h, w, 1] with h, w >= 1"),
        new("data_format", TFAttrKind.String, "NHWC", v => (string)v == "NHWC", "\"NHWC\" (NCHW is not supported)"),
        new("explicit_paddings", TFAttrKind.IntList, Array.Empty<long>(), v => ((long[])v).Length == 0, "an empty list (EXPLICIT padding is not supported)"),
        new("use_cudnn_on_gpu", TFAttrKind.Bool, true, _ => true, "true or false"),
    ];

    private static readonly Dictionary<string, (TFAttrSpec[] Attrs, Func<TFOperationDraft, TFDataType[][]> Inputs)> Specs = new(StringComparer.Ordinal)
    {
        ["Placeholder"] = ([Type("dtype", AnyType), new("shape", TFAttrKind.Shape, new TFShapeAttr(null), _ => true, "a shape")], _ => []),
        ["Const"] = ([Type("dtype", AnyType), new("value", TFAttrKind.Tensor, null, _ => true, "a tensor")], _ => []),
        ["Identity"] = ([Type("T", AnyType)], d => [d.TypeOf("T")]),
        ["Shape"] = ([Type("T", AnyType), Type("out_type", IntTypes, TFDataType.Int32)], d => [d.TypeOf("T")]),
        ["StridedSlice"] = (
            [Type("T", IntTypes), Type("Index", IntTypes), Mask("begin_mask", 1), Mask("end_mask", 1), Mask("ellipsis_mask", 0), Mask("new_axis_mask", 0), Mask("shrink_axis_mask", 1)],
            d => [d.TypeOf("T"), d.TypeOf("Index"), d.TypeOf("Index"), d.TypeOf("Index")]),
        ["Pack"] = ([new("N", TFAttrKind.Int, null, v => (long)v is >= 1 and <= 1024, "1 to 1024 inputs"), Type("T", IntTypes), new("axis", TFAttrKind.Int, 0L, v => (long)v == 0, "0")], d => d.Repeat("T")),
        ["AddV2"] = Binary(),
        ["Sub"] = Binary(),
        ["Mul"] = Binary(),
        ["FloorDiv"] = Binary(),
        ["FloorMod"] = Binary(),
        ["AddN"] = ([new("N", TFAttrKind.Int, null, v => (long)v is >= 1 and <= 1024, "1 to 1024 inputs"), Type("T", ConvTypes)], d => d.Repeat("T")),
        ["Fill"] = ([Type("T", AnyType), Type("index_type", IntTypes, TFDataType.Int32)], d => [d.TypeOf("index_type"), d.TypeOf("T")]),
        ["SpaceToBatchND"] = ([Type("T", AnyType), Type("Tblock_shape", IntTypes, TFDataType.Int32), Type("Tpaddings", IntTypes, TFDataType.Int32)], d => [d.TypeOf("T"), d.TypeOf("Tblock_shape"), d.TypeOf("Tpaddings")]),
        ["BatchToSpaceND"] = ([Type("T", AnyType), Type("Tblock_shape", IntTypes, TFDataType.Int32), Type("Tcrops", IntTypes, TFDataType.Int32)], d => [d.TypeOf("T"), d.TypeOf("Tblock_shape"), d.TypeOf("Tcrops")]),
        ["Conv2DBackpropInput"] = (ConvAttrs, d => [IntTypes, d.TypeOf("T"), d.TypeOf("T")]),
        ["Conv2D"] = (ConvAttrs, d => [d.TypeOf("T"), d.TypeOf("T")]),
        ["Conv2DBackpropFilter"] = (ConvAttrs, d => [d.TypeOf("T"), IntTypes, d.TypeOf("T")]),
    };

    public static string SupportedOps => string.Join(", ", Specs.Keys);

    public static bool TryGet(string op, out TFAttrSpec[] attrs, out Func<TFOperationDraft, TFDataType[][]> inputs)
    {
        bool found = Specs.TryGetValue(op, out var spec);
        attrs = spec.Attrs;
        inputs = spec.Inputs;
        return found;
    }

    private static (TFAttrSpec[], Func<TFOperationDraft, TFDataType[][]>) Binary() => ([Type("T", [TFDataType.Int32, TFDataType.Int64])], d => [d.TypeOf("T"), d.TypeOf("T")]);

    private static TFAttrSpec Type(string name, TFDataType[] allowed, TFDataType? defaultValue = null) =>
        new(name, TFAttrKind.Type, defaultValue, v => Array.IndexOf(allowed, (TFDataType)v) >= 0, string.Join(", ", allowed.Select(TFProtoTypes.ToProto)));

    private static TFAttrSpec Mask(string name, long max) => new(name, TFAttrKind.Int, 0L, v => (long)v >= 0 && (long)v <= max, max == 0 ? "0" : "0 or 1 (one sliced dimension)");

    private static bool Is4(long[] v) => v.Length == 4 && v[0] == 1 && v[3] == 1 && v[1] >= 1 && v[2] >= 1;
}

/// <summary>A NodeDef's attributes after conversion, before the node is built.</summary>
/// <param name="Name">The node's name in the GraphDef.</param>
/// <param name="Attrs">The converted attributes.</param>
/// <param name="InputCount">How many data inputs the NodeDef lists.</param>
internal sealed record TFOperationDraft(string Name, Dictionary<string, object> Attrs, int InputCount)
{
    public TFDataType[] TypeOf(string attr) => [(TFDataType)Attrs[attr]];

    public TFDataType[][] Repeat(string attr) => [.. Enumerable.Repeat(TypeOf(attr), checked((int)(long)Attrs["N"]))];
}
