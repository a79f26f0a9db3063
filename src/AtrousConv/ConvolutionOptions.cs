namespace AtrousConv;

/// <summary>Which kernel computes the op. Every choice gives results within the parity tolerances; the vector
/// kernels and the scalar kernel give bitwise identical results (same summation order, fused multiply-adds), the
/// filter gradient included. A vector width this machine does not accelerate can still be forced: it runs in
/// software, correct and slow (for tests).</summary>
public enum KernelVariant
{
    /// <summary>The fastest kernel this machine runs: Vector512, else Vector256, else Vector128, else scalar (or the
    /// kernel named by the environment variable <c>ATROUSCONV_FORCE_KERNEL</c>, for test runs).</summary>
    Auto,

    /// <summary>The plain definition (float64/int64 accumulation): slow, the oracle of the tests.</summary>
    Reference,

    /// <summary>The tiled kernel with scalar arithmetic.</summary>
    Scalar,

    /// <summary>The tiled kernel on <see cref="System.Runtime.Intrinsics.Vector256{T}"/> (AVX2 class).</summary>
    Vector256,

    /// <summary>The tiled kernel on <see cref="System.Runtime.Intrinsics.Vector512{T}"/> (AVX-512 class).</summary>
    Vector512,

    /// <summary>The tiled kernel on <see cref="System.Runtime.Intrinsics.Vector128{T}"/> (ARM64 AdvSimd, x64 without AVX2).</summary>
    Vector128,
}

/// <summary>How to run one call: threads and kernel. The defaults are right for almost everyone.</summary>
public sealed class ConvolutionOptions
{
    /// <summary>The defaults: all processors, the fastest kernel.</summary>
    public static ConvolutionOptions Default { get; } = new();

    /// <summary>
    /// The most threads one call may use; -1 (the default) means <see cref="Environment.ProcessorCount"/>, and larger
    /// counts are capped at it. Small problems run on the calling thread whatever this says. Results do not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Forces a kernel (for tests and benchmarks); <see cref="KernelVariant.Auto"/> by default.</summary>
    public KernelVariant Kernel { get; init; } = KernelVariant.Auto;
}
