using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using static AtrousConv.Faces.FaceThrowHelper;

namespace AtrousConv.Faces;

/// <summary>Turns tensor spans into the flat, C-ordered spans the kernels read, copying only when a span is not dense.</summary>
internal static class TensorSpanAccess
{
    public static long[] Shape<T>(in ReadOnlyTensorSpan<T> span)
    {
        ReadOnlySpan<nint> lengths = span.Lengths;
        var shape = new long[lengths.Length];
        for (int d = 0; d < lengths.Length; d++)
        {
            shape[d] = lengths[d];
        }

        return shape;
    }

    /// <summary>The shape into <paramref name="buffer"/> (no allocation up to its length).</summary>
    public static ReadOnlySpan<long> ShapeOf<T>(in ReadOnlyTensorSpan<T> span, Span<long> buffer)
    {
        ReadOnlySpan<nint> lengths = span.Lengths;
        Span<long> shape = lengths.Length <= buffer.Length ? buffer[..lengths.Length] : new long[lengths.Length];
        for (int d = 0; d < lengths.Length; d++)
        {
            shape[d] = lengths[d];
        }

        return shape;
    }

    /// <summary>An input as a flat span: its own memory when dense, else a dense copy (a broadcast input is read, never written).</summary>
    public static ReadOnlySpan<T> Flat<T>(in ReadOnlyTensorSpan<T> span, string paramName)
    {
        if (span.FlattenedLength == 0)
        {
            return [];
        }

        RequireArraySized(span.FlattenedLength, paramName);
        if (span.IsDense)
        {
            // A dense span's elements are contiguous from its first one. (TryGetSpan is not used: in
            // System.Numerics.Tensors 10 it refuses the whole span when the last dimension is 1.)
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in span.GetPinnableReference()), (int)span.FlattenedLength);
        }

        var copy = new T[span.FlattenedLength];
        span.FlattenTo(copy);
        return copy;
    }

    /// <summary>
    /// Checks that a result can be written into <paramref name="destination"/>: at most an array's worth of elements,
    /// each with its own memory (no zero or interleaving stride, as a broadcast span has). Called before anything is written.
    /// </summary>
    public static void RequireWritable<T>(in TensorSpan<T> destination, string paramName)
    {
        if (destination.FlattenedLength == 0)
        {
            return;
        }

        RequireArraySized(destination.FlattenedLength, paramName);
        if (destination.IsDense)
        {
            return;
        }

        // Elements are distinct when, with the dimensions longer than 1 ordered by stride, each stride steps past
        // everything the smaller strides reach: stride_i > Σ_{j<i} stride_j · (length_j − 1).
        ReadOnlySpan<nint> lengths = destination.Lengths, strides = destination.Strides;
        Span<(nint Stride, nint Length)> dims = stackalloc (nint, nint)[lengths.Length];
        int n = 0;
        for (int d = 0; d < lengths.Length; d++)
        {
            if (lengths[d] > 1)
            {
                dims[n++] = (strides[d], lengths[d]);
            }
        }

        dims = dims[..n];
        dims.Sort(static (a, b) => a.Stride.CompareTo(b.Stride));
        long reach = 0;
        foreach ((nint stride, nint length) in dims)
        {
            if (stride <= reach)
            {
                Argument_ElementsShareMemory(paramName, lengths, strides);
            }

            reach = checked(reach + (stride * (length - 1)));
        }
    }

    /// <summary>
    /// The memory a destination spans, from its first element to its last (for overlap tests; a strided span's
    /// gaps are included). <see cref="RequireWritable"/> must have passed.
    /// </summary>
    public static Span<T> Extent<T>(in TensorSpan<T> destination)
    {
        if (destination.FlattenedLength == 0)
        {
            return [];
        }

        long last = 0;
        for (int d = 0; d < destination.Rank; d++)
        {
            last += destination.Strides[d] * (destination.Lengths[d] - 1);
        }

        return MemoryMarshal.CreateSpan(ref destination.GetPinnableReference(), (int)Math.Min(last + 1, int.MaxValue));
    }

    /// <summary>Checks an input's size as <see cref="Flat"/> does, without reading it (for calls that return before reading).</summary>
    public static void RequireReadable<T>(in ReadOnlyTensorSpan<T> span, string paramName) => RequireArraySized(span.FlattenedLength, paramName);

    /// <summary>Spans of more than <see cref="Array.MaxLength"/> elements are refused (the kernels index with 32-bit spans).</summary>
    private static void RequireArraySized(nint length, string paramName)
    {
        if (length > Array.MaxLength)
        {
            Argument_TensorTooLarge(paramName, length);
        }
    }

    public static void RequireSupported<T>(string paramName)
    {
        if (!Kernels.ConvTransposeExecutor.IsSupported<T>())
        {
            Argument_UnsupportedElementType(paramName, typeof(T));
        }
    }

    /// <summary>Throws unless <paramref name="matches"/>; the expected shape is only built for the message.</summary>
    public static void RequireShape(bool matches, ReadOnlySpan<long> actual, Conv2DTransposeGeometry geometry, Func<Conv2DTransposeGeometry, long[]> expected, string paramName)
    {
        if (!matches)
        {
            Argument_ShapeMismatch(paramName, actual, expected(geometry));
        }
    }

    /// <summary>
    /// Where to compute a result for <paramref name="destination"/> (checked by <see cref="RequireWritable"/>): its own
    /// memory when it is dense and overlaps no input, else a new array (<paramref name="copy"/>) that
    /// <see cref="CopyBack"/> copies in once every result is computed, so an input a destination overlaps is read
    /// unchanged by every computation of the call.
    /// </summary>
    public static Span<T> Target<T>(in TensorSpan<T> destination, ReadOnlySpan<T> first, ReadOnlySpan<T> second, ReadOnlySpan<T> third, out T[]? copy)
    {
        copy = null;
        if (destination.FlattenedLength == 0)
        {
            return [];
        }

        if (destination.IsDense)
        {
            Span<T> flat = MemoryMarshal.CreateSpan(ref destination.GetPinnableReference(), (int)destination.FlattenedLength);
            if (!flat.Overlaps(first) && !flat.Overlaps(second) && !flat.Overlaps(third))
            {
                return flat;
            }
        }

        copy = new T[destination.FlattenedLength];
        return copy;
    }

    /// <summary>Copies a result computed aside by <see cref="Target"/> into the destination.</summary>
    public static void CopyBack<T>(T[]? copy, in TensorSpan<T> destination)
    {
        if (copy is not null)
        {
            new ReadOnlyTensorSpan<T>(copy, destination.Lengths).CopyTo(destination);
        }
    }

    /// <summary>
    /// A new result tensor and its array, refusing sizes no .NET array holds and empty shapes that
    /// System.Numerics.Tensors cannot describe (it multiplies all lengths, so <c>[1, 2^40, 2^40, 0]</c> overflows
    /// there), before anything is computed.
    /// </summary>
    /// <param name="shape">The result's shape.</param>
    /// <param name="paramName">The parameter named when the shape cannot be allocated.</param>
    /// <param name="array">The tensor's array.</param>
    /// <param name="filledByKernel">A kernel writes every element (the destination overloads' contract, which the
    /// property tests check with sentinel-filled destinations): the array is not zeroed first, which for a large
    /// result saves a pass over memory the kernel is about to write.</param>
    public static Tensor<T> NewTensor<T>(long[] shape, string paramName, out T[] array, bool filledByKernel = false)
    {
        long count = Conv2DTransposeGeometry.ElementCount(shape); // the contract already checked the product fits 64 bits
        if (count > Array.MaxLength)
        {
            Argument_ResultTooLarge(paramName, shape, count);
        }

        array = filledByKernel ? GC.AllocateUninitializedArray<T>((int)count) : new T[count];
        nint[] lengths = Array.ConvertAll(shape, d => (nint)d);
        try
        {
            return Tensor.Create(array, lengths);
        }
        catch (OverflowException)
        {
            Argument_ResultShapeUnrepresentable(paramName, shape);
            throw; // unreachable: the helper never returns
        }
    }
}
