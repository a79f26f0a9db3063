using AtrousConv.Parity.Manifest;
using AtrousConv.TensorFlow;

namespace AtrousConv.Parity.Evaluation;

/// <summary>
/// Inputs for error and accepted cases, which come without a fixture file: the shapes and dtypes the case names,
/// filled with small integers so results are exact and checkable.
/// </summary>
/// <param name="Value">The value data.</param>
/// <param name="ValueShape">Its shape as passed.</param>
/// <param name="Filters">The filters data.</param>
/// <param name="FiltersShape">Its shape as passed.</param>
public sealed record GeneratedInputs(Array Value, long[] ValueShape, Array Filters, long[] FiltersShape)
{
    /// <summary>No generated input is larger: the fixtures probe sizes with tiny tensors, never big ones.</summary>
    public const long MaxElements = 1 << 24;

    /// <summary>Makes a case's inputs.</summary>
    /// <param name="testCase">The case: value_shape, filters_shape, dtype, filters_dtype.</param>
    /// <returns>The inputs.</returns>
    /// <exception cref="NotExpressibleException">A dtype the library has no type for, or an input too large to make.</exception>
    public static GeneratedInputs For(ParityCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        long[] valueShape = Ops.Shape(testCase.ValueShape), filtersShape = Ops.Shape(testCase.FiltersShape);
        return new GeneratedInputs(
            Make(testCase.Dtype, valueShape, seed: 3), valueShape, Make(testCase.EffectiveFiltersDtype, filtersShape, seed: 1), filtersShape);
    }

    /// <summary>Whether either input holds no element (then every transposed-convolution result is all zeros).</summary>
    public bool AnyEmpty => Value.Length == 0 || Filters.Length == 0;

    private static Array Make(string? dtypeName, long[] shape, int seed)
    {
        TFDataType dtype = ElementTypes.FromName(dtypeName) ?? throw new NotExpressibleException($"dtype {dtypeName} has no type in the library");

        // A negative dimension gets no data: tf.constant then rejects the shape itself, as TensorFlow would.
        long count = shape.Any(d => d < 0) ? 0 : shape.Aggregate(1L, (n, d) => n > MaxElements ? n : n * d);
        return count <= MaxElements
            ? ElementTypes.SmallIntegers(dtype, (int)count, seed)
            : throw new NotExpressibleException($"an input of shape {ShapeText.Of(shape)} is too large to generate");
    }
}
