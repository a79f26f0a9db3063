using System.Runtime.InteropServices;

namespace AtrousConv.Bench;

/// <summary>
/// The bytes of a one-node ONNX model <c>Y = op(X, W)</c> with <c>W</c> a float initializer and integer-list
/// attributes, the shape of ConvTranspose and Conv alike. ONNX Runtime's C# API can run models but not build them,
/// hence this encoder. Field numbers are onnx.proto's (noted inline). The declared output shape lets ONNX Runtime
/// reject the model at load if the op's own shape inference disagrees with the caller's.
/// </summary>
internal static class OnnxModel
{
    private const long IrVersion = 8, OpsetVersion = 17, FloatType = 1, AttributeInt = 2, AttributeInts = 7;

    public const string InputName = "X", OutputName = "Y";

    /// <param name="opType">The ONNX operator, e.g. "Conv".</param>
    /// <param name="nodeName">A name for the node and graph, for ONNX Runtime's messages.</param>
    /// <param name="attributes">INTS attributes (dilations, strides, kernel_shape, pads); <c>group</c> is always 1.</param>
    /// <param name="weights">The initializer <c>W</c>, in the op's layout.</param>
    /// <param name="weightShape">Its dimensions.</param>
    /// <param name="inputShape">The dimensions of <c>X</c>.</param>
    /// <param name="outputShape">The dimensions of <c>Y</c>.</param>
    public static byte[] OneNode(
        string opType, string nodeName, IReadOnlyList<(string Name, long[] Values)> attributes,
        float[] weights, long[] weightShape, long[] inputShape, long[] outputShape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("TensorProto.raw_data is little-endian; this writer copies floats as they lie in memory.");
        }

        var model = new ProtoWriter()
            .Int64(1, IrVersion)                                                  // ModelProto.ir_version
            .String(2, "AtrousConv.Bench")                                        // ModelProto.producer_name
            .Message(8, op => op.String(1, string.Empty).Int64(2, OpsetVersion))  // opset_import {domain "", version}
            .Message(7, graph => graph                                            // ModelProto.graph
                .Message(1, node =>                                               // GraphProto.node
                {
                    node.String(1, InputName).String(1, "W")                      // NodeProto.input
                        .String(2, OutputName)                                    // NodeProto.output
                        .String(3, nodeName)                                      // NodeProto.name
                        .String(4, opType);                                       // NodeProto.op_type
                    foreach ((string name, long[] values) in attributes)
                    {
                        node.Message(5, a => Ints(a, name, values));              // NodeProto.attribute
                    }

                    node.Message(5, a => a.String(1, "group").Int64(20, AttributeInt).Int64(3, 1));
                })
                .String(2, nodeName)                                              // GraphProto.name
                .Message(5, t => t                                                // GraphProto.initializer (TensorProto)
                    .Int64s(1, weightShape)                                       // TensorProto.dims
                    .Int64(2, FloatType)                                          // TensorProto.data_type
                    .String(8, "W")                                               // TensorProto.name
                    .Bytes(9, MemoryMarshal.AsBytes(weights.AsSpan())))           // TensorProto.raw_data
                .Message(11, v => FloatTensorInfo(v, InputName, inputShape))     // GraphProto.input
                .Message(12, v => FloatTensorInfo(v, OutputName, outputShape))); // GraphProto.output
        return model.Written.ToArray();
    }

    /// <summary>AttributeProto {name = 1, type = 20 (INTS), ints = 8}.</summary>
    private static void Ints(ProtoWriter a, string name, long[] values) => a.String(1, name).Int64(20, AttributeInts).Int64s(8, values);

    /// <summary>ValueInfoProto {name = 1, type = 2: TypeProto {tensor_type = 1: {elem_type = 1, shape = 2: {dim = 1: {dim_value = 1}}}}}.</summary>
    private static void FloatTensorInfo(ProtoWriter v, string name, long[] shape) => v
        .String(1, name)
        .Message(2, type => type
            .Message(1, tensor => tensor
                .Int64(1, FloatType)
                .Message(2, s =>
                {
                    foreach (long d in shape)
                    {
                        s.Message(1, dim => dim.Int64(1, d));
                    }
                })));
}
