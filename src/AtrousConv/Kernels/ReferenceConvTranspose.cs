using System.Numerics;

namespace AtrousConv.Kernels;

/// <summary>
/// The definition, as plain loops (tf-semantics §1, with strides): every input pixel scatters
/// <c>value[n, iy, ix, ci] · filters[i, j, co, ci]</c> to output pixel <c>(iy·sh + i·dh − pt, ix·sw + j·dw − pl)</c>,
/// contributions that land outside the output dropped. Floating types accumulate in float64 and round once;
/// int32 accumulates in int64 and wraps to 32 bits, which equals TensorFlow's wrapping int32 arithmetic.
/// Slow on purpose: it is the oracle the fast kernel is tested against.
/// </summary>
internal static class ReferenceConvTranspose
{
    /// <summary>Sums the definition in <typeparamref name="TAcc"/> (float64 or int64, unchecked).</summary>
    /// <param name="g">The geometry.</param>
    /// <param name="value">The input, widened to the accumulation type.</param>
    /// <param name="filters">The filters, widened likewise.</param>
    /// <returns>The output, in the accumulation type.</returns>
    public static TAcc[] Accumulate<TAcc>(Conv2DTransposeGeometry g, ReadOnlySpan<TAcc> value, ReadOnlySpan<TAcc> filters)
        where TAcc : INumber<TAcc>
    {
        var output = new TAcc[checked((int)g.OutputElementCount)];
        Array.Fill(output, TAcc.Zero);
        for (long n = 0; n < g.Batch; n++)
        {
            for (long iy = 0; iy < g.InputHeight; iy++)
            {
                for (long ix = 0; ix < g.InputWidth; ix++)
                {
                    for (long ci = 0; ci < g.InputChannels; ci++)
                    {
                        TAcc v = value[(int)((((((n * g.InputHeight) + iy) * g.InputWidth) + ix) * g.InputChannels) + ci)];
                        for (long i = 0; i < g.FilterHeight; i++)
                        {
                            long y = (iy * g.StrideHeight) + (i * g.DilationHeight) - g.PadTop;
                            if (y < 0 || y >= g.OutputHeight)
                            {
                                continue;
                            }

                            for (long j = 0; j < g.FilterWidth; j++)
                            {
                                long x = (ix * g.StrideWidth) + (j * g.DilationWidth) - g.PadLeft;
                                if (x < 0 || x >= g.OutputWidth)
                                {
                                    continue;
                                }

                                for (long co = 0; co < g.OutputChannels; co++)
                                {
                                    TAcc f = filters[(int)((((((i * g.FilterWidth) + j) * g.OutputChannels) + co) * g.InputChannels) + ci)];
                                    int o = (int)((((((n * g.OutputHeight) + y) * g.OutputWidth) + x) * g.OutputChannels) + co);
                                    output[o] += v * f;
                                }
                            }
                        }
                    }
                }
            }
        }

        return output;
    }
}
