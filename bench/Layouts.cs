namespace AtrousConv.Bench;

/// <summary>
/// The layout changes between the library (NHWC, filters <c>[kh, kw, Cout, Cin]</c>) and ONNX (NCHW, weights
/// <c>[Cin, Cout, kh, kw]</c>). They run once in setup, outside every timed region.
/// </summary>
internal static class Layouts
{
    public static float[] NhwcToNchw(ReadOnlySpan<float> source, int n, int h, int w, int c)
    {
        var result = new float[source.Length];
        for (int b = 0; b < n; b++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        result[(((((b * c) + ch) * h) + y) * w) + x] = source[(((((b * h) + y) * w) + x) * c) + ch];
                    }
                }
            }
        }

        return result;
    }

    public static float[] NchwToNhwc(ReadOnlySpan<float> source, int n, int c, int h, int w)
    {
        var result = new float[source.Length];
        for (int b = 0; b < n; b++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        result[(((((b * h) + y) * w) + x) * c) + ch] = source[(((((b * c) + ch) * h) + y) * w) + x];
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// TensorFlow's transposed-conv filters <c>[kh, kw, Cout, Cin]</c> to ONNX ConvTranspose's <c>[Cin, Cout, kh, kw]</c>
    /// (ONNX: "C x M/group x kH x kW"). Neither op flips the kernel, so it is a pure transpose.
    /// </summary>
    public static float[] FiltersToOnnx(ReadOnlySpan<float> filters, int kh, int kw, int cout, int cin)
    {
        var result = new float[filters.Length];
        for (int i = 0; i < kh; i++)
        {
            for (int j = 0; j < kw; j++)
            {
                for (int co = 0; co < cout; co++)
                {
                    for (int ci = 0; ci < cin; ci++)
                    {
                        result[(((((ci * cout) + co) * kh) + i) * kw) + j] = filters[(((((i * kw) + j) * cout) + co) * cin) + ci];
                    }
                }
            }
        }

        return result;
    }
}
