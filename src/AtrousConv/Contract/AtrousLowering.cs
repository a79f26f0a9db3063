namespace AtrousConv;

/// <summary>
/// The three ops TensorFlow's Python <c>atrous_conv2d_transpose</c> builds for <c>rate &gt; 1</c>, with the
/// attribute values it gives them (docs/tf-semantics.md §3–4): <c>SpaceToBatchND</c> → <c>Conv2DBackpropInput</c>
/// (VALID, stride 1, no dilation) → <c>BatchToSpaceND</c>. A TensorFlow.NET binding or a GraphDef writer maps
/// these one to one; our kernel computes the same result directly, without the detour.
/// </summary>
/// <param name="Rate">The block size of both space/batch ops.</param>
/// <param name="SpaceToBatchPaddings"><c>[[0, pad_bottom_extra], [0, pad_right_extra]]</c>, row-major.</param>
/// <param name="SpaceToBatchShape">The shape of <c>SpaceToBatchND</c>'s result.</param>
/// <param name="InputSizes"><c>Conv2DBackpropInput</c>'s <c>input_sizes</c>: <c>[rate²·N, (in_h + extra)/rate, (in_w + extra)/rate, Cout]</c>.</param>
/// <param name="Crops"><c>BatchToSpaceND</c>'s crops <c>[[pad_top, pad_bottom + extra], [pad_left, pad_right + extra]]</c>, row-major.</param>
public sealed record AtrousLowering(long Rate, long[] SpaceToBatchPaddings, long[] SpaceToBatchShape, long[] InputSizes, long[] Crops)
{
    /// <summary>
    /// The lowering TensorFlow builds for this geometry, or <see langword="null"/> when it is not an atrous call
    /// with rate &gt; 1 (stride 1 and equal dilations above 1): rate 1 is a single <c>Conv2DBackpropInput</c>.
    /// </summary>
    /// <param name="geometry">A validated geometry.</param>
    /// <returns>The three ops' attributes, or <see langword="null"/>.</returns>
    public static AtrousLowering? For(Conv2DTransposeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        long r = geometry.DilationHeight;
        if (r <= 1 || geometry.DilationWidth != r || geometry.StrideHeight != 1 || geometry.StrideWidth != 1)
        {
            return null;
        }

        checked
        {
            long inH = geometry.OutputHeight + geometry.PadTop + geometry.PadBottom;
            long inW = geometry.OutputWidth + geometry.PadLeft + geometry.PadRight;
            long extraH = (r - (inH % r)) % r;
            long extraW = (r - (inW % r)) % r;
            long n = geometry.Batch;
            return new AtrousLowering(
                r,
                [0, extraH, 0, extraW],
                [r * r * n, (geometry.InputHeight + extraH) / r, (geometry.InputWidth + extraW) / r, geometry.InputChannels],
                [r * r * n, (inH + extraH) / r, (inW + extraW) / r, geometry.OutputChannels],
                [geometry.PadTop, geometry.PadBottom + extraH, geometry.PadLeft, geometry.PadRight + extraW]);
        }
    }
}
