using AtrousConv.TensorFlow.Framework;
using Google.Protobuf;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Reads and writes TensorFlow's <see cref="GraphDef"/> in both of TensorFlow's forms: the binary protobuf
/// (<c>.pb</c>, what <c>graph.as_graph_def().SerializeToString()</c> and <c>tf.io.write_graph(..., as_text=False)</c>
/// write) and the protobuf text format (<c>.pbtxt</c>, what <c>tf.io.write_graph(..., as_text=True)</c> writes).
/// Malformed, truncated or oversized input is an <see cref="InvalidDataException"/>; reading never allocates more
/// than the input's own size calls for, and nesting is bounded.
/// </summary>
public static class GraphDefFormat
{
    /// <summary>Reads a binary GraphDef.</summary>
    /// <param name="bytes">The serialized protobuf.</param>
    /// <returns>The graph. Fields this library does not model are kept and written back by <see cref="ToBinary"/>.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid GraphDef.</exception>
    public static GraphDef ParseBinary(ReadOnlySpan<byte> bytes)
    {
        // A span is shorter than 2 GiB by construction: protobuf's message limit needs no check here (Load checks files).
        try
        {
            // Google.Protobuf bounds what it allocates by the bytes present (a length prefix beyond the end is a
            // truncation error, not an allocation) and nesting by its recursion limit, protobuf's default of 100.
            return GraphDef.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            GraphDefErrors.MalformedBinary(e);
            throw; // Unreachable: the helper never returns.
        }
    }

    /// <summary>Reads a text-format GraphDef, as <c>tf.io.write_graph(..., as_text=True)</c> writes it.</summary>
    /// <param name="text">The protobuf text.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid GraphDef; the message gives line and column.</exception>
    public static GraphDef ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ProtoTextParser.Parse<GraphDef>(text, GraphDef.Descriptor);
    }

    /// <summary>
    /// Reads a GraphDef file in either form. A <c>.pbtxt</c>, <c>.pbtext</c>, <c>.prototxt</c> or <c>.txt</c> file is
    /// text and a <c>.pb</c> file is binary; any other name is tried as text, then as binary, as TensorFlow's
    /// <c>ReadTextOrBinaryProto</c> does.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid GraphDef in the form its name or content says.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GraphDef Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length = new FileInfo(path).Length;
        if (length > GraphDefLimits.MaxBinaryBytes)
        {
            GraphDefErrors.TooLarge("file '" + path + "'", length, GraphDefLimits.MaxBinaryBytes);
        }

        byte[] bytes = File.ReadAllBytes(path);
        switch (Path.GetExtension(path).ToUpperInvariant())
        {
            case ".PBTXT" or ".PBTEXT" or ".PROTOTXT" or ".TXT":
                return ParseText(DecodeText(bytes));
            case ".PB":
                return ParseBinary(bytes);
            default:
                return ParseEither(path, bytes);
        }
    }

    /// <summary>Writes a binary GraphDef, as <c>SerializeToString()</c> does.</summary>
    /// <param name="graph">The graph.</param>
    /// <returns>The serialized protobuf.</returns>
    public static byte[] ToBinary(GraphDef graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.ToByteArray();
    }

    /// <summary>
    /// Writes a text-format GraphDef exactly as <c>tf.io.write_graph(..., as_text=True)</c> does: fields in number
    /// order, map entries sorted by key, two-space indentation, bytes with C escapes, enums by name.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <returns>The protobuf text.</returns>
    public static string ToText(GraphDef graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return ProtoTextPrinter.Print(graph);
    }

    private static GraphDef ParseEither(string path, byte[] bytes)
    {
        InvalidDataException textError;
        try
        {
            return ParseText(DecodeText(bytes));
        }
        catch (InvalidDataException e)
        {
            textError = e;
        }

        try
        {
            return ParseBinary(bytes);
        }
        catch (InvalidDataException e)
        {
            GraphDefErrors.MalformedFile(path, textError, e);
            throw; // Unreachable: the helper never returns.
        }
    }

    private static string DecodeText(byte[] bytes) => ProtoTextParser.DecodeUtf8(bytes);
}
