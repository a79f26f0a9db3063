namespace AtrousConv.TensorFlow;

/// <summary>
/// A node of a graph, as in TensorFlow's GraphDef: a name, an op type (<c>Conv2DBackpropInput</c>,
/// <c>SpaceToBatchND</c>, <c>Const</c>, …), input tensors in TensorFlow's order, attributes, and one output.
/// Attribute values are <see cref="TFDataType"/> (<c>type</c>), <see cref="string"/> (<c>s</c>), <see cref="bool"/>
/// (<c>b</c>), <see cref="long"/> (<c>i</c>), <c>long[]</c> (<c>list(int)</c>), <see cref="TFShapeAttr"/>
/// (<c>shape</c>) or <see cref="TFValue"/> (a <c>Const</c>'s <c>value</c>).
/// </summary>
public sealed class TFOperation : ITensorOrOperation
{
    private readonly TFTensor[] inputTensors;
    private readonly Dictionary<string, object> attributes;
    private Conv2DTransposeGeometry? lastGeometry;

    internal TFOperation(TFGraph graph, string name, TFOpDef def, TFTensor[] inputs, Dictionary<string, object> attrs, Conv2DTransposeGeometry? geometry)
    {
        this.graph = graph;
        this.name = name;
        Def = def;
        inputTensors = inputs;
        attributes = attrs;
        Geometry = geometry;
        lastGeometry = geometry;
        TFInferred inferred = def.Infer(this);
        output = new TFTensor(this, inferred.DType, inferred.Shape, inferred.Known);
        Geometry ??= inferred.Geometry;
        lastGeometry = Geometry;
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names, so ported code reads the same.

    /// <summary>The node name, with its name scope (<c>atrous_conv2d_transpose/BatchToSpaceND</c>).</summary>
    public string name { get; }

    /// <summary>The op type (<c>BatchToSpaceND</c>, <c>Conv2DBackpropInput</c>, <c>Const</c>, …).</summary>
    public string type => Def.Type;

    /// <summary>The graph the operation belongs to.</summary>
    public TFGraph graph { get; }

    /// <summary>The input tensors, in TensorFlow's order (for <c>Conv2DBackpropInput</c>: input_sizes, filter, out_backprop).</summary>
    public IReadOnlyList<TFTensor> inputs => inputTensors;

    /// <summary>The output tensor (<c>name:0</c>).</summary>
    public TFTensor output { get; }

    /// <summary>The outputs (these ops have one).</summary>
    public IReadOnlyList<TFTensor> outputs => [output];

    /// <summary>The attributes by name.</summary>
    public IReadOnlyDictionary<string, object> attrs => attributes;

    /// <summary>An attribute's value (TensorFlow's <c>op.get_attr(name)</c>).</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="ArgumentException">The operation has no such attribute.</exception>
    public object get_attr(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!attributes.TryGetValue(name, out object? value))
        {
            TFThrow.NoAttr(this, name);
        }

        return value;
    }

#pragma warning restore CA1707, IDE1006

    internal TFOpDef Def { get; }

    internal TFTensor[] InputArray => inputTensors;

    /// <summary>The convolution geometry validated when the graph was built (every shape known then), else <see langword="null"/>.</summary>
    internal Conv2DTransposeGeometry? Geometry { get; }

    /// <summary>A <c>Const</c>'s value.</summary>
    internal TFValue? ConstValue => attributes.GetValueOrDefault("value") as TFValue;

    internal T Attr<T>(string key) => (T)attributes[key];

    /// <summary>
    /// The geometry of a convolution node for the shapes of this run: the build-time one when the shapes are the
    /// ones validated then, else the last run's when equal, else a new one (validated once per new shapes).
    /// </summary>
    internal Conv2DTransposeGeometry GeometryFor(ReadOnlySpan<long> value, ReadOnlySpan<long> filters, ReadOnlySpan<long> output, Func<Conv2DTransposeGeometry> create)
    {
        Conv2DTransposeGeometry? last = Volatile.Read(ref lastGeometry);
        if (last is not null && last.HasValueShape(value) && last.HasFiltersShape(filters) && last.HasOutputShape(output))
        {
            return last;
        }

        Conv2DTransposeGeometry created = create();
        Volatile.Write(ref lastGeometry, created);
        return created;
    }

    /// <inheritdoc/>
    public override string ToString() => $"<tf.Operation '{name}' type={type}>";
}

/// <summary>A <c>shape</c> attribute (a Placeholder's): dimensions with <c>-1</c> for unknown, or an unknown rank.</summary>
/// <param name="Dims">The dimensions, or <see langword="null"/> for an unknown rank.</param>
public sealed record TFShapeAttr(long[]? Dims);
