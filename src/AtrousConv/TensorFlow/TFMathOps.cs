using System.Numerics;

namespace AtrousConv.TensorFlow;

/// <summary>
/// The integer arithmetic TensorFlow's Python emits for shape computations (AddV2, Sub, Mul, FloorDiv, FloorMod on
/// int32/int64, a scalar broadcasting against a vector), and AddN, the gradient sum.
/// </summary>
internal static class TFMathOps
{
    public static readonly TFOpDef AddV2 = Binary("AddV2", (x, y) => x + y);

    public static readonly TFOpDef Sub = Binary("Sub", (x, y) => x - y);

    public static readonly TFOpDef Mul = Binary("Mul", (x, y) => x * y);

    public static readonly TFOpDef FloorDiv = Binary("FloorDiv", (x, y) =>
    {
        if (y == 0)
        {
            return null;
        }

        if (y == -1)
        {
            return unchecked(-x);
        }

        long q = x / y;
        return x % y != 0 && (x < 0) != (y < 0) ? q - 1 : q;
    });

    public static readonly TFOpDef FloorMod = Binary("FloorMod", (x, y) =>
    {
        if (y == 0)
        {
            return null;
        }

        long r = y == -1 ? 0 : x % y;
        return r != 0 && (r < 0) != (y < 0) ? r + y : r;
    });

    public static readonly TFOpDef AddN = new(
        "AddN",
        op => new TFInferred(op.InputArray[0].dtype, op.InputArray[0].Dims),
        (op, inputs) => new TFValue(inputs[0].dtype, inputs[0].Dims, inputs[0].data switch
        {
            float[] => Sum<float>(inputs),
            double[] => Sum<double>(inputs),
            int[] => Sum<int>(inputs),
            Half[] => SumWidened(inputs, (Half[] a, int k) => (float)a[k], f => (Half)f),
            BFloat16[] => SumWidened(inputs, (BFloat16[] a, int k) => a[k].ToSingle(), BFloat16.FromSingle),
            _ => throw new InvalidOperationException($"AddN of {inputs[0].dtype.ToTFName()} passed import; this is a bug."),
        }));

    private static TFOpDef Binary(string type, Func<long, long, long?> f) => new(
        type,
        op =>
        {
            TFTensor x = op.InputArray[0], y = op.InputArray[1];
            if (x.rank > 0 && y.rank > 0 && !(x.Dims!.AsSpan().SequenceEqual(y.Dims) || !TFShapes.IsFullyDefined(x.Dims) || !TFShapes.IsFullyDefined(y.Dims)))
            {
                TFThrow.IncompatibleShapes(op, x, y);
            }

            long[]? shape = x.rank == 0 ? y.Dims : x.Dims;
            long?[]? known = null;
            if (x.Known is { } kx && y.Known is { } ky && (kx.Length == ky.Length || x.rank == 0 || y.rank == 0))
            {
                int n = Math.Max(kx.Length, ky.Length);
                known = new long?[n];
                for (int i = 0; i < n; i++)
                {
                    long? a = kx[x.rank == 0 ? 0 : i], b = ky[y.rank == 0 ? 0 : i];
                    known[i] = a.HasValue && b.HasValue ? Wrap(x.dtype, f(a.Value, b.Value)) : null;
                }
            }

            return new TFInferred(x.dtype, shape, known);
        },
        (op, inputs) =>
        {
            TFValue x = inputs[0], y = inputs[1];
            if (x.Dims.Length > 0 && y.Dims.Length > 0 && !x.Dims.AsSpan().SequenceEqual(y.Dims))
            {
                TFThrow.RunTime(op, $"Incompatible shapes: {TFShapes.Bracketed(x.Dims)} vs. {TFShapes.Bracketed(y.Dims)}");
            }

            long[] a = x.ToLongs(), b = y.ToLongs();
            long[] shape = x.Dims.Length == 0 ? y.Dims : x.Dims;
            var result = new long[x.Dims.Length == 0 ? b.Length : a.Length];
            for (int i = 0; i < result.Length; i++)
            {
                long? r = f(a[x.Dims.Length == 0 ? 0 : i], b[y.Dims.Length == 0 ? 0 : i]);
                result[i] = r is { } v ? Wrap(x.dtype, v)!.Value : Zero(op);
            }

            return TFValue.OfLongs(x.dtype, shape, result);
        });

    /// <summary>int32 arithmetic wraps around, as TensorFlow's.</summary>
    private static long? Wrap(TFDataType dtype, long? v) => v is { } value && dtype == TFDataType.Int32 ? unchecked((int)value) : v;

    private static long Zero(TFOperation op)
    {
        TFThrow.RunTime(op, "Integer division by zero");
        return 0;
    }

    private static T[] Sum<T>(TFValue[] inputs)
        where T : INumber<T>
    {
        var result = (T[])((T[])inputs[0].data).Clone();
        for (int i = 1; i < inputs.Length; i++)
        {
            var other = (T[])inputs[i].data;
            for (int k = 0; k < result.Length; k++)
            {
                result[k] += other[k];
            }
        }

        return result;
    }

    private static T[] SumWidened<T>(TFValue[] inputs, Func<T[], int, float> widen, Func<float, T> narrow)
    {
        var sum = new float[inputs[0].data.Length];
        foreach (TFValue input in inputs)
        {
            var values = (T[])input.data;
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += widen(values, k);
            }
        }

        return Array.ConvertAll(sum, f => narrow(f));
    }
}
