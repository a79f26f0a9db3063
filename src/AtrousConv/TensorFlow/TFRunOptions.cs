namespace AtrousConv.TensorFlow;

/// <summary>
/// The kernel options of the session run under way on this thread (a run executes its plan synchronously on the
/// calling thread), read by the convolution kernels; <see langword="null"/> outside a run: the defaults.
/// </summary>
internal static class TFRunOptions
{
    [ThreadStatic]
    private static ConvolutionOptions? current;

    public static ConvolutionOptions? Current => current;

    /// <summary>Sets the options for the duration of one run; dispose to restore the previous ones.</summary>
    public static Scope Enter(ConvolutionOptions? options)
    {
        ConvolutionOptions? previous = current;
        current = options;
        return new Scope(previous);
    }

    public readonly struct Scope(ConvolutionOptions? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
