namespace AtrousConv.Tests;

/// <summary>
/// Independent definitions written in the tests (not the library's), used as oracles: the forward atrous
/// convolution (for adjointness) and filter dilation (for the conv2d_transpose equivalence).
/// </summary>
internal static class Definitions
{
    /// <summary>
    /// <c>atrous_conv2d(x, W)</c> with W in the transposed op's layout <c>[kh, kw, Cout, Cin]</c>, mapping an output-shaped
    /// tensor <c>[N, Ho, Wo, Cout]</c> back to a value-shaped one <c>[N, H, W, Cin]</c> with stride s and dilation d:
    /// <c>r[n, iy, ix, ci] = Σ x[n, iy·s + i·d − pt, ix·s + j·d − pl, co] · W[i, j, co, ci]</c>.
    /// </summary>
    public static double[] ForwardConv(double[] x, long[] outShape, double[] w, long[] wShape, long[] valueShape, long sh, long sw, long dh, long dw, long pt, long pl)
    {
        long n = valueShape[0], h = valueShape[1], wd = valueShape[2], cin = valueShape[3];
        long ho = outShape[1], wo = outShape[2], cout = outShape[3], kh = wShape[0], kw = wShape[1];
        var r = new double[n * h * wd * cin];
        for (long b = 0; b < n; b++)
        {
            for (long iy = 0; iy < h; iy++)
            {
                for (long ix = 0; ix < wd; ix++)
                {
                    for (long ci = 0; ci < cin; ci++)
                    {
                        double sum = 0;
                        for (long i = 0; i < kh; i++)
                        {
                            long y = (iy * sh) + (i * dh) - pt;
                            for (long j = 0; j < kw; j++)
                            {
                                long xx = (ix * sw) + (j * dw) - pl;
                                if (y < 0 || y >= ho || xx < 0 || xx >= wo)
                                {
                                    continue;
                                }

                                for (long co = 0; co < cout; co++)
                                {
                                    sum += x[(((((b * ho) + y) * wo) + xx) * cout) + co] * w[(((((i * kw) + j) * cout) + co) * cin) + ci];
                                }
                            }
                        }

                        r[(((((b * h) + iy) * wd) + ix) * cin) + ci] = sum;
                    }
                }
            }
        }

        return r;
    }

    /// <summary>TensorFlow's test helper <c>_upsample_filters</c>: inserts <c>rate − 1</c> zeros between taps.</summary>
    public static T[] DilateFilters<T>(T[] f, long[] shape, int rate, out long[] dilatedShape)
    {
        long kh = shape[0], kw = shape[1], co = shape[2], ci = shape[3];
        long khd = ((kh - 1) * rate) + 1, kwd = ((kw - 1) * rate) + 1;
        dilatedShape = [khd, kwd, co, ci];
        var result = new T[khd * kwd * co * ci];
        for (long i = 0; i < kh; i++)
        {
            for (long j = 0; j < kw; j++)
            {
                Array.Copy(f, ((i * kw) + j) * co * ci, result, (((i * rate * kwd) + (j * rate)) * co * ci), co * ci);
            }
        }

        return result;
    }
}
