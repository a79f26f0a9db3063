namespace AtrousConv.Kernels;

/// <summary>
/// One run over the caller's buffers, generic over everything the element table and the variant decide: the caller's
/// type, the computation type, how one is read as the other, the multiply-add and the micro-kernel.
/// </summary>
internal interface IKernelRun
{
    /// <summary>Whether the result channels fit one vector of <paramref name="lanes"/>, where the narrow tile wastes nothing.</summary>
    bool FitsOneVector(int lanes);

    /// <summary>Runs on the lane-filling kernel of one vector width where it suits the run (pixels in the lanes for a
    /// convolution, channel pairs for the filter gradient); false where it does not (the caller then runs a tile kernel).</summary>
    bool TryRunPixelLanes<TIn, T, TLoad, TOp, TVec, TWidth>()
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TVec : struct
        where TWidth : IVectorWidth<T, TVec>;

    void Run<TIn, T, TLoad, TOp, TTile>()
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TTile : ITileKernel<T>;
}
