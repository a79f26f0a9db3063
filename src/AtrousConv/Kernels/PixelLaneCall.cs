namespace AtrousConv.Kernels;

/// <summary>
/// One pixels-in-lanes micro-kernel call (<see cref="PixelLaneTile{T, TVec, TWidth}"/>):
/// <c>C[o·CRow + p] = Σ_s Σ_j Σ_k A_s[j·AJump + k·AStep + p] · B_s[j·BJump + k·BStep + o]</c> over segments <c>s</c>
/// (one per row tap), <c>j &lt; Repeat</c> (the row's column taps that reach the tile, consecutive in one stride
/// phase, so their pixel shifts and filter offsets step evenly) and <c>k &lt; Channels</c> (input channels).
/// </summary>
/// <remarks>One segment per row tap, not per tap: the list a tile needs is built in a handful of stores, and the
/// kernel walks the column taps by two constant steps instead of loading each tap's pointers.</remarks>
/// <typeparam name="T">The element type.</typeparam>
internal unsafe struct PixelLaneCall<T>
    where T : unmanaged
{
    /// <summary>Per segment: the first column tap's first pixel of channel 0 in the planar row.</summary>
    public T** A;

    /// <summary>Per segment: the first column tap's packed weights for channel 0 and the tile's first result channel.</summary>
    public T** B;

    /// <summary>Number of segments.</summary>
    public nint Segments;

    /// <summary>Column taps per segment.</summary>
    public nint Repeat;

    /// <summary>Input channels per column tap.</summary>
    public nint Channels;

    /// <summary>Elements of A between consecutive column taps (the taps' pixel shift; negative in the transposed direction).</summary>
    public nint AJump;

    /// <summary>Elements of B between consecutive column taps.</summary>
    public nint BJump;

    /// <summary>Elements of A between consecutive channels (a planar row's plane).</summary>
    public nint AStep;

    /// <summary>Elements of B between consecutive channels (the packed block's width).</summary>
    public nint BStep;

    /// <summary>The planar tile's first element.</summary>
    public T* C;

    /// <summary>Elements of C between consecutive result channels.</summary>
    public nint CRow;
}
