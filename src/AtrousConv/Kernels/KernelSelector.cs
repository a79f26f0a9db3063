using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>Resolves <see cref="KernelVariant.Auto"/> once per call and caps the threads of a call.</summary>
internal static class KernelSelector
{
    public static KernelVariant Resolve(KernelVariant requested)
    {
        switch (requested)
        {
            case KernelVariant.Auto:
                return KernelRegistry.Forced ?? KernelRegistry.Fastest;
            case KernelVariant.Reference or KernelVariant.Scalar or KernelVariant.Vector128 or KernelVariant.Vector256 or KernelVariant.Vector512:
                return requested;
            default:
                ThrowHelper.OutOfRange("options", requested, $"options.Kernel={requested} is not a KernelVariant; expected one of {string.Join(", ", Available())}.");
                return requested;
        }
    }

    /// <summary>Every variant, accelerated or not (an unaccelerated width runs in software), for tests that run each in turn.</summary>
    public static IReadOnlyList<KernelVariant> Available() => [.. KernelRegistry.All.Select(e => e.Variant)];

    /// <summary>Threads for one call: <c>MaxDegreeOfParallelism</c>, never more than the processor count (more
    /// threads than cores only add wake-ups and permanent workers).</summary>
    public static int Threads(ConvolutionOptions options)
    {
        int dop = options.MaxDegreeOfParallelism;
        if (dop == -1)
        {
            return Environment.ProcessorCount;
        }

        if (dop < 1)
        {
            ThrowHelper.OutOfRange(nameof(options), dop, $"options.MaxDegreeOfParallelism={dop}; expected -1 (all processors) or a positive count.");
        }

        return Math.Min(dop, Environment.ProcessorCount);
    }
}
