namespace AtrousConv.TensorFlow;

/// <summary>
/// One node of the TensorFlow graph an operation stands for, as a GraphDef would hold it: name, op type,
/// inputs, and attributes. Attribute values are <see cref="TFDataType"/> (<c>type</c>), <see cref="string"/>
/// (<c>s</c>), <see cref="bool"/> (<c>b</c>), <c>long[]</c> (<c>list(int)</c>) or <see cref="TFConstValue"/> (a Const's <c>value</c>).
/// </summary>
/// <param name="Name">The node name, with its name scope (<c>up/Conv2DBackpropInput</c>).</param>
/// <param name="Op">The op type (<c>Conv2DBackpropInput</c>).</param>
/// <param name="Inputs">Input node names in order.</param>
/// <param name="Attrs">Attributes by name.</param>
public sealed record TFNodeDef(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, object> Attrs);

/// <summary>The tensor a <c>Const</c> node holds.</summary>
/// <param name="DType">Its element type (int32 or int64 here).</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Values">Its values, row-major.</param>
public sealed record TFConstValue(TFDataType DType, long[] Shape, long[] Values);
