using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// The element types, in one table: each of TensorFlow's types for these ops maps to its computation type, how it
/// is read and stored (<see cref="IElementLoad{TIn, T}"/>), its multiply-add and its name; then the variant picks the
/// micro-kernel. The only <c>typeof</c> ladder of the kernels' dispatch.
/// </summary>
internal static class ElementTable
{
    /// <summary>Whether <typeparamref name="T"/> is one of TensorFlow's element types for these ops.</summary>
    public static bool IsSupported<T>() => Name<T>() is not null;

    /// <summary>TensorFlow's name of the type, or <see langword="null"/>.</summary>
    public static string? Name<T>() =>
        typeof(T) == typeof(float) ? "float32"
        : typeof(T) == typeof(double) ? "float64"
        : typeof(T) == typeof(Half) ? "float16"
        : typeof(T) == typeof(BFloat16) ? "bfloat16"
        : typeof(T) == typeof(int) ? "int32"
        : null;

    /// <summary>An element as float64, exactly (the reference's accumulation type).</summary>
    public static double ToDouble<T>(T value)
        where T : unmanaged => value switch
        {
            float f => f,
            double d => d,
            Half h => (double)h,
            BFloat16 b => b.ToSingle(),
            int i => i,
            _ => throw new NotSupportedException(typeof(T).Name),
        };

    /// <summary>A float64 sum rounded into <typeparamref name="T"/>; the 16-bit types round to float32 first, as the
    /// fast kernels do, so both round the same float32 sum.</summary>
    public static T FromDouble<T>(double x)
        where T : unmanaged =>
        typeof(T) == typeof(float) ? (T)(object)(float)x
        : typeof(T) == typeof(double) ? (T)(object)x
        : typeof(T) == typeof(Half) ? (T)(object)(Half)(float)x
        : (T)(object)BFloat16.FromSingle((float)x);

    /// <summary>Calls <paramref name="run"/> with the types of <typeparamref name="TElement"/> and the micro-kernel of <paramref name="variant"/>.</summary>
    public static void Dispatch<TElement, TRun>(KernelVariant variant, ref TRun run)
        where TRun : struct, IKernelRun
    {
        if (typeof(TElement) == typeof(float))
        {
            Width<float, float, SameType<float>, SingleMulAdd, TRun>(variant, ref run);
        }
        else if (typeof(TElement) == typeof(double))
        {
            Width<double, double, SameType<double>, DoubleMulAdd, TRun>(variant, ref run);
        }
        else if (typeof(TElement) == typeof(int))
        {
            Width<int, int, SameType<int>, Int32MulAdd, TRun>(variant, ref run);
        }
        else if (typeof(TElement) == typeof(Half))
        {
            Width<Half, float, Widened<Half, HalfStorage>, SingleMulAdd, TRun>(variant, ref run);
        }
        else if (typeof(TElement) == typeof(BFloat16))
        {
            Width<BFloat16, float, Widened<BFloat16, BFloat16Storage>, SingleMulAdd, TRun>(variant, ref run);
        }
        else
        {
            throw new NotSupportedException($"{typeof(TElement).Name} reached the kernels; the faces admit only TensorFlow's element types.");
        }
    }

    private static void Width<TIn, T, TLoad, TOp, TRun>(KernelVariant variant, ref TRun run)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TRun : struct, IKernelRun
    {
        switch (variant)
        {
            case KernelVariant.Vector512:
                Vectors<TIn, T, TLoad, TOp, Vector512<T>, Width512<T, TOp>, TRun>(ref run);
                break;
            case KernelVariant.Vector256:
                Vectors<TIn, T, TLoad, TOp, Vector256<T>, Width256<T, TOp>, TRun>(ref run);
                break;
            case KernelVariant.Vector128:
                Vectors<TIn, T, TLoad, TOp, Vector128<T>, Width128<T, TOp>, TRun>(ref run);
                break;
            default:
                run.Run<TIn, T, TLoad, TOp, TileScalar<T, TOp>>();
                break;
        }
    }

    /// <summary>One vector width: pixels in the lanes where a convolution has few result channels (channel pairs where
    /// a filter gradient has few channels on both sides), else the one-vector
    /// tile where they fit one vector (of 128 bits where they fit that: a 5 × 3 filter gradient fills 15 of the
    /// 256-bit tile's 64 sums, 15 of 32 at 128 bits), else the two-vector tile.</summary>
    private static void Vectors<TIn, T, TLoad, TOp, TVec, TWidth, TRun>(ref TRun run)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TOp : IMulAdd<T>
        where TVec : struct
        where TWidth : IVectorWidth<T, TVec>
        where TRun : struct, IKernelRun
    {
        if (run.TryRunPixelLanes<TIn, T, TLoad, TOp, TVec, TWidth>())
        {
            return;
        }

        if (TWidth.Lanes > Vector128<T>.Count && Vector128.IsHardwareAccelerated && run.FitsOneVector(Vector128<T>.Count))
        {
            run.Run<TIn, T, TLoad, TOp, TileNarrow<T, Vector128<T>, Width128<T, TOp>>>();
        }
        else if (run.FitsOneVector(TWidth.Lanes))
        {
            run.Run<TIn, T, TLoad, TOp, TileNarrow<T, TVec, TWidth>>();
        }
        else
        {
            run.Run<TIn, T, TLoad, TOp, TileWide<T, TVec, TWidth>>();
        }
    }
}
