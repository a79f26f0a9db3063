using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Graphs;

/// <summary>
/// Deterministic inputs of the exported graphs: standard normal values (as TensorFlow's fixture generator draws
/// them) from a seeded generator, rounded once to the dtype, so TensorFlow and we read the same numbers.
/// </summary>
public static class GraphInputs
{
    /// <summary>Values of a shape and dtype.</summary>
    /// <param name="dtype">float32, float64, float16 or bfloat16.</param>
    /// <param name="shape">The shape.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <returns>The typed array.</returns>
    public static Array Normal(TFDataType dtype, long[] shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int count = checked((int)shape.Aggregate(1L, (n, d) => checked(n * d)));
        var random = new Random(seed);
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box–Muller: two uniforms in (0, 1] give one standard normal.
            double u = 1.0 - random.NextDouble(), v = random.NextDouble();
            values[i] = Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
        }

        return dtype switch
        {
            TFDataType.Float32 => Array.ConvertAll(values, x => (float)x),
            TFDataType.Float64 => values,
            TFDataType.Float16 => Array.ConvertAll(values, x => (Half)x),
            TFDataType.BFloat16 => Array.ConvertAll(values, x => BFloat16.FromSingle((float)x)),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "export-graphs draws float inputs only"),
        };
    }

    /// <summary>
    /// Inserts <c>d − 1</c> zeros between the taps of <c>[kh, kw, out, in]</c> filters: the dilated filter whose
    /// undilated transposed convolution is the dilated one (docs/fixture-format.md makes TensorFlow's references so).
    /// </summary>
    /// <param name="filters">The filters, row-major.</param>
    /// <param name="shape">Their shape.</param>
    /// <param name="dh">Dilation along height.</param>
    /// <param name="dw">Dilation along width.</param>
    /// <returns>The dilated filters and their shape.</returns>
    public static (Array Data, long[] Shape) Dilate(Array filters, long[] shape, int dh, int dw)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(shape);
        long kh = shape[0], kw = shape[1], inner = shape[2] * shape[3];
        long eh = ((kh - 1) * dh) + 1, ew = ((kw - 1) * dw) + 1;
        Array dilated = System.Array.CreateInstance(filters.GetType().GetElementType()!, eh * ew * inner);
        for (long y = 0; y < kh; y++)
        {
            for (long x = 0; x < kw; x++)
            {
                System.Array.Copy(filters, ((y * kw) + x) * inner, dilated, ((y * dh * ew) + (x * dw)) * inner, inner);
            }
        }

        return (dilated, [eh, ew, shape[2], shape[3]]);
    }
}
