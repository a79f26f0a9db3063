using AtrousConv.Kernels;

namespace AtrousConv.Tests;

/// <summary>
/// Every kernel variant, accelerated or not (an unaccelerated width runs in software: slow, and exactly as correct),
/// as test data, so a failure names its variant. <c>ATROUSCONV_FORCE_KERNEL</c> narrows the fast variants to the one
/// it names, for a whole-suite run per variant.
/// </summary>
internal static class Variants
{
    public static IReadOnlyList<KernelVariant> All { get; } =
        KernelRegistry.Forced is { } forced && forced != KernelVariant.Reference ? [KernelVariant.Reference, forced] : KernelSelector.Available();

    public static IReadOnlyList<KernelVariant> Fast { get; } = [.. All.Where(v => v != KernelVariant.Reference)];

    /// <summary>Each case once per fast variant: the variant appended as the last argument.</summary>
    public static IEnumerable<object[]> Cross(IEnumerable<object[]> cases) =>
        cases.SelectMany(c => Fast.Select(v => (object[])[.. c, v]));
}
