using System.Diagnostics;

namespace AtrousConv.Kernels;

/// <summary>
/// One micro-kernel call: <c>C[m, l] (=|+=) Σ_s Σ_k A_s[AOffset + m·ARow + k·AStep] · B_s[k·BStep + l]</c> for <c>m &lt; Mr</c>,
/// <c>l &lt; Nr</c>, over segments <c>s</c> of <c>Length[s]</c> steps each. The convolutions use one segment per tap
/// (rows are output pixels, k runs over input channels, B is a packed filter panel); the filter gradient uses one
/// segment per image row (rows are output channels, k runs over pixels, B is the input itself).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal unsafe struct TileCall<T>
    where T : unmanaged
{
    /// <summary>Per segment: the first row's first element of A.</summary>
    public T** A;

    /// <summary>Per segment: the first element of B.</summary>
    public T** B;

    /// <summary>Per segment: the number of k steps.</summary>
    public nint* Length;

    /// <summary>Number of segments.</summary>
    public nint Segments;

    /// <summary>Added to every segment's A: lets consecutive tiles of a row reuse one segment list.</summary>
    public nint AOffset;

    /// <summary>Elements between consecutive rows of A.</summary>
    public nint ARow;

    /// <summary>Elements between consecutive k of A.</summary>
    public nint AStep;

    /// <summary>Elements between consecutive k of B.</summary>
    public nint BStep;

    /// <summary>The tile's first output element.</summary>
    public T* C;

    /// <summary>Elements between consecutive rows of C.</summary>
    public nint CRow;

    /// <summary>Whether the sums continue from C's current values (a later chunk of k) instead of from zero. The
    /// fused multiply-adds then continue the same chain, so chunking does not change a single bit.</summary>
    public bool Accumulate;
}

/// <summary>
/// A register-blocked micro-kernel: <see cref="Mr"/> rows × <see cref="Nr"/> columns, accumulators held in
/// registers from the first product to the store. Every element is accumulated in the same order (segments in
/// order, then k ascending, one fused multiply-add each) by every implementation, so all widths give the same bits.
/// </summary>
/// <typeparam name="T">The element (and accumulation) type.</typeparam>
internal unsafe interface ITileKernel<T>
    where T : unmanaged
{
    /// <summary>Rows per tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Columns per tile (the packed filter's width for the blocks this tile computes).</summary>
    static abstract int Nr { get; }

    /// <summary>Rows of the short tile (<see cref="ComputeShort"/>); <see cref="Mr"/> when the kernel has none.</summary>
    static abstract int ShortMr { get; }

    /// <summary>Rows of the lead tile (<see cref="ComputeLead"/>); 0, the default, when the kernel has none.</summary>
    static virtual int LeadMr => 0;

    /// <summary>Columns of the lead tile, a wider tile the convolutions give their leading channel blocks where it
    /// costs less (<see cref="ChannelBlocks"/>); 0, the default, when the kernel has none.</summary>
    static virtual int LeadNr => 0;

    /// <summary>Computes one tile.</summary>
    static abstract void Compute(TileCall<T>* call);

    /// <summary>Computes one lead tile: <see cref="LeadMr"/> rows × <see cref="LeadNr"/> columns, the same order of
    /// operations per element. Only called on a kernel that has one (no convolution gives lead blocks to the others).</summary>
    static virtual void ComputeLead(TileCall<T>* call) => throw new UnreachableException("this kernel has no lead tile");

    /// <summary>Computes one tile of <see cref="ShortMr"/> rows (the same order of operations per element).</summary>
    static abstract void ComputeShort(TileCall<T>* call);

    /// <summary>Rows of the tiny tile (<see cref="ComputeTiny"/>), a third height below <see cref="ShortMr"/> for a
    /// row's ends; 0, the default, when the kernel has none.</summary>
    static virtual int TinyMr => 0;

    /// <summary>Computes one tile of <see cref="TinyMr"/> rows (the same order of operations per element). Only called on
    /// a kernel that has one.</summary>
    static virtual void ComputeTiny(TileCall<T>* call) => throw new UnreachableException("this kernel has no tiny tile");
}
