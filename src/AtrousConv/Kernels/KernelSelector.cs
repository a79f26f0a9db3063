using System.Runtime.Intrinsics;
using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>Resolves <see cref="KernelVariant.Auto"/> once per call and refuses a forced kernel this machine cannot run.</summary>
internal static class KernelSelector
{
    public static KernelVariant Resolve(KernelVariant requested)
    {
        switch (requested)
        {
            case KernelVariant.Auto:
                return Vector512.IsHardwareAccelerated ? KernelVariant.Vector512
                    : Vector256.IsHardwareAccelerated ? KernelVariant.Vector256
                    : KernelVariant.Scalar;
            case KernelVariant.Vector512 when !Vector512.IsHardwareAccelerated:
            case KernelVariant.Vector256 when !Vector256.IsHardwareAccelerated:
                ThrowHelper.NotSupported("options", $"options.Kernel={requested} is not accelerated on this machine; expected one of {string.Join(", ", Available())}.");
                return requested;
            case KernelVariant.Reference or KernelVariant.Scalar or KernelVariant.Vector256 or KernelVariant.Vector512:
                return requested;
            default:
                ThrowHelper.OutOfRange("options", requested, $"options.Kernel={requested} is not a KernelVariant; expected one of {string.Join(", ", Available())}.");
                return requested;
        }
    }

    /// <summary>The kernels this machine runs, for tests that run each in turn.</summary>
    public static IReadOnlyList<KernelVariant> Available()
    {
        var list = new List<KernelVariant> { KernelVariant.Reference, KernelVariant.Scalar };
        if (Vector256.IsHardwareAccelerated)
        {
            list.Add(KernelVariant.Vector256);
        }

        if (Vector512.IsHardwareAccelerated)
        {
            list.Add(KernelVariant.Vector512);
        }

        return list;
    }

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

        return dop;
    }
}
