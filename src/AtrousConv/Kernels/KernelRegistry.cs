using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>One kernel variant: whether this machine accelerates it, and what it is.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="IsAccelerated">Whether it runs on hardware here (an unaccelerated vector width runs in software: correct, slow).</param>
/// <param name="Description">Its tile shapes, for test names and reports.</param>
internal sealed record KernelEntry(KernelVariant Variant, bool IsAccelerated, string Description);

/// <summary>
/// Every kernel variant, accelerated or not, in the order <see cref="KernelVariant.Auto"/> prefers them, and the
/// environment override that forces one for a whole process (as Sep's <c>SEPFORCEPARSER</c>): set
/// <c>ATROUSCONV_FORCE_KERNEL</c> to a variant's name and <see cref="KernelVariant.Auto"/> resolves to it, so a test
/// suite runs once per variant without changing a test.
/// </summary>
internal static class KernelRegistry
{
    /// <summary>The environment variable that forces a variant.</summary>
    public const string ForceVariable = "ATROUSCONV_FORCE_KERNEL";

    /// <summary>Every variant, fastest first, the reference last.</summary>
    public static IReadOnlyList<KernelEntry> All { get; } =
    [
        new(KernelVariant.Vector512, Vector512.IsHardwareAccelerated, "Vector512: 12×2 and 16×1 vectors (the 128-bit one-vector tile where the columns fit it)"),
        new(KernelVariant.Vector256, Vector256.IsHardwareAccelerated, "Vector256: 6×2 and 8×1 vectors (the 128-bit one-vector tile where the columns fit it)"),
        new(KernelVariant.Vector128, Vector128.IsHardwareAccelerated, System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported ? "Vector128: 12×2 and 16×1 vectors" : "Vector128: 6×2 and 8×1 vectors"),
        new(KernelVariant.Scalar, true, "Scalar: 4×4"),
        new(KernelVariant.Reference, true, "Reference: float64 loops"),
    ];

    /// <summary>The variant <see cref="ForceVariable"/> names, if any (read once per process).</summary>
    public static KernelVariant? Forced { get; } = ReadForced();

    /// <summary>The fastest accelerated variant (what <see cref="KernelVariant.Auto"/> means without an override).</summary>
    public static KernelVariant Fastest { get; } = All.First(e => e.IsAccelerated).Variant;

    private static KernelVariant? ReadForced()
    {
        string? name = Environment.GetEnvironmentVariable(ForceVariable);
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        if (Enum.TryParse(name.Trim(), ignoreCase: true, out KernelVariant variant) && variant != KernelVariant.Auto && Enum.IsDefined(variant))
        {
            return variant;
        }

        throw new InvalidOperationException(
            $"{ForceVariable}={name} is not a kernel variant; expected one of {string.Join(", ", All.Select(e => e.Variant))}.");
    }
}
