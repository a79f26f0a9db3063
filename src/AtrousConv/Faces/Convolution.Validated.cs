using AtrousConv.Contract;
using AtrousConv.Kernels;

namespace AtrousConv;

public static partial class Convolution
{
    /// <summary>
    /// The entry for callers that validated <paramref name="geometry"/> themselves and own dense buffers of its
    /// sizes (TensorFlow's face, whose shapes were checked when the graph was built and whose feeds were checked
    /// when it was run): no shape checks, no copies.
    /// </summary>
    internal static void RunValidated<T>(Conv2DTransposeGeometry geometry, ConvDirection direction, ReadOnlySpan<T> input, ReadOnlySpan<T> filters, Span<T> result, ConvolutionOptions? options)
        where T : unmanaged
    {
        var run = new Run(options);
        ConvTransposeExecutor.Execute(geometry, direction, input, filters, result, run.Variant, run.Threads);
    }

    /// <summary>The filter gradient of a validated geometry into <paramref name="gradFilters"/> (see <see cref="RunValidated{T}"/>).</summary>
    internal static void FilterGradientValidated<T>(Conv2DTransposeGeometry geometry, ReadOnlySpan<T> value, ReadOnlySpan<T> gradOutput, Span<T> gradFilters, ConvolutionOptions? options)
        where T : unmanaged
    {
        var run = new Run(options);
        ConvTransposeExecutor.FilterGradient(geometry, value, gradOutput, gradFilters, run.Variant, run.Threads);
    }
}
