using AtrousConv.Contract;

namespace AtrousConv.TensorFlow;

/// <summary>
/// Recognises TensorFlow's atrous lowering in a plan — <c>SpaceToBatchND → Conv2DBackpropInput → BatchToSpaceND</c>
/// (<c>atrous_conv2d_transpose</c>) and <c>SpaceToBatchND → Conv2D → BatchToSpaceND</c> (<c>atrous_conv2d</c>) —
/// and runs it as one call of our dilated kernel on the original image. The structure is matched when the plan is
/// made (VALID, stride 1, no dilation, NHWC, equal constant block shapes [r, r], r &gt; 1, the intermediates used
/// by the chain only); the values are matched at each run: the paddings, sizes and crops must be exactly the ones
/// the contract's lowering gives for a SAME or VALID dilated geometry of these shapes, else the three ops run.
/// </summary>
internal static class TFFusion
{
    /// <summary>The chain ending in <paramref name="b2s"/>, or <see langword="null"/>.</summary>
    public static (TFOperation SpaceToBatch, TFOperation Conv)? Match(TFOperation b2s, Func<TFOperation, bool> privateToChain)
    {
        if (b2s.type != "BatchToSpaceND")
        {
            return null;
        }

        TFOperation conv = b2s.InputArray[0].op;
        bool transpose = conv.type == "Conv2DBackpropInput";
        if (!(transpose || conv.type == "Conv2D") || !privateToChain(conv))
        {
            return null;
        }

        TFOperation s2b = conv.InputArray[transpose ? 2 : 0].op;
        if (s2b.type != "SpaceToBatchND" || !privateToChain(s2b))
        {
            return null;
        }

        long[]? block = s2b.InputArray[1].KnownValue, block2 = b2s.InputArray[1].KnownValue;
        bool plainConv = conv.Attr<long[]>("strides").All(s => s == 1) && conv.Attr<long[]>("dilations").All(d => d == 1)
            && conv.Attr<string>("padding") == "VALID" && conv.Attr<string>("data_format") == "NHWC";
        return plainConv && block is [long r, long r2] && r == r2 && r > 1 && block2 is [long q, long q2] && q == r && q2 == r
            ? (s2b, conv)
            : null;
    }

    /// <summary>
    /// The dilated geometry the chain computes for these run-time values, or <see langword="null"/> when the values
    /// are not exactly TensorFlow's lowering of one (then the ops run one by one).
    /// </summary>
    public static Conv2DTransposeGeometry? Equivalent(bool transpose, long r, long[] value, long[] filters, long[] paddings, long[]? sizes, long[] crops)
    {
        if (value.Length != 4 || filters.Length != 4 || paddings.Length != 4 || crops.Length != 4)
        {
            return null;
        }

        foreach (Padding padding in (ReadOnlySpan<Padding>)[Padding.Valid, Padding.Same])
        {
            try
            {
                if (transpose)
                {
                    if (sizes is not { Length: 4 })
                    {
                        return null;
                    }

                    long[] output = [value[0], checked((sizes[1] * r) - crops[0] - crops[1]), checked((sizes[2] * r) - crops[2] - crops[3]), sizes[3]];
                    var g = Conv2DTransposeGeometry.Create(value, filters, output, 1, 1, r, r, padding);
                    if (AtrousLowering.For(g) is { } l && l.SpaceToBatchPaddings.SequenceEqual(paddings) && l.InputSizes.SequenceEqual(sizes) && l.Crops.SequenceEqual(crops))
                    {
                        return g;
                    }
                }
                else
                {
                    var g = Conv2DTransposeGeometry.ForConv2D(value, filters, 1, 1, r, r, padding);
                    if (AtrousConv2DLowering.For(g) is { } l && l.SpaceToBatchPaddings.SequenceEqual(paddings) && l.Crops.SequenceEqual(crops))
                    {
                        return g;
                    }
                }
            }
            catch (ArgumentException)
            {
                // Not a valid dilated geometry of these shapes: not this padding.
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>One kernel call for a matched chain, into <paramref name="into"/> when given (see <see cref="TFConvOps.Run"/>).</summary>
    public static TFValue Run(bool transpose, Conv2DTransposeGeometry g, TFValue value, TFValue filters, TFValue? into) => transpose
        ? TFConvOps.Run(g, ConvDirection.Transpose, value, filters, g.OutputShape, into)
        : TFConvOps.Run(g, ConvDirection.Adjoint, value, filters, g.ValueShape, into);
}
