namespace AtrousConv.TensorFlow;

/// <summary>What <c>tf.import_graph_def</c> returns per <c>return_elements</c> entry: a <see cref="TFTensor"/> (<c>"op:0"</c>) or a <see cref="TFOperation"/> (<c>"op"</c>).</summary>
public interface ITensorOrOperation
{
#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names.

    /// <summary>The tensor's or operation's name.</summary>
    string name { get; }

    /// <summary>The graph it belongs to.</summary>
    TFGraph graph { get; }

#pragma warning restore CA1707, IDE1006
}
