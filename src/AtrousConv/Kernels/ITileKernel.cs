namespace AtrousConv.Kernels;

/// <summary>
/// A register-blocked micro-kernel: <see cref="Mr"/> output pixels × <see cref="Nr"/> output channels, summed
/// over a list of taps and all input channels, accumulators held in registers from the first product to the
/// store. Every output element is accumulated in the same order (taps in list order, then input channels
/// ascending) by every implementation, so all widths give the same bits.
/// </summary>
/// <typeparam name="T">The element (and accumulation) type.</typeparam>
internal unsafe interface ITileKernel<T>
    where T : unmanaged
{
    /// <summary>Output pixels per tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Output channels per tile (the packed filter's block width).</summary>
    static abstract int Nr { get; }

    /// <summary>Whether this machine runs this kernel in hardware.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// Computes one tile: <c>c[p·cStride + l] = Σ_t Σ_k a[t][p·cin + k] · b[t][k·Nr + l]</c>.
    /// </summary>
    /// <param name="a">Per tap: the first pixel's input channels; pixel <c>p</c> starts <c>p·cin</c> further.</param>
    /// <param name="b">Per tap: the packed filter block, <c>cin × Nr</c>, channel-major.</param>
    /// <param name="taps">Number of taps.</param>
    /// <param name="cin">Input channels (the reduction length per tap).</param>
    /// <param name="c">The tile's first output element.</param>
    /// <param name="cStride">Elements between consecutive output pixels.</param>
    static abstract void Compute(T** a, T** b, nint taps, nint cin, T* c, nint cStride);
}
