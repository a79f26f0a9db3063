using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using AtrousConv.Contract;

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

    public static ReadOnlySpan<T> Flat<T>(in ReadOnlyTensorSpan<T> span)
    {
        if (span.FlattenedLength == 0)
        {
            return [];
        }

        RequireArraySized(span.FlattenedLength, "value");
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

    /// <summary>The destination as a flat span, or <see langword="false"/> when it must be written through a copy.</summary>
    public static bool TryFlat<T>(in TensorSpan<T> span, out Span<T> flat)
    {
        flat = default;
        if (span.FlattenedLength == 0)
        {
            return true;
        }

        RequireArraySized(span.FlattenedLength, "destination");
        if (!span.IsDense)
        {
            return false;
        }

        flat = MemoryMarshal.CreateSpan(ref span.GetPinnableReference(), (int)span.FlattenedLength);
        return true;
    }

    /// <summary>Spans of more than <see cref="Array.MaxLength"/> elements are refused (the kernels index with 32-bit spans).</summary>
    private static void RequireArraySized(nint length, string paramName)
    {
        if (length > Array.MaxLength)
        {
            ThrowHelper.Argument(paramName,
                $"A tensor span of {length} elements is larger than this library supports ({Array.MaxLength} elements per tensor); expected a smaller tensor.");
        }
    }

    public static void RequireSupported<T>(string paramName)
    {
        if (!Kernels.ConvTransposeExecutor.IsSupported<T>())
        {
            ThrowHelper.NotSupported(paramName,
                $"Element type {typeof(T).Name} is not supported: TensorFlow's Conv2DBackpropInput allows half, bfloat16, float, double and int32. " +
                "Expected Half, BFloat16, float, double or int.");
        }
    }

    /// <summary>Throws unless <paramref name="matches"/>; the expected shape is only built for the message.</summary>
    public static void RequireShape(bool matches, ReadOnlySpan<long> actual, Conv2DTransposeGeometry geometry, Func<Conv2DTransposeGeometry, long[]> expected, string paramName)
    {
        if (!matches)
        {
            ThrowHelper.Argument(paramName,
                $"{paramName}.shape={ThrowHelper.Shape(actual)} but the op needs {ThrowHelper.Shape(expected(geometry))}; expected a tensor of that shape.");
        }
    }

    /// <summary>
    /// Where to compute a result for <paramref name="destination"/>: its own memory when it is dense and overlaps no
    /// input, else a new array (<paramref name="copy"/>) that <see cref="CopyBack"/> then copies in.
    /// </summary>
    public static Span<T> Target<T>(in TensorSpan<T> destination, ReadOnlySpan<T> first, ReadOnlySpan<T> second, ReadOnlySpan<T> third, out T[]? copy)
    {
        copy = null;
        if (TryFlat(destination, out Span<T> flat) && !flat.Overlaps(first) && !flat.Overlaps(second) && !flat.Overlaps(third))
        {
            return flat;
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

    /// <summary>A new result array, refusing sizes no .NET array holds (before allocating anything).</summary>
    public static T[] NewArray<T>(long[] shape, string paramName)
    {
        long count = 1;
        foreach (long d in shape)
        {
            count *= d; // the contract already checked the product fits 64 bits
        }

        if (count > Array.MaxLength)
        {
            ThrowHelper.Argument(paramName,
                $"{paramName}={ThrowHelper.Shape(shape)} has {count} elements, more than one .NET array holds ({Array.MaxLength}); " +
                "expected a smaller result, or a destination span over native memory.");
        }

        return new T[count];
    }
}
