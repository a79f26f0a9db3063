namespace AtrousConv.TensorFlow;

/// <summary>The array ops of the family: Placeholder, Const, Identity, Shape, StridedSlice (1-D), Pack (axis 0), Fill.</summary>
internal static class TFArrayOps
{
    /// <summary>Integer values at most this long are tracked at build time (shape arithmetic is short).</summary>
    private const int MaxKnownLength = 64;

    public static readonly TFOpDef Placeholder = new(
        "Placeholder",
        op => new TFInferred(op.Attr<TFDataType>("dtype"), op.Attr<TFShapeAttr>("shape").Dims),
        (op, _) =>
        {
            TFThrow.MissingFeed(op);
            return null!;
        });

    public static readonly TFOpDef Const = new(
        "Const",
        op =>
        {
            TFValue value = op.ConstValue!;
            return new TFInferred(value.dtype, value.Dims, KnownOf(value));
        },
        (op, _) => op.ConstValue!);

    public static readonly TFOpDef Identity = new(
        "Identity",
        op => new TFInferred(op.InputArray[0].dtype, op.InputArray[0].Dims, op.InputArray[0].Known),
        (_, inputs) => inputs[0]);

    public static readonly TFOpDef Shape = new(
        "Shape",
        op =>
        {
            long[]? dims = op.InputArray[0].Dims;
            TFDataType outType = op.Attr<TFDataType>("out_type");
            return dims is null
                ? new TFInferred(outType, [-1])
                : new TFInferred(outType, [dims.Length], Array.ConvertAll(dims, d => d >= 0 ? (long?)d : null));
        },
        (op, inputs) => TFValue.OfLongs(op.Attr<TFDataType>("out_type"), [inputs[0].Dims.Length], (long[])inputs[0].Dims.Clone()));

    public static readonly TFOpDef StridedSlice = new("StridedSlice", InferSlice, ComputeSlice);

    public static readonly TFOpDef Pack = new(
        "Pack",
        op =>
        {
            TFTensor first = op.InputArray[0];
            long[]? shape = first.Dims is { } d ? [op.InputArray.Length, .. d] : null;
            long?[]? known = op.InputArray.All(t => t.Known is not null) ? [.. op.InputArray.SelectMany(t => t.Known!)] : null;
            return new TFInferred(first.dtype, shape, known);
        },
        (op, inputs) =>
        {
            long part = inputs[0].data.LongLength;
            Array result = TFShapes.NewArray(inputs[0].dtype, checked(part * inputs.Length));
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!inputs[i].Dims.AsSpan().SequenceEqual(inputs[0].Dims))
                {
                    TFThrow.RunTime(op, $"Shapes of all inputs must match: values[0].shape = {TFShapes.Bracketed(inputs[0].Dims)} != values[{i}].shape = {TFShapes.Bracketed(inputs[i].Dims)}");
                }

                Array.Copy(inputs[i].data, 0, result, i * part, part);
            }

            return new TFValue(inputs[0].dtype, [inputs.Length, .. inputs[0].Dims], result);
        });

    public static readonly TFOpDef Fill = new(
        "Fill",
        op =>
        {
            // What is known of the dims tensor is the shape (TensorFlow's partial shape from a shape tensor).
            long?[]? known = op.InputArray[0].Known;
            long[]? shape = known is not null ? Array.ConvertAll(known, d => d ?? -1)
                : op.InputArray[0].Dims is [long n] && n is >= 0 and <= MaxKnownLength ? [.. Enumerable.Repeat(-1L, (int)n)] : null;
            return new TFInferred(op.InputArray[1].dtype, shape);
        },
        (op, inputs) =>
        {
            long[] dims = inputs[0].ToLongs();
            long count = TFShapes.ElementCount(dims, "dims");
            Array result = TFShapes.NewArray(inputs[1].dtype, count);
            object fill = inputs[1].data.GetValue(0)!;
            for (int i = 0; i < result.Length; i++)
            {
                result.SetValue(fill, i);
            }

            return new TFValue(inputs[1].dtype, dims, result);
        });

    /// <summary>What a constant tells of its value at build time (short integer values only).</summary>
    public static long?[]? KnownOf(TFValue value) =>
        value.dtype is TFDataType.Int32 or TFDataType.Int64 && value.data.Length <= MaxKnownLength ? Array.ConvertAll(value.ToLongs(), v => (long?)v) : null;

    /// <summary>The indices a 1-D strided slice takes from a vector of <paramref name="length"/>, with Python's rules; <see langword="null"/> when a shrunk index is out of range.</summary>
    public static long[]? SliceIndices(TFOperation op, long length, long begin, long end, long stride)
    {
        long beginMask = op.Attr<long>("begin_mask"), endMask = op.Attr<long>("end_mask"), shrink = op.Attr<long>("shrink_axis_mask");
        if ((shrink & 1) != 0)
        {
            long index = begin < 0 ? begin + length : begin;
            return index >= 0 && index < length ? [index] : null;
        }

        long lo = stride > 0 ? 0 : -1, hi = stride > 0 ? length : length - 1;
        long b = (beginMask & 1) != 0 ? (stride > 0 ? 0 : length - 1) : Math.Clamp(begin < 0 ? begin + length : begin, lo, hi);
        long e = (endMask & 1) != 0 ? (stride > 0 ? length : -1) : Math.Clamp(end < 0 ? end + length : end, lo, hi);
        var indices = new List<long>();
        for (long i = b; stride > 0 ? i < e : i > e; i += stride)
        {
            indices.Add(i);
        }

        return [.. indices];
    }

    private static TFInferred InferSlice(TFOperation op)
    {
        TFTensor input = op.InputArray[0];
        bool shrink = (op.Attr<long>("shrink_axis_mask") & 1) != 0;
        long[]? begin = op.InputArray[1].KnownValue, end = op.InputArray[2].KnownValue, strides = op.InputArray[3].KnownValue;
        if (input.Dims is not [long length] || length < 0 || begin is not [long b] || end is not [long e] || strides is not [long s])
        {
            return new TFInferred(input.dtype, shrink ? [] : [-1]);
        }

        if (s == 0)
        {
            TFThrow.SliceStrideZero(op);
        }

        long[]? indices = SliceIndices(op, length, b, e, s);
        if (indices is null)
        {
            TFThrow.SliceOutOfBounds(op, b, length);
        }

        long?[]? known = input.Known is { } k ? Array.ConvertAll(indices, i => k[i]) : null;
        return new TFInferred(input.dtype, shrink ? [] : [indices.Length], known);
    }

    private static TFValue ComputeSlice(TFOperation op, TFValue[] inputs)
    {
        TFValue input = inputs[0];
        long s = inputs[3].ToLongs()[0];
        if (input.Dims.Length != 1 || s == 0)
        {
            TFThrow.RunTime(op, $"StridedSlice here takes a 1-D input and a non-zero stride; got shape {TFShapes.Bracketed(input.Dims)}, stride {s}");
        }

        long[]? indices = SliceIndices(op, input.Dims[0], inputs[1].ToLongs()[0], inputs[2].ToLongs()[0], s);
        if (indices is null)
        {
            TFThrow.RunTime(op, $"slice index {inputs[1].ToLongs()[0]} of dimension 0 out of bounds.");
        }

        Array result = TFShapes.NewArray(input.dtype, indices.Length);
        for (int i = 0; i < indices.Length; i++)
        {
            Array.Copy(input.data, indices[i], result, i, 1);
        }

        bool shrink = (op.Attr<long>("shrink_axis_mask") & 1) != 0;
        return new TFValue(input.dtype, shrink ? [] : [indices.Length], result);
    }
}
