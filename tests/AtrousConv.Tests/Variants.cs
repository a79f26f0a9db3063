using System.Runtime.Intrinsics;

namespace AtrousConv.Tests;

/// <summary>Every kernel this machine can run; kernel tests loop over all of them so CI exercises each SIMD path.</summary>
internal static class Variants
{
    public static IReadOnlyList<KernelVariant> All { get; } = Build(includeReference: true);

    public static IReadOnlyList<KernelVariant> Fast { get; } = Build(includeReference: false);

    private static List<KernelVariant> Build(bool includeReference)
    {
        var list = new List<KernelVariant>();
        if (includeReference)
        {
            list.Add(KernelVariant.Reference);
        }

        list.Add(KernelVariant.Scalar);
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
}
