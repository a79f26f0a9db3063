using System.Numerics;

namespace AtrousConv.Kernels;

/// <summary>
/// The definition, as plain loops (docs/tf-semantics.md §1, with strides): every input pixel scatters
/// <c>value[n, iy, ix, ci] · filters[i, j, co, ci]</c> to output pixel <c>(iy·sh + i·dh − pt, ix·sw + j·dw − pl)</c>,
/// contributions that land outside the output dropped. The adjoint (forward convolution) and the filter gradient
/// visit exactly the same (value, filter, output) index triples. Floating types accumulate in float64 and round
/// once; int32 accumulates in int64 and wraps to 32 bits, which equals TensorFlow's wrapping int32 arithmetic.
/// Slow on purpose: it is the oracle the fast kernels are tested against.
/// </summary>
internal static class ReferenceConvTranspose
{
    /// <summary>The transposed convolution: <c>out[o] += value[v] · filters[f]</c>.</summary>
    public static TAcc[] Transpose<TAcc>(Conv2DTransposeGeometry g, TAcc[] value, TAcc[] filters)
        where TAcc : INumber<TAcc>
    {
        var visitor = new Sum<TAcc>(value, filters, new TAcc[g.OutputElementCount], Role.Output);
        Visit(g, ref visitor);
        return visitor.Result;
    }

    /// <summary>The forward convolution (adjoint): <c>result[v] += input[o] · filters[f]</c>, result value-shaped.</summary>
    public static TAcc[] Adjoint<TAcc>(Conv2DTransposeGeometry g, TAcc[] input, TAcc[] filters)
        where TAcc : INumber<TAcc>
    {
        var visitor = new Sum<TAcc>(input, filters, new TAcc[g.ValueElementCount], Role.Value);
        Visit(g, ref visitor);
        return visitor.Result;
    }

    /// <summary>The filter gradient: <c>dF[f] += value[v] · gradOutput[o]</c>.</summary>
    public static TAcc[] FilterGradient<TAcc>(Conv2DTransposeGeometry g, TAcc[] value, TAcc[] gradOutput)
        where TAcc : INumber<TAcc>
    {
        var visitor = new Sum<TAcc>(value, gradOutput, new TAcc[g.FilterElementCount], Role.Filter);
        Visit(g, ref visitor);
        return visitor.Result;
    }

    /// <summary>Visits every (value index, filter index, output index) triple of the definition, in a fixed order.</summary>
    private static void Visit<TVisitor>(Conv2DTransposeGeometry g, ref TVisitor visitor)
        where TVisitor : struct, IVisitor
    {
        for (long n = 0; n < g.Batch; n++)
        {
            for (long iy = 0; iy < g.InputHeight; iy++)
            {
                for (long ix = 0; ix < g.InputWidth; ix++)
                {
                    for (long ci = 0; ci < g.InputChannels; ci++)
                    {
                        long vi = (((((n * g.InputHeight) + iy) * g.InputWidth) + ix) * g.InputChannels) + ci;
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
                                    long fi = (((((i * g.FilterWidth) + j) * g.OutputChannels) + co) * g.InputChannels) + ci;
                                    long oi = (((((n * g.OutputHeight) + y) * g.OutputWidth) + x) * g.OutputChannels) + co;
                                    visitor.Visit(vi, fi, oi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private enum Role
    {
        Output,
        Value,
        Filter,
    }

    private interface IVisitor
    {
        void Visit(long vi, long fi, long oi);
    }

    /// <summary>Adds the product of the two other roles' elements into the result role's element.</summary>
    private readonly struct Sum<TAcc>(TAcc[] first, TAcc[] second, TAcc[] result, Role role) : IVisitor
        where TAcc : INumber<TAcc>
    {
        public TAcc[] Result { get; } = InitZero(result);

        public void Visit(long vi, long fi, long oi)
        {
            switch (role)
            {
                case Role.Output: Result[oi] += first[vi] * second[fi]; break;
                case Role.Value: Result[vi] += first[oi] * second[fi]; break;
                default: Result[fi] += first[vi] * second[oi]; break;
            }
        }

        private static TAcc[] InitZero(TAcc[] array)
        {
            Array.Fill(array, TAcc.Zero);
            return array;
        }
    }
}
