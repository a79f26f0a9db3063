namespace AtrousConv.Bench;

/// <summary>
/// The layout changes between the library (NHWC, filters <c>[kh, kw, Cout, Cin]</c> or, for atrous_conv2d,
/// <c>[kh, kw, Cin, Cout]</c>) and ONNX (NCHW, weights <c>[Cin, Cout, kh, kw]</c> for ConvTranspose,
/// <c>[Cout, Cin, kh, kw]</c> for Conv). They run once in setup, outside every timed region.
/// </summary>
internal static class Layouts
{
    public static float[] NhwcToNchw(ReadOnlySpan<float> source, int n, int h, int w, int c) => Permute(source, [n, h, w, c], [0, 3, 1, 2]);

    public static float[] NchwToNhwc(ReadOnlySpan<float> source, int n, int c, int h, int w) => Permute(source, [n, c, h, w], [0, 2, 3, 1]);

    /// <summary>
    /// TensorFlow's filters <c>[kh, kw, a, b]</c> to ONNX's <c>[b, a, kh, kw]</c>: transposed-conv filters
    /// <c>[kh, kw, Cout, Cin]</c> to ConvTranspose's <c>[Cin, Cout, kh, kw]</c> (ONNX: "C x M/group x kH x kW"), and
    /// atrous_conv2d filters <c>[kh, kw, Cin, Cout]</c> to Conv's <c>[Cout, Cin, kh, kw]</c> ("M x C/group x kH x kW").
    /// No op flips the kernel, so it is a pure transpose.
    /// </summary>
    public static float[] FiltersToOnnx(ReadOnlySpan<float> filters, int kh, int kw, int a, int b) => Permute(filters, [kh, kw, a, b], [3, 2, 0, 1]);

    /// <summary>
    /// numpy.transpose of a rank-4 array: result axis <c>k</c> is source axis <c>order[k]</c>. Walks the source in
    /// memory order and scatters, which is fast enough for setup (shape E's 3.2 M elements in a few milliseconds).
    /// </summary>
    public static float[] Permute(ReadOnlySpan<float> source, ReadOnlySpan<int> dims, ReadOnlySpan<int> order)
    {
        // stride[axis]: how far one step along that source axis moves in the result.
        Span<long> stride = stackalloc long[4];
        long step = 1;
        for (int k = 3; k >= 0; k--)
        {
            stride[order[k]] = step;
            step *= dims[order[k]];
        }

        var result = new float[source.Length];
        int s = 0;
        for (int a0 = 0; a0 < dims[0]; a0++)
        {
            for (int a1 = 0; a1 < dims[1]; a1++)
            {
                for (int a2 = 0; a2 < dims[2]; a2++)
                {
                    long offset = (a0 * stride[0]) + (a1 * stride[1]) + (a2 * stride[2]);
                    for (int a3 = 0; a3 < dims[3]; a3++)
                    {
                        result[offset + (a3 * stride[3])] = source[s++];
                    }
                }
            }
        }

        return result;
    }
}
