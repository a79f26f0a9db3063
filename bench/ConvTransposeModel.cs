using System.Runtime.InteropServices;

namespace AtrousConv.Bench;

/// <summary>
/// The bytes of a one-node ONNX model <c>Y = ConvTranspose(X, W)</c> equal to our op. ONNX Runtime's C# API can
/// run models but not build them, hence this encoder. Field numbers are onnx.proto's (noted inline).
/// </summary>
/// <remarks>
/// ONNX ConvTranspose scatters <c>X[n, ci, iy, ix]·W[ci, co, i, j]</c> to <c>y = iy·stride + i·dilation − pad_begin</c>,
/// which is the library's definition with stride 1, dilation = rate and the library's forward pads
/// (<see cref="Conv2DTransposeGeometry.PadTop"/> etc.). Its output size is then
/// <c>H − 1 + (kh − 1)·rate + 1 − pad_top − pad_bottom</c>, equal to ours; the declared output shape below lets
/// ONNX Runtime reject the model at load if that ever disagreed. <c>output_shape</c> is deliberately not set: with it,
/// ONNX Runtime would recompute the pads itself.
/// </remarks>
internal static class ConvTransposeModel
{
    private const long IrVersion = 8, OpsetVersion = 17, FloatType = 1, AttributeInt = 2, AttributeInts = 7;

    public const string InputName = "X", OutputName = "Y";

    /// <param name="g">The library's geometry of the call.</param>
    /// <param name="weights">The filters in ONNX layout <c>[Cin, Cout, kh, kw]</c>.</param>
    public static byte[] Create(Conv2DTransposeGeometry g, float[] weights)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("TensorProto.raw_data is little-endian; this writer copies floats as they lie in memory.");
        }

        long[] inputShape = [g.Batch, g.InputChannels, g.InputHeight, g.InputWidth];
        long[] outputShape = [g.Batch, g.OutputChannels, g.OutputHeight, g.OutputWidth];
        long[] weightShape = [g.InputChannels, g.OutputChannels, g.FilterHeight, g.FilterWidth];

        var model = new ProtoWriter()
            .Int64(1, IrVersion)                                                  // ModelProto.ir_version
            .String(2, "AtrousConv.Bench")                                        // ModelProto.producer_name
            .Message(8, op => op.String(1, string.Empty).Int64(2, OpsetVersion))  // opset_import {domain "", version}
            .Message(7, graph => graph                                            // ModelProto.graph
                .Message(1, node => node                                          // GraphProto.node
                    .String(1, InputName).String(1, "W")                          // NodeProto.input
                    .String(2, OutputName)                                        // NodeProto.output
                    .String(3, "atrous_conv2d_transpose")                         // NodeProto.name
                    .String(4, "ConvTranspose")                                   // NodeProto.op_type
                    .Message(5, a => Ints(a, "dilations", [g.DilationHeight, g.DilationWidth]))
                    .Message(5, a => Ints(a, "strides", [g.StrideHeight, g.StrideWidth]))
                    .Message(5, a => Ints(a, "kernel_shape", [g.FilterHeight, g.FilterWidth]))
                    .Message(5, a => Ints(a, "pads", [g.PadTop, g.PadLeft, g.PadBottom, g.PadRight])) // [x1_begin, x2_begin, x1_end, x2_end]
                    .Message(5, a => a.String(1, "group").Int64(20, AttributeInt).Int64(3, 1)))
                .String(2, "atrous")                                              // GraphProto.name
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
