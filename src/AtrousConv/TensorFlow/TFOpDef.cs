namespace AtrousConv.TensorFlow;

/// <summary>What shape inference knows of an operation's output when it is built.</summary>
/// <param name="DType">The output dtype.</param>
/// <param name="Shape">The static shape (<c>-1</c> unknown dims), or <see langword="null"/> for an unknown rank.</param>
/// <param name="Known">For integer tensors, the entries known at build time (see <see cref="TFTensor.Known"/>).</param>
/// <param name="Geometry">For a convolution whose shapes are all known, its validated geometry.</param>
internal readonly record struct TFInferred(TFDataType DType, long[]? Shape, long?[]? Known = null, Conv2DTransposeGeometry? Geometry = null);

/// <summary>An op type: its shape inference (run once, when a node is built) and its kernel (run by a session).</summary>
/// <param name="Type">TensorFlow's op type name.</param>
/// <param name="Infer">Static shape inference; throws ArgumentException for inconsistent inputs.</param>
/// <param name="Compute">The kernel: the output value from the input values.</param>
/// <param name="ComputeInto">For the kernels that can, the kernel writing into a given value's array (checked
/// against the result's dtype and shape first), for a session run into a caller's value; <see langword="null"/>
/// for the others (their result is copied there).</param>
internal sealed record TFOpDef(string Type, Func<TFOperation, TFInferred> Infer, Func<TFOperation, TFValue[], TFValue> Compute, Func<TFOperation, TFValue[], TFValue?, TFValue>? ComputeInto = null);

/// <summary>The op types this face builds, imports and runs.</summary>
internal static class TFOpDefs
{
    private static readonly Dictionary<string, TFOpDef> ByType = new[]
    {
        TFArrayOps.Placeholder, TFArrayOps.Const, TFArrayOps.Identity, TFArrayOps.Shape, TFArrayOps.StridedSlice, TFArrayOps.Pack, TFArrayOps.Fill,
        TFMathOps.AddV2, TFMathOps.Sub, TFMathOps.Mul, TFMathOps.FloorDiv, TFMathOps.FloorMod, TFMathOps.AddN,
        TFSpaceBatchOps.SpaceToBatchND, TFSpaceBatchOps.BatchToSpaceND,
        TFConvOps.Conv2DBackpropInput, TFConvOps.Conv2D, TFConvOps.Conv2DBackpropFilter,
    }.ToDictionary(d => d.Type, StringComparer.Ordinal);

    /// <summary>The supported op types, for messages.</summary>
    public static string Supported => string.Join(", ", ByType.Keys);

    public static TFOpDef? Find(string type) => ByType.GetValueOrDefault(type);

    public static TFOpDef Get(string type) => ByType[type];
}
