namespace AtrousConv;

/// <summary>
/// The space-to-batch form TensorFlow's <c>with_space_to_batch</c> builds for the forward <c>atrous_conv2d</c>
/// with rate &gt; 1 (docs/tf-semantics.md §5.1): <c>SpaceToBatchND</c> with the SAME base paddings plus the extra that
/// makes the padded sizes divisible by the rate → <c>Conv2D</c> (VALID) → <c>BatchToSpaceND</c> cropping that
/// extra. Our kernel computes the dilated convolution directly.
/// </summary>
/// <param name="Rate">The block size of both space/batch ops.</param>
/// <param name="SpaceToBatchPaddings"><c>[[pad_top, pad_bottom + extra_h], [pad_left, pad_right + extra_w]]</c>, row-major.</param>
/// <param name="Crops"><c>[[0, extra_h], [0, extra_w]]</c>, row-major.</param>
public sealed record AtrousConv2DLowering(long Rate, long[] SpaceToBatchPaddings, long[] Crops)
{
    /// <summary>The lowering of the forward convolution whose adjoint is <paramref name="adjoint"/>, or <see langword="null"/> unless it has stride 1 and equal dilations above 1.</summary>
    /// <param name="adjoint">The validated geometry (as <see cref="Conv2DTransposeGeometry.ForAtrousConv2D"/> returns).</param>
    /// <returns>The paddings and crops, or <see langword="null"/>.</returns>
    public static AtrousConv2DLowering? For(Conv2DTransposeGeometry adjoint)
    {
        ArgumentNullException.ThrowIfNull(adjoint);
        long r = adjoint.DilationHeight;
        if (r <= 1 || adjoint.DilationWidth != r || adjoint.StrideHeight != 1 || adjoint.StrideWidth != 1)
        {
            return null;
        }

        checked
        {
            long extraH = (r - ((adjoint.OutputHeight + adjoint.PadTop + adjoint.PadBottom) % r)) % r;
            long extraW = (r - ((adjoint.OutputWidth + adjoint.PadLeft + adjoint.PadRight) % r)) % r;
            return new AtrousConv2DLowering(
                r, [adjoint.PadTop, adjoint.PadBottom + extraH, adjoint.PadLeft, adjoint.PadRight + extraW], [0, extraH, 0, extraW]);
        }
    }
}
