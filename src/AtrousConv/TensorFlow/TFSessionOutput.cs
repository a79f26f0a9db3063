namespace AtrousConv.TensorFlow;

/// <summary>
/// The caller's value a session run writes its one fetch into
/// (<see cref="TFSession.run(TFTensor, IReadOnlyDictionary{TFTensor, TFValue}?, TFValue)"/>): its dtype and shape
/// must be the result's, checked before anything is written into it.
/// </summary>
internal static class TFSessionOutput
{
    /// <summary>Before the run: the value can hold what the fetch's static dtype and shape allow.</summary>
    public static void RequireFits(TFValue output, TFTensor fetch)
    {
        if (output.dtype != fetch.dtype)
        {
            TFThrow.OutputDType(fetch.name, fetch.dtype, output.dtype);
        }

        if (!TFShapes.Compatible(fetch.Dims, output.Dims))
        {
            TFThrow.OutputShape(fetch.name, fetch.Dims, output.Dims);
        }
    }

    /// <summary>When the result's shape is known: the value has exactly it.</summary>
    public static void Require(TFValue output, TFDataType dtype, long[] shape)
    {
        if (output.dtype != dtype)
        {
            TFThrow.OutputDType(null, dtype, output.dtype);
        }

        if (!output.Dims.AsSpan().SequenceEqual(shape))
        {
            TFThrow.OutputShape(null, shape, output.Dims);
        }
    }

    /// <summary>A computed value copied into the caller's value (checked first); returns the caller's value.</summary>
    public static TFValue CopyInto(TFValue result, TFValue output)
    {
        if (!ReferenceEquals(result, output))
        {
            Require(output, result.dtype, result.Dims);
            Array.Copy(result.data, output.data, result.data.Length);
        }

        return output;
    }
}
