using System.Numerics.Tensors;

namespace AtrousConv.Tests;

/// <summary>Deterministic inputs for tests: small integers (so every kernel's float sums are exact) or normals.</summary>
internal static class TestData
{
    public static float[] SmallIntegers(long count, int seed, int range = 4)
    {
        var random = new Random(seed);
        var data = new float[count];
        for (long k = 0; k < count; k++)
        {
            data[k] = random.Next(-range, range + 1);
        }

        return data;
    }

    public static double[] Normals(long count, int seed)
    {
        var random = new Random(seed);
        var data = new double[count];
        for (long k = 0; k < count; k++)
        {
            // Box-Muller: enough for test data.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            data[k] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        return data;
    }

    public static long Count(long[] shape)
    {
        long n = 1;
        foreach (long d in shape)
        {
            n = checked(n * d);
        }

        return n;
    }

    public static ReadOnlyTensorSpan<T> Span<T>(T[] data, long[] shape) => new(data, Array.ConvertAll(shape, d => (nint)d));

    public static T[] Flat<T>(Tensor<T> tensor)
    {
        var result = new T[tensor.FlattenedLength];
        tensor.FlattenTo(result);
        return result;
    }
}
