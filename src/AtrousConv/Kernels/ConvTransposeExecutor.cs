using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// Runs a validated geometry on one element type: the only entry from the faces into the kernels. It routes the
/// reference variant to <see cref="ReferenceRun"/> and every other through <see cref="ElementTable"/> to
/// <see cref="ConvolutionRun"/> or <see cref="FilterGradientRun"/>.
/// </summary>
internal static unsafe class ConvTransposeExecutor
{
    /// <summary>Whether <typeparamref name="T"/> is one of TensorFlow's element types for these ops.</summary>
    public static bool IsSupported<T>() => ElementTable.IsSupported<T>();

    /// <summary>
    /// Runs <paramref name="direction"/> of the geometry: the transposed convolution (input value-shaped, result
    /// output-shaped) or its adjoint, the forward convolution (input output-shaped, result value-shaped).
    /// </summary>
    public static void Execute<T>(Conv2DTransposeGeometry g, ConvDirection direction, ReadOnlySpan<T> input, ReadOnlySpan<T> filters, Span<T> result, KernelVariant variant, int threads)
        where T : unmanaged
    {
        bool transpose = direction == ConvDirection.Transpose;
        System.Diagnostics.Debug.Assert(
            input.Length == (transpose ? g.ValueElementCount : g.OutputElementCount) && filters.Length == g.FilterElementCount
            && result.Length == (transpose ? g.OutputElementCount : g.ValueElementCount), "the face checks buffer sizes");
        if (result.IsEmpty)
        {
            return;
        }

        if (variant == KernelVariant.Reference)
        {
            ReferenceRun.Convolution(g, transpose, input, filters, result);
            return;
        }

        fixed (T* i = input)
        fixed (T* f = filters)
        fixed (T* r = result)
        {
            var run = new ConvolutionRun(g, direction, i, f, r, threads);
            ElementTable.Dispatch<T, ConvolutionRun>(variant, ref run);
        }
    }

    /// <summary>The gradient with respect to the filters, <c>[kh, kw, Cout, Cin]</c>, of the transposed convolution.</summary>
    public static void FilterGradient<T>(Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> gradOutput, Span<T> gradFilters, KernelVariant variant, int threads)
        where T : unmanaged
    {
        if (gradFilters.IsEmpty)
        {
            return;
        }

        if (variant == KernelVariant.Reference)
        {
            ReferenceRun.FilterGradient(g, value, gradOutput, gradFilters);
            return;
        }

        fixed (T* v = value)
        fixed (T* go = gradOutput)
        fixed (T* gf = gradFilters)
        {
            var run = new FilterGradientRun(g, v, go, gf, threads);
            ElementTable.Dispatch<T, FilterGradientRun>(variant, ref run);
        }
    }
}
