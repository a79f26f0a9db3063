namespace AtrousConv.TensorFlow;

/// <summary>The Python operators TensorFlow code uses on int32 shape tensors: indexing, <c>+ - * %</c> and <c>//</c> (<see cref="tf.math.floordiv"/>).</summary>
public sealed partial class TFTensor
{
    /// <summary><c>t[index]</c> of a 1-D tensor: a <c>StridedSlice</c> (begin <c>[index]</c>, end <c>[index + 1]</c>, strides <c>[1]</c>, shrink_axis_mask 1), as TensorFlow's <c>__getitem__</c>.</summary>
    /// <param name="index">The entry; negative counts from the end.</param>
    /// <returns>The scalar tensor.</returns>
    public TFTensor this[int index]
    {
        get
        {
            TFGraph g = graph;
            string node = g.UniqueName("strided_slice");
            TFTensor begin, end, strides;
            using (g.EnterScope(node + "/"))
            {
                begin = TFBuild.IntConst(g, "stack", TFDataType.Int32, [1], index);
                end = TFBuild.IntConst(g, "stack_1", TFDataType.Int32, [1], index == -1 ? 0 : (long)index + 1);
                strides = TFBuild.IntConst(g, "stack_2", TFDataType.Int32, [1], 1);
            }

            return TFBuild.Node(g, node, "StridedSlice", [this, begin, end, strides], new(StringComparer.Ordinal)
            {
                ["Index"] = TFDataType.Int32,
                ["T"] = dtype,
                ["begin_mask"] = 0L,
                ["ellipsis_mask"] = 0L,
                ["end_mask"] = 0L,
                ["new_axis_mask"] = 0L,
                ["shrink_axis_mask"] = 1L,
            });
        }
    }

    /// <summary><c>x + y</c> (AddV2).</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The sum.</returns>
    public static TFTensor operator +(TFTensor x, TFTensor y) => TFBuild.Binary("add", "AddV2", x, y);

    /// <summary><c>x + y</c> with a Python int (a Const <c>add/y</c>).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="y">The int.</param>
    /// <returns>The sum.</returns>
    public static TFTensor operator +(TFTensor x, int y) => TFBuild.Binary("add", "AddV2", x, (long)y);

    /// <summary><c>x + y</c> with a Python int (a Const <c>add/x</c>).</summary>
    /// <param name="x">The int.</param>
    /// <param name="y">The tensor.</param>
    /// <returns>The sum.</returns>
    public static TFTensor operator +(int x, TFTensor y) => TFBuild.Binary("add", "AddV2", (long)x, y);

    /// <summary><c>x - y</c> (Sub).</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The difference.</returns>
    public static TFTensor operator -(TFTensor x, TFTensor y) => TFBuild.Binary("sub", "Sub", x, y);

    /// <summary><c>x - y</c> with a Python int.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="y">The int.</param>
    /// <returns>The difference.</returns>
    public static TFTensor operator -(TFTensor x, int y) => TFBuild.Binary("sub", "Sub", x, (long)y);

    /// <summary><c>x - y</c> with a Python int.</summary>
    /// <param name="x">The int.</param>
    /// <param name="y">The tensor.</param>
    /// <returns>The difference.</returns>
    public static TFTensor operator -(int x, TFTensor y) => TFBuild.Binary("sub", "Sub", (long)x, y);

    /// <summary><c>x * y</c> (Mul).</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The product.</returns>
    public static TFTensor operator *(TFTensor x, TFTensor y) => TFBuild.Binary("mul", "Mul", x, y);

    /// <summary><c>x * y</c> with a Python int.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="y">The int.</param>
    /// <returns>The product.</returns>
    public static TFTensor operator *(TFTensor x, int y) => TFBuild.Binary("mul", "Mul", x, (long)y);

    /// <summary><c>x * y</c> with a Python int.</summary>
    /// <param name="x">The int.</param>
    /// <param name="y">The tensor.</param>
    /// <returns>The product.</returns>
    public static TFTensor operator *(int x, TFTensor y) => TFBuild.Binary("mul", "Mul", (long)x, y);

    /// <summary>Python's <c>x % y</c> (FloorMod: the sign of <paramref name="y"/>).</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The remainder.</returns>
    public static TFTensor operator %(TFTensor x, TFTensor y) => TFBuild.Binary("mod", "FloorMod", x, y);

    /// <summary>Python's <c>x % y</c> with a Python int.</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="y">The int.</param>
    /// <returns>The remainder.</returns>
    public static TFTensor operator %(TFTensor x, int y) => TFBuild.Binary("mod", "FloorMod", x, (long)y);

    /// <summary>Python's <c>x % y</c> with a Python int.</summary>
    /// <param name="x">The int.</param>
    /// <param name="y">The tensor.</param>
    /// <returns>The remainder.</returns>
    public static TFTensor operator %(int x, TFTensor y) => TFBuild.Binary("mod", "FloorMod", (long)x, y);

    /// <summary>Named alternative of <c>+</c>.</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The sum.</returns>
    public static TFTensor Add(TFTensor x, TFTensor y) => x + y;

    /// <summary>Named alternative of <c>-</c>.</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The difference.</returns>
    public static TFTensor Subtract(TFTensor x, TFTensor y) => x - y;

    /// <summary>Named alternative of <c>*</c>.</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The product.</returns>
    public static TFTensor Multiply(TFTensor x, TFTensor y) => x * y;

    /// <summary>Named alternative of <c>%</c>.</summary>
    /// <param name="x">The first.</param>
    /// <param name="y">The second.</param>
    /// <returns>The remainder.</returns>
    public static TFTensor Mod(TFTensor x, TFTensor y) => x % y;
}
