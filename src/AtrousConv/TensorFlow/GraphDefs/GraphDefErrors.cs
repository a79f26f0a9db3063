using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>The one place that builds the exceptions of reading and writing GraphDefs, one method per reason.</summary>
[StackTraceHidden]
internal static class GraphDefErrors
{
    [DoesNotReturn]
    public static void TooLarge(string what, long length, long limit) =>
        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
            $"The {what} is {length} bytes long; a GraphDef is at most {limit} bytes (protobuf's 2 GiB message limit)."));

    [DoesNotReturn]
    public static void MalformedBinary(Exception inner) =>
        throw new InvalidDataException(
            "The bytes are not a valid binary GraphDef (truncated or corrupted protobuf): " + inner.Message, inner);

    /// <summary>The one shape of a text error: where (<c>line:column</c>, 1-based) and why.</summary>
    [DoesNotReturn]
    public static void MalformedText(string location, string reason) =>
        throw new InvalidDataException($"Invalid text GraphDef at {location}: {reason}.");

    [DoesNotReturn]
    public static void NotUtf8(Exception inner) =>
        throw new InvalidDataException("Invalid text GraphDef: the bytes are not UTF-8 text (" + inner.Message + ").", inner);

    [DoesNotReturn]
    public static void MalformedFile(string path, Exception textError, Exception binaryError) =>
        throw new InvalidDataException(
            $"'{path}' is neither a text GraphDef ({textError.Message}) nor a binary GraphDef ({binaryError.Message}).",
            binaryError);
}
