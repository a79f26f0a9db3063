using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// What a valid <see cref="PropertyCase"/> must return, computed without the face: the contract's geometry and the
/// reference kernel's plain loops in float64 (exact on the cases' small integers), rounded once to the element type.
/// So the face's own paths (empty-operand early-outs, temporaries for overlaps, copies of strided spans) are
/// checked against the definition, not against themselves.
/// </summary>
internal static class PropertyOracle
{
    public static double[][] Expected(PropertyCase c)
    {
        double[] v = PropertyRunner.Ints(c.Value, c.DataSeed), f = PropertyRunner.Ints(c.Filters, c.DataSeed + 1), g = PropertyRunner.Ints(c.Output, c.DataSeed + 2);

        // The shape the face sees as the result: a destination span's (lengths cannot be negative), a gradient
        // span's, or the explicit output_shape argument.
        long[] result = c.Op switch
        {
            EntryPoint.Conv2DTransposeInto or EntryPoint.AtrousConv2DTransposeInto => Span(c.Destination),
            EntryPoint.Conv2DTransposeNew or EntryPoint.AtrousConv2DTransposeNew => c.Output,
            _ => Span(c.Output),
        };
        long sh = c.Strides[0], sw = c.Strides[^1], dh = c.Dilations.Length == 0 ? 1 : c.Dilations[0], dw = c.Dilations.Length == 0 ? 1 : c.Dilations[1];
        double[][] results = c.Op switch
        {
            EntryPoint.Conv2DTransposeInto or EntryPoint.Conv2DTransposeNew =>
                [ReferenceConvTranspose.Transpose(Conv2DTransposeGeometry.Create(c.Value, c.Filters, result, sh, sw, dh, dw, c.Padding), v, f)],
            EntryPoint.AtrousConv2DTransposeInto or EntryPoint.AtrousConv2DTransposeNew or EntryPoint.AtrousConv2DTransposeInferred =>
                [ReferenceConvTranspose.Transpose(Atrous(c, result), v, f)],
            EntryPoint.AtrousConv2DInto or EntryPoint.AtrousConv2DNew =>
                [ReferenceConvTranspose.Adjoint(Conv2DTransposeGeometry.ForAtrousConv2D(c.Value, c.Filters, c.Rate, c.Padding), v, f)],
            EntryPoint.Conv2DNew =>
                [ReferenceConvTranspose.Adjoint(Conv2DTransposeGeometry.ForConv2D(c.Value, c.Filters, sh, sw, dh, dw, c.Padding), v, f)],
            EntryPoint.Conv2DTransposeGradientsInto or EntryPoint.Conv2DTransposeGradientsNew =>
                TransposeGradients(Conv2DTransposeGeometry.Create(c.Value, c.Filters, result, sh, sw, dh, dw, c.Padding), v, f, g),
            EntryPoint.AtrousConv2DTransposeGradientsInto or EntryPoint.AtrousConv2DTransposeGradientsNew => TransposeGradients(Atrous(c, result), v, f, g),
            EntryPoint.AtrousConv2DGradientsInto or EntryPoint.AtrousConv2DGradientsNew => ForwardGradients(c, v, f, g),
            _ => [ReferenceConvTranspose.FilterGradient(Conv2DTransposeGeometry.Create(c.Value, c.Filters, result, sh, sw, dh, dw, c.Padding), v, g)],
        };
        return [.. results.Select(r => Array.ConvertAll(r, x => Round(x, c.ElementType)))];
    }

    private static Conv2DTransposeGeometry Atrous(PropertyCase c, long[] result) => c.Op == EntryPoint.AtrousConv2DTransposeInferred
        ? Conv2DTransposeGeometry.ForAtrous(c.Value, c.Filters, Conv2DTransposeGeometry.InferAtrousOutputShape(c.Value, c.Filters, c.Rate, c.Padding), c.Rate, c.Padding)
        : Conv2DTransposeGeometry.ForAtrous(c.Value, c.Filters, result, c.Rate, c.Padding);

    private static long[] Span(long[] shape) => Array.ConvertAll(shape, d => Math.Max(0, d));

    private static double[][] TransposeGradients(Conv2DTransposeGeometry geometry, double[] v, double[] f, double[] g) =>
        [ReferenceConvTranspose.Adjoint(geometry, g, f), ReferenceConvTranspose.FilterGradient(geometry, v, g)];

    private static double[][] ForwardGradients(PropertyCase c, double[] v, double[] f, double[] g)
    {
        var adjoint = Conv2DTransposeGeometry.ForAtrousConv2D(c.Value, c.Filters, c.Rate, c.Padding);
        return [ReferenceConvTranspose.Transpose(adjoint, g, f), ReferenceConvTranspose.FilterGradient(adjoint, g, v)];
    }

    private static double Round(double x, Type type) =>
        type == typeof(float) ? (float)x
        : type == typeof(Half) ? (double)(Half)x
        : type == typeof(BFloat16) ? ((BFloat16)(float)x).ToSingle()
        : x;
}
