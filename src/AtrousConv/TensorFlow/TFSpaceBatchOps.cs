namespace AtrousConv.TensorFlow;

/// <summary>
/// SpaceToBatchND and BatchToSpaceND on NHWC tensors with a two-entry block (the form TensorFlow's
/// <c>atrous_conv2d_transpose</c> and <c>atrous_conv2d</c> build), any element type, int32 or int64 block_shape,
/// paddings and crops. A session fuses them with the convolution between them where that is exactly TensorFlow's
/// atrous lowering (<see cref="TFFusion"/>); these kernels run them on their own otherwise.
/// </summary>
internal static class TFSpaceBatchOps
{
    public static readonly TFOpDef SpaceToBatchND = new("SpaceToBatchND", op => Infer(op, toBatch: true), (op, inputs) => Run(op, inputs, toBatch: true));

    public static readonly TFOpDef BatchToSpaceND = new("BatchToSpaceND", op => Infer(op, toBatch: false), (op, inputs) => Run(op, inputs, toBatch: false));

    /// <summary>The output shape for <paramref name="shape"/> (-1 entries unknown), or an error message.</summary>
    public static (long[]? Shape, string? Error) OutputShape(long[] shape, long[]? block, long[]? pads, bool toBatch)
    {
        if (shape.Length != 4 || block is not { Length: 2 } || pads is not { Length: 4 })
        {
            return (null, $"input of rank 4 (NHWC), block_shape of 2 and {(toBatch ? "paddings" : "crops")} of [2, 2] entries expected; got input {TFShapes.Bracketed(shape)}");
        }

        if (block[0] < 1 || block[1] < 1 || pads.Any(p => p < 0))
        {
            return (null, $"block_shape [{block[0]}, {block[1]}] must be positive and {(toBatch ? "paddings" : "crops")} [{string.Join(", ", pads)}] non-negative");
        }

        long blocks = checked(block[0] * block[1]);
        var result = new long[4];
        result[3] = shape[3];
        if (toBatch)
        {
            result[0] = shape[0] < 0 ? -1 : checked(shape[0] * blocks);
            for (int a = 0; a < 2; a++)
            {
                if (shape[a + 1] < 0)
                {
                    result[a + 1] = -1;
                    continue;
                }

                long padded = checked(shape[a + 1] + pads[2 * a] + pads[(2 * a) + 1]);
                if (padded % block[a] != 0)
                {
                    return (null, $"padded_shape[{a}]={padded} is not divisible by block_shape[{a}]={block[a]}");
                }

                result[a + 1] = padded / block[a];
            }
        }
        else
        {
            if (shape[0] >= 0 && shape[0] % blocks != 0)
            {
                return (null, $"Input batch dimension ({shape[0]}) is not divisible by product of block sizes ({blocks})");
            }

            result[0] = shape[0] < 0 ? -1 : shape[0] / blocks;
            for (int a = 0; a < 2; a++)
            {
                long full = shape[a + 1] < 0 ? -1 : checked((shape[a + 1] * block[a]) - pads[2 * a] - pads[(2 * a) + 1]);
                if (shape[a + 1] >= 0 && full < 0)
                {
                    return (null, $"Crops must be non-negative and not exceed the block-expanded size: crops [{pads[2 * a]}, {pads[(2 * a) + 1]}] for size {shape[a + 1] * block[a]}");
                }

                result[a + 1] = full;
            }
        }

        return (result, null);
    }

    private static TFInferred Infer(TFOperation op, bool toBatch)
    {
        TFTensor input = op.InputArray[0];
        long[]? block = op.InputArray[1].KnownValue, pads = op.InputArray[2].KnownValue;
        if (input.Dims is not { } dims || block is null || pads is null)
        {
            return new TFInferred(input.dtype, input.Dims is null ? null : [-1, -1, -1, input.Dims is [_, _, _, long c] ? c : -1]);
        }

        (long[]? shape, string? error) = OutputShape(dims, block, pads, toBatch);
        if (error is not null)
        {
            TFThrow.SpaceBatchShape(op, error);
        }

        return new TFInferred(input.dtype, shape);
    }

    private static TFValue Run(TFOperation op, TFValue[] inputs, bool toBatch)
    {
        TFValue input = inputs[0];
        long[] block = inputs[1].ToLongs(), pads = inputs[2].ToLongs();
        (long[]? shape, string? error) = OutputShape(input.Dims, block, pads, toBatch);
        if (error is not null)
        {
            TFThrow.RunTime(op, error);
        }

        long count = TFShapes.ElementCount(shape, "shape");
        Array result = TFShapes.NewArray(input.dtype, count);
        if (count > 0)
        {
            if (toBatch)
            {
                ToBatch(input.data, input.Dims, result, shape!, block, pads);
            }
            else
            {
                ToSpace(input.data, input.Dims, result, shape!, block, pads);
            }
        }

        return new TFValue(input.dtype, shape!, result);
    }

    /// <summary>out[(i0·r1 + i1)·N + n, y, x] = padded[n, y·r0 + i0, x·r1 + i1] (TensorFlow's order of the block offsets).</summary>
    private static void ToBatch(Array source, long[] s, Array target, long[] t, long[] block, long[] pads)
    {
        long n = s[0], c = s[3];
        for (long ob = 0; ob < t[0]; ob++)
        {
            long b = ob % n, i = ob / n, i0 = i / block[1], i1 = i % block[1];
            for (long y = 0; y < t[1]; y++)
            {
                long sy = (y * block[0]) + i0 - pads[0];
                if (sy < 0 || sy >= s[1])
                {
                    continue;
                }

                for (long x = 0; x < t[2]; x++)
                {
                    long sx = (x * block[1]) + i1 - pads[2];
                    if (sx >= 0 && sx < s[2])
                    {
                        Array.Copy(source, (((b * s[1]) + sy) * s[2] + sx) * c, target, (((ob * t[1]) + y) * t[2] + x) * c, c);
                    }
                }
            }
        }
    }

    /// <summary>out[n, y, x] = in[(i0·r1 + i1)·N + n, (y + crop_top) / r0, (x + crop_left) / r1] with i0, i1 the remainders.</summary>
    private static void ToSpace(Array source, long[] s, Array target, long[] t, long[] block, long[] crops)
    {
        long n = t[0], c = s[3];
        for (long b = 0; b < n; b++)
        {
            for (long y = 0; y < t[1]; y++)
            {
                long fy = y + crops[0], i0 = fy % block[0], sy = fy / block[0];
                for (long x = 0; x < t[2]; x++)
                {
                    long fx = x + crops[2], i1 = fx % block[1], sx = fx / block[1];
                    long sb = (((i0 * block[1]) + i1) * n) + b;
                    Array.Copy(source, (((sb * s[1]) + sy) * s[2] + sx) * c, target, (((b * t[1]) + y) * t[2] + x) * c, c);
                }
            }
        }
    }
}
