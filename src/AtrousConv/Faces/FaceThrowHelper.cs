using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using static AtrousConv.Contract.ThrowHelper;

namespace AtrousConv.Faces;

/// <summary>
/// The .NET face's rejections, one method per rule (the contract's rules are in the contract's ThrowHelper): what
/// a span, a list argument or a destination broke, with the parameter, the bad values and what was expected.
/// </summary>
[StackTraceHidden]
internal static class FaceThrowHelper
{
    [DoesNotReturn]
    public static void Argument_PairLength(string paramName, ReadOnlySpan<int> values) =>
        Argument(paramName, $"{paramName} must have 2 entries [height, width], but has {values.Length}: [{string.Join(", ", values.ToArray())}].");

    [DoesNotReturn]
    public static void Argument_TensorTooLarge(string paramName, long length) =>
        Argument(paramName,
            $"{paramName} is a tensor span of {Inv(length)} elements, larger than this library supports ({Inv(Array.MaxLength)} elements per tensor); expected a smaller tensor.");

    [DoesNotReturn]
    public static void Argument_ResultTooLarge(string paramName, long[] shape, long count) =>
        Argument(paramName,
            $"{paramName}={Shape(shape)} has {Inv(count)} elements, more than one .NET array holds ({Inv(Array.MaxLength)}); " +
            "expected a smaller result, or a destination span over native memory.");

    [DoesNotReturn]
    public static void Argument_ResultShapeUnrepresentable(string paramName, long[] shape) =>
        Argument(paramName,
            $"The result shape {Shape(shape)} has no elements, but System.Numerics.Tensors cannot describe it: the product of its lengths overflows. " +
            "Expected a result shape whose lengths multiply to at most 2^63 - 1, or the overload that writes into a destination span.");

    [DoesNotReturn]
    public static void Argument_UnsupportedElementType(string paramName, Type type) =>
        NotSupported(paramName,
            $"Element type {type.Name} is not supported: TensorFlow's Conv2DBackpropInput allows half, bfloat16, float, double and int32. " +
            "Expected Half, BFloat16, float, double or int.");

    [DoesNotReturn]
    public static void Argument_ShapeMismatch(string paramName, ReadOnlySpan<long> actual, long[] expected) =>
        Argument(paramName, $"{paramName}.shape={Shape(actual)} but the op needs {Shape(expected)}; expected a tensor of that shape.");

    [DoesNotReturn]
    public static void Argument_ElementsShareMemory(string paramName, ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides) =>
        Argument(paramName,
            $"{paramName} has lengths {Shape(ToLong(lengths))} and strides {Shape(ToLong(strides))}: some of its elements share memory (a zero or " +
            "overlapping stride, as in a broadcast span), so a result cannot be written into it. Expected a destination whose every element has its own memory.");

    [DoesNotReturn]
    public static void Argument_DestinationsOverlap(string first, string second) =>
        Argument(second, $"{first} and {second} share memory; expected two separate buffers (each may overlap the inputs, not each other).");

    private static long[] ToLong(ReadOnlySpan<nint> values)
    {
        var result = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
