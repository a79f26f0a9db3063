using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// What the two row kernels' jobs (<see cref="DirectConvolution{TIn, T, TLoad, TTile}"/> and
/// <see cref="PixelLaneConvolution{TIn, T, TLoad, TVec, TWidth}"/>) share: one direction of a checked geometry read
/// as input, result and filter sizes, the caller's pointers of a run, and the hand-off to <see cref="ParallelRanges"/>
/// over (image, result row) items in shrinking chunks.
/// </summary>
/// <typeparam name="TIn">The caller's element type.</typeparam>
/// <typeparam name="T">The computation type.</typeparam>
internal abstract unsafe class RowConvolutionJob<TIn, T> : IRangeJob
    where TIn : unmanaged
    where T : unmanaged
{
    // Fields, not properties: the kernels' per-row methods read them in their loops, as they did when each job held its own.
    protected TIn* input, result;
    protected T* packed;
    protected long batch, inH, inW, reduction, outH, outW, outputs, kh, kw, sh, sw, dh, dw, pt, pl;
    protected bool transpose;

    public long ItemCount { get; protected set; }

    public double MultiplyAdds { get; protected set; }

    /// <summary>The blocks of result channels the kernel computes, as the filters are to be packed for it.</summary>
    public ChannelBlocks Blocks { get; protected set; }

    /// <summary>Runs the planned geometry on <paramref name="packed"/>, <see cref="FilterPacker.Pack"/>'s output for
    /// this direction in <see cref="Blocks"/>.</summary>
    public void Run(TIn* input, T* packed, TIn* result, int maxThreads)
    {
        this.input = input;
        this.packed = packed;
        this.result = result;
        ParallelRanges.Run(this, ItemCount, MultiplyAdds, maxThreads, shrinkChunks: true);
    }

    public abstract void RunRange(long start, long end);

    /// <summary>Reads one direction of the geometry: sizes as the kernel sees them (<see cref="DirectedSizes"/>), the
    /// filter's taps, strides, dilations and padding, and the multiply-adds that decide the thread count.</summary>
    protected void SetGeometry(Conv2DTransposeGeometry g, ConvDirection direction)
    {
        transpose = direction == ConvDirection.Transpose;
        batch = g.Batch;
        (inH, inW, reduction) = DirectedSizes.Input(g, transpose);
        (outH, outW, outputs) = DirectedSizes.Result(g, transpose);
        (kh, kw, sh, sw, dh, dw, pt, pl) = (g.FilterHeight, g.FilterWidth, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth, g.PadTop, g.PadLeft);
        MultiplyAdds = DirectedSizes.MultiplyAdds(g, transpose);
    }
}
