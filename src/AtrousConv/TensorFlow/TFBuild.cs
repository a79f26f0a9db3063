namespace AtrousConv.TensorFlow;

/// <summary>
/// Builds nodes as TensorFlow's Python does: the op's name is made unique first, the constants its Python
/// arguments become are created inside the op's name scope (<c>add/y</c>, <c>SpaceToBatchND/block_shape</c>),
/// then the op itself.
/// </summary>
internal static class TFBuild
{
    /// <summary>The graph every one of <paramref name="tensors"/> belongs to, with TensorFlow's error when they differ.</summary>
    public static TFGraph GraphOf(string paramName, params TFTensor[] tensors)
    {
        TFGraph graph = tensors[0].graph;
        foreach (TFTensor t in tensors)
        {
            if (!ReferenceEquals(t.graph, graph))
            {
                TFThrow.DifferentGraphs(paramName, t, tensors[0]);
            }
        }

        return graph;
    }

    /// <summary>A node named <paramref name="name"/> (already unique).</summary>
    public static TFTensor Node(TFGraph g, string name, string type, TFTensor[] inputs, Dictionary<string, object> attrs, Conv2DTransposeGeometry? geometry = null) =>
        g.AddOperation(name, TFOpDefs.Get(type), inputs, attrs, geometry).output;

    /// <summary>A <c>Const</c> named <paramref name="baseName"/> in the current scope (made unique).</summary>
    public static TFTensor Const(TFGraph g, string baseName, TFValue value) =>
        Node(g, g.UniqueName(baseName), "Const", [], new(StringComparer.Ordinal) { ["dtype"] = value.dtype, ["value"] = value });

    /// <summary>An int32 or int64 <c>Const</c>.</summary>
    public static TFTensor IntConst(TFGraph g, string baseName, TFDataType dtype, long[] shape, params long[] values) =>
        Const(g, baseName, TFValue.OfLongs(dtype, shape, values));

    /// <summary>
    /// A Python int or list converted to a tensor as op input <paramref name="inputName"/> (inside the op's
    /// scope): a Const of the list, or, for a list holding tensors, TensorFlow's auto-packing
    /// (<c>Pack</c> nodes named <c>inputName</c>, <c>inputName/0</c>, … with scalar Consts <c>inputName/0/0</c>).
    /// </summary>
    public static TFTensor Convert(TFGraph g, string inputName, object value)
    {
        switch (value)
        {
            case TFTensor t:
                return t;
            case long scalar:
                return IntConst(g, inputName, TFDataType.Int32, [], scalar);
            case object[] list when list.All(e => e is long):
                return IntConst(g, inputName, TFDataType.Int32, [list.Length], [.. list.Cast<long>()]);
            case object[] list when list.All(e => e is object[] inner && inner.All(x => x is long)):
                long[][] rows = [.. list.Cast<object[]>().Select(r => r.Cast<long>().ToArray())];
                return IntConst(g, inputName, TFDataType.Int32, [rows.Length, rows[0].Length], [.. rows.SelectMany(r => r)]);
            case object[] list:
                string name = g.UniqueName(inputName);
                var parts = new TFTensor[list.Length];
                using (g.EnterScope(name + "/"))
                {
                    for (int i = 0; i < list.Length; i++)
                    {
                        parts[i] = Convert(g, i.ToString(System.Globalization.CultureInfo.InvariantCulture), list[i]);
                    }
                }

                return Pack(g, name, parts);
            default:
                throw new InvalidOperationException($"cannot convert {value.GetType().Name} to a tensor; this is a bug.");
        }
    }

    /// <summary>A <c>Pack</c> (axis 0) named <paramref name="name"/> (already unique).</summary>
    public static TFTensor Pack(TFGraph g, string name, TFTensor[] parts) =>
        Node(g, name, "Pack", parts, new(StringComparer.Ordinal) { ["N"] = (long)parts.Length, ["T"] = parts[0].dtype, ["axis"] = 0L });

    /// <summary>
    /// A binary int op as Python's operators build it: the op name unique in the current scope, a Python int
    /// operand a scalar Const <c>x</c> or <c>y</c> inside it.
    /// </summary>
    public static TFTensor Binary(string baseName, string type, object x, object y)
    {
        TFGraph g = x is TFTensor tx ? tx.graph : ((TFTensor)y).graph;
        string name = g.UniqueName(baseName);
        TFTensor a, b;
        using (g.EnterScope(name + "/"))
        {
            a = x is TFTensor ax ? ax : IntConst(g, "x", ((TFTensor)y).dtype, [], System.Convert.ToInt64(x, System.Globalization.CultureInfo.InvariantCulture));
            b = y is TFTensor by ? by : IntConst(g, "y", a.dtype, [], System.Convert.ToInt64(y, System.Globalization.CultureInfo.InvariantCulture));
        }

        GraphOf(nameof(y), a, b);
        if (a.dtype != b.dtype || a.dtype is not (TFDataType.Int32 or TFDataType.Int64))
        {
            TFThrow.ShapeArithmeticTypes(type, a, b);
        }

        return Node(g, name, type, [a, b], new(StringComparer.Ordinal) { ["T"] = a.dtype });
    }

    /// <summary>A Conv2DBackpropInput/Conv2D/Conv2DBackpropFilter node's attributes, in TensorFlow's set.</summary>
    public static Dictionary<string, object> ConvAttrs(TFDataType t, string padding, long sh, long sw, long dh, long dw) => new(StringComparer.Ordinal)
    {
        ["T"] = t,
        ["data_format"] = "NHWC",
        ["dilations"] = new long[] { 1, dh, dw, 1 },
        ["explicit_paddings"] = Array.Empty<long>(),
        ["padding"] = padding,
        ["strides"] = new long[] { 1, sh, sw, 1 },
        ["use_cudnn_on_gpu"] = true,
    };
}
