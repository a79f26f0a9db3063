using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>Every kernel this machine can run; kernel tests loop over all of them so CI exercises each SIMD path.</summary>
internal static class Variants
{
    public static IReadOnlyList<KernelVariant> All { get; } = KernelSelector.Available();

    public static IReadOnlyList<KernelVariant> Fast { get; } = [.. All.Where(v => v != KernelVariant.Reference)];
}
