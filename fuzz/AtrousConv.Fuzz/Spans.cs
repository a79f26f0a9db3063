namespace AtrousConv.Fuzz;

/// <summary>
/// Builds the arrays, lengths and strides of the spans a call gets from its shapes: dense for small operands,
/// broadcast (stride 0 over one element) for large ones, empty when a dimension is 0. Shapes no span can have
/// (negative lengths, more elements than 64 bits count) give false: the call is skipped.
/// </summary>
internal static class Spans
{
    private const long DenseLimit = 4096;
    private const long BroadcastLimit = 1 << 20;

    public static bool TryInput<T>(long[] shape, out T[] data, out nint[] lengths, out nint[] strides)
    {
        data = [];
        lengths = strides = [];
        if (!TryCount(shape, out long count))
        {
            return false;
        }

        lengths = Array.ConvertAll(shape, d => (nint)d);
        if (count > DenseLimit && count <= BroadcastLimit)
        {
            return false; // a valid broadcast input that the face would copy: large, and not validation
        }

        if (count == 0 || count > DenseLimit)
        {
            data = count == 0 ? [] : new T[1];
            strides = new nint[shape.Length];
            return true;
        }

        data = new T[count];
        strides = DenseStrides(shape);
        return true;
    }

    /// <summary>A destination: dense, or by <paramref name="layout"/> broadcast (rejected) or strided over a larger array.</summary>
    public static bool TryDestination<T>(long[] shape, byte layout, out T[] data, out nint[] lengths, out nint[] strides)
    {
        if (!TryInput(shape, out data, out lengths, out strides))
        {
            return false;
        }

        if (data.Length <= 1 || layout < 200)
        {
            return true;
        }

        if (layout < 228)
        {
            strides = new nint[shape.Length]; // every element at one address: must be rejected before any write
            return true;
        }

        // Every other element of an array twice the size: a valid strided destination.
        data = new T[data.Length * 2];
        strides = Array.ConvertAll(DenseStrides(shape), s => s * 2);
        return true;
    }

    private static bool TryCount(long[] shape, out long count)
    {
        count = 0;
        if (shape.Any(d => d < 0))
        {
            return false;
        }

        if (shape.Contains(0))
        {
            return true;
        }

        Int128 product = 1;
        foreach (long d in shape)
        {
            product *= d;
            if (product > long.MaxValue)
            {
                return false;
            }
        }

        count = (long)product;
        return true;
    }

    private static nint[] DenseStrides(long[] shape)
    {
        var strides = new nint[shape.Length];
        nint stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= (nint)Math.Max(1, shape[d]);
        }

        return strides;
    }
}
