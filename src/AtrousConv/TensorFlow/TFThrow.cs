using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace AtrousConv.TensorFlow;

/// <summary>
/// The TensorFlow face's exceptions, one method per reason, with TensorFlow's texts (graphs, feeds, imports here;
/// the ops' arguments in <c>TFThrow.Arguments.cs</c>). The rules shared with the .NET face (shapes, rates,
/// geometry) keep their home in the contract.
/// </summary>
[StackTraceHidden]
internal static partial class TFThrow
{
    [DoesNotReturn]
    private static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void DifferentGraphs(string paramName, TFTensor tensor, TFTensor other) =>
        Argument(paramName, $"Tensor({Describe(tensor)}) must be from the same graph as Tensor({Describe(other)}).");

    [DoesNotReturn]
    public static void NotInSessionGraph(string paramName, TFTensor tensor) =>
        Argument(paramName, $"Tensor {tensor.name} is not an element of this graph (the session's graph); expected a tensor built in it.");

    [DoesNotReturn]
    public static void MissingFeed(TFOperation placeholder) =>
        Argument(
            "feed_dict",
            $"You must feed a value for placeholder tensor '{placeholder.name}' with dtype {placeholder.output.dtype.ToTFName()}" +
            (placeholder.output.Dims is { } dims ? $" and shape {TFShapes.Bracketed(dims)}" : "") +
            $"\n\t [[{{{{node {placeholder.name}}}}}]]. Expected feed_dict to hold a value for {placeholder.output.name}.");

    [DoesNotReturn]
    public static void FeedShape(TFTensor tensor, ReadOnlySpan<long> fed) =>
        Argument("feed_dict", $"Cannot feed value of shape {TFShapes.Tuple(fed)} for Tensor {tensor.name}, which has shape {TFShapes.Tuple(tensor.Dims)}.");

    [DoesNotReturn]
    public static void FeedDType(TFTensor tensor, TFDataType fed) =>
        Argument("feed_dict", $"Cannot feed value of dtype {fed.ToTFName()} for Tensor {tensor.name}, which has dtype {tensor.dtype.ToTFName()}; expected a {tensor.dtype.ToClrType().Name}[] value.");

    [DoesNotReturn]
    public static void OutputDType(string? tensorName, TFDataType expected, TFDataType given) =>
        Argument("output", $"output has dtype {given.ToTFName()}, but the run's result{Of(tensorName)} has dtype {expected.ToTFName()}; expected a {expected.ToClrType().Name}[] value.");

    [DoesNotReturn]
    public static void OutputShape(string? tensorName, ReadOnlySpan<long> expected, ReadOnlySpan<long> given) =>
        Argument("output", $"output has shape {TFShapes.Bracketed(given)}, but the run's result{Of(tensorName)} has shape {TFShapes.Bracketed(expected)}; expected a value of that shape.");

    private static string Of(string? tensorName) => tensorName is null ? "" : $" of {tensorName}";

    [DoesNotReturn]
    public static void ReadType(string what, TFDataType dtype, Type requested) =>
        Argument("T", $"{what} has dtype {dtype.ToTFName()}, stored as {dtype.ToClrType().Name}; ToArray<{requested.Name}>() cannot read it. Expected ToArray<{dtype.ToClrType().Name}>().");

    [DoesNotReturn]
    public static void ShapeElementCount(string paramName, ReadOnlySpan<long> shape, string why) =>
        Argument(paramName, $"{paramName}={TFShapes.Bracketed(shape)} {why}");

    [DoesNotReturn]
    public static void RunTime(TFOperation op, string message) =>
        Argument("feed_dict", $"{message}\n\t [[{{{{node {op.name}}}}}]] (op {op.type}).");

    [DoesNotReturn]
    public static void NoGradient(TFOperation op) =>
        Argument("ys", $"No gradient is registered for op type '{op.type}' ({op.name}); register one with TFGradients.Register.");

    [DoesNotReturn]
    public static void UnknownName(string name, string what) =>
        throw new KeyError(name, $"The name '{name}' refers to {what} which does not exist in the graph.");

    [DoesNotReturn]
    public static void Unsupported(string node, string op, string attribute, string value, string supported) =>
        throw new NotSupportedException($"Node '{node}' (op {op}): {attribute} {value} is not supported; supported: {supported}.");

    [DoesNotReturn]
    public static void UnsupportedOp(string node, string op, string supported) =>
        throw new NotSupportedException($"Node '{node}': op type '{op}' is not supported; supported ops: {supported}.");

    [DoesNotReturn]
    public static void Malformed(string node, string message) =>
        throw new InvalidDataException($"Node '{node}': {message}");

    [DoesNotReturn]
    public static void NestedReset() =>
        throw new InvalidOperationException("Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.");

    private static string Describe(TFTensor t) => $"\"{t.name}\", shape={TFShapes.Tuple(t.Dims)}, dtype={t.dtype.ToTFName()}";
}

/// <summary>TensorFlow's <c>KeyError</c> of <c>get_tensor_by_name</c>/<c>get_operation_by_name</c>.</summary>
public sealed class KeyError : KeyNotFoundException
{
    /// <summary>A name that is not in the graph.</summary>
    /// <param name="key">The name looked up.</param>
    /// <param name="message">What was wrong.</param>
    public KeyError(string key, string message)
        : base(message) => Key = key;

    /// <summary>An empty error.</summary>
    public KeyError()
    {
    }

    /// <summary>An error with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public KeyError(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message and a cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public KeyError(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The name looked up.</summary>
    public string? Key { get; }
}
