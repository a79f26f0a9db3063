using System.Runtime.CompilerServices;

namespace AtrousConv.Bench;

/// <summary>
/// What the bench needs to know about each of the library's element types: how to make inputs from the float32
/// ones, how to compare results, how close to the reference a result must be, and a short name for cache files.
/// </summary>
internal static class ElementTypes
{
    /// <summary>
    /// Converts a <see cref="InputData"/> value. The dyadic inputs k/256 are exact in float64 and Half (11-bit
    /// significand); bfloat16 (8 bits) rounds those with 9 significant bits, which the reference then sees too.
    /// int32 gets k itself: |k| ≤ 256, so shape E's 2304-term sums stay below 2304·2¹⁶ ≈ 1.5e8, far from overflow.
    /// </summary>
    public static T FromSingle<T>(float x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<float, T>(ref x);
        }

        if (typeof(T) == typeof(double))
        {
            double d = x;
            return Unsafe.As<double, T>(ref d);
        }

        if (typeof(T) == typeof(Half))
        {
            var h = (Half)x;
            return Unsafe.As<Half, T>(ref h);
        }

        if (typeof(T) == typeof(BFloat16))
        {
            var b = BFloat16.FromSingle(x);
            return Unsafe.As<BFloat16, T>(ref b);
        }

        if (typeof(T) == typeof(int))
        {
            int i = checked((int)(x * 256));
            return Unsafe.As<int, T>(ref i);
        }

        throw new NotSupportedException($"{typeof(T).Name} is not one of the library's element types.");
    }

    public static T[] FromSingle<T>(ReadOnlySpan<float> source)
        where T : unmanaged
    {
        var result = new T[source.Length];
        for (int k = 0; k < source.Length; k++)
        {
            result[k] = FromSingle<T>(source[k]);
        }

        return result;
    }

    public static double ToDouble<T>(T x)
        where T : unmanaged =>
        typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref x)
        : typeof(T) == typeof(double) ? Unsafe.As<T, double>(ref x)
        : typeof(T) == typeof(Half) ? (double)Unsafe.As<T, Half>(ref x)
        : typeof(T) == typeof(BFloat16) ? Unsafe.As<T, BFloat16>(ref x).ToSingle()
        : typeof(T) == typeof(int) ? Unsafe.As<T, int>(ref x)
        : throw new NotSupportedException($"{typeof(T).Name} is not one of the library's element types.");

    /// <summary>
    /// max |ours − reference| allowed, relative to max |reference| (the reference computes in the same type with
    /// float64/int64 sums and rounds once). float32 and float64 sums of dyadic inputs are exact, so their bounds only
    /// absorb a future change of inputs; Half and bfloat16 round each result once more (after float32 sums), ~1 ulp:
    /// 2⁻¹¹ and 2⁻⁸ of the result, here a few ulps of the largest; int32 is exact.
    /// </summary>
    public static double Tolerance<T>() =>
        typeof(T) == typeof(float) ? 2e-6
        : typeof(T) == typeof(double) ? 1e-12
        : typeof(T) == typeof(Half) ? 4e-3
        : typeof(T) == typeof(BFloat16) ? 3e-2
        : 0;

    /// <summary>TensorFlow-style short name: f32, f64, f16, bf16, i32.</summary>
    public static string ShortName<T>() =>
        typeof(T) == typeof(float) ? "f32"
        : typeof(T) == typeof(double) ? "f64"
        : typeof(T) == typeof(Half) ? "f16"
        : typeof(T) == typeof(BFloat16) ? "bf16"
        : typeof(T) == typeof(int) ? "i32"
        : typeof(T).Name;
}
