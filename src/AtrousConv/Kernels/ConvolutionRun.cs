using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// One direction of a convolution on the caller's buffers: plan the tiled kernel, pack the filters, run. Where the
/// tiled kernel cannot hold its workspace budgets, the filters hold NaN or ±Inf (which must not meet the zeros the
/// tiles read outside the image), or an input element times a weight can underflow to ±0 (then a padding zero's
/// product could turn a −0 sum +0: <see cref="Underflow"/>), the direct sum runs instead, which multiplies no padding;
/// both give the same bits on the data the tiles take.
/// </summary>
internal readonly unsafe struct ConvolutionRun(Conv2DTransposeGeometry g, ConvDirection direction, void* input, void* filters, void* result, int threads) : IKernelRun
{
    public bool FitsOneVector(int lanes) => (direction == ConvDirection.Transpose ? g.OutputChannels : g.InputChannels) <= lanes;

    public bool TryRunPixelLanes<TIn, T, TLoad, TOp, TVec, TWidth>()
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TVec : struct
        where TWidth : IVectorWidth<T, TVec>
    {
        long outputs = direction == ConvDirection.Transpose ? g.OutputChannels : g.InputChannels;

        // One block of all the result channels: [tap][r][o]. NaN or ±Inf weights, or products that can underflow, leave
        // it to the direct sum (through Run).
        return PixelLaneConvolution<TIn, T, TLoad, TVec, TWidth>.Suits(outputs) && !MayUnderflow<TIn>()
            && PackAndRun<TIn, T, TLoad>(PixelLaneConvolution<TIn, T, TLoad, TVec, TWidth>.Plan(g, direction));
    }

    public void Run<TIn, T, TLoad, TOp, TTile>()
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TTile : ITileKernel<T>
    {
        if (MayUnderflow<TIn>() || !PackAndRun<TIn, T, TLoad>(DirectConvolution<TIn, T, TLoad, TTile>.Plan(g, direction)))
        {
            DirectSum<TIn, T, TLoad, TOp>.Run(g, direction, (TIn*)input, (TIn*)filters, (TIn*)result, threads);
        }
    }

    /// <summary>Whether an input element times a weight can underflow to ±0 (two passes over the operands'
    /// magnitudes; false for any realistic data, whose smallest magnitudes multiply to far more than 2^-149).</summary>
    private bool MayUnderflow<TIn>()
        where TIn : unmanaged =>
        Underflow.Possible((TIn*)input, direction == ConvDirection.Transpose ? g.ValueElementCount : g.OutputElementCount, (TIn*)filters, g.FilterElementCount, flushedB: true);

    /// <summary>Packs the filters in the job's blocks of result channels and runs <paramref name="job"/>;
    /// <see langword="false"/>, with nothing written, when there is no plan, the packed filters exceed their budget or
    /// a weight is NaN or ±Inf.</summary>
    private bool PackAndRun<TIn, T, TLoad>(RowConvolutionJob<TIn, T>? job)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        bool transpose = direction == ConvDirection.Transpose;
        long taps = Budgets.Product(g.FilterHeight, g.FilterWidth);
        long reduction = transpose ? g.InputChannels : g.OutputChannels, outputs = transpose ? g.OutputChannels : g.InputChannels;
        if (job is null)
        {
            return false;
        }

        long packedLength = FilterPacker.PackedLength(taps, reduction, job.Blocks);
        if (Budgets.Product(packedLength, sizeof(T)) > Budgets.PackedFilterBytes)
        {
            return false;
        }

        T* packed = ThreadBuffers.Get<T>(ThreadBuffers.PackedFilters, packedLength, out byte[] packedOwner);
        if (!FilterPacker.Pack<TIn, T, TLoad>(
            (TIn*)filters, taps, reduction, outputs, rStride: transpose ? 1 : outputs, oStride: transpose ? reduction : 1, job.Blocks, packed))
        {
            return false;
        }

        job.Run((TIn*)input, packed, (TIn*)result, threads);
        GC.KeepAlive(packedOwner);
        return true;
    }
}

/// <summary>The filter gradient on the caller's buffers (the kernel itself bounds its workspace).</summary>
internal readonly unsafe struct FilterGradientRun(Conv2DTransposeGeometry g, void* value, void* gradOutput, void* gradFilters, int threads) : IKernelRun
{
    // The tile's columns are input channels here.
    public bool FitsOneVector(int lanes) => g.InputChannels <= lanes;

    // Its sums run over pixels, so pixels in the lanes would reorder them; few channels on both sides put
    // (output, input) channel pairs in the lanes instead, in the tiles' summation order.
    public bool TryRunPixelLanes<TIn, T, TLoad, TOp, TVec, TWidth>()
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TVec : struct
        where TWidth : IVectorWidth<T, TVec>
    {
        return typeof(TIn) == typeof(T) && PairLaneFilterGradient<T, TOp, TVec, TWidth>.TryRun(g, (T*)value, (T*)gradOutput, (T*)gradFilters, threads);
    }

    public void Run<TIn, T, TLoad, TOp, TTile>()
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TTile : ITileKernel<T> =>
        FilterGradient<TIn, T, TLoad, TOp, TTile>.Run(g, (TIn*)value, (TIn*)gradOutput, (TIn*)gradFilters, threads);
}
