using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// The sizes of one direction of a geometry as the convolution kernels read them: the input they reduce over and the
/// result they write (value and output swap places between the transposed and the forward direction).
/// </summary>
internal static class DirectedSizes
{
    /// <summary>Height, width and channels of the input (the reduction's channels).</summary>
    public static (long Height, long Width, long Channels) Input(Conv2DTransposeGeometry g, bool transpose) =>
        transpose ? (g.InputHeight, g.InputWidth, g.InputChannels) : (g.OutputHeight, g.OutputWidth, g.OutputChannels);

    /// <summary>Height, width and channels of the result.</summary>
    public static (long Height, long Width, long Channels) Result(Conv2DTransposeGeometry g, bool transpose) =>
        transpose ? (g.OutputHeight, g.OutputWidth, g.OutputChannels) : (g.InputHeight, g.InputWidth, g.InputChannels);

    /// <summary>Multiply-adds of the direct sum, in double: a product of seven sizes may exceed 64 bits for hostile
    /// shapes that are empty elsewhere.</summary>
    public static double MultiplyAdds(Conv2DTransposeGeometry g, bool transpose)
    {
        (long h, long w, long _) = Result(g, transpose);
        return (double)g.Batch * h * w * g.OutputChannels * g.InputChannels * g.FilterHeight * g.FilterWidth / (transpose ? (double)g.StrideHeight * g.StrideWidth : 1.0);
    }

    /// <summary>Row slots that hold every input row one result row reads, so rows kept for the next result rows are
    /// never overwritten while in use.</summary>
    public static long RowSlots(Conv2DTransposeGeometry g, bool transpose) =>
        transpose ? ((Math.Max(0, g.FilterHeight - 1) * g.DilationHeight) / g.StrideHeight) + 2 : (Math.Max(0, g.FilterHeight - 1) * g.DilationHeight) + 2;
}
