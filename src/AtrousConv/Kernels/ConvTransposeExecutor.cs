using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>
/// Runs a validated geometry on one element type: picks the kernel, packs the filters, and for the 16-bit types
/// widens one image at a time to float32 and rounds the result once. The only entry from the faces into the kernels.
/// </summary>
internal static unsafe class ConvTransposeExecutor
{
    /// <summary>Whether <typeparamref name="T"/> is one of TensorFlow's element types for these ops.</summary>
    public static bool IsSupported<T>() =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half)
        || typeof(T) == typeof(BFloat16) || typeof(T) == typeof(int);

    /// <summary>Computes the op. <paramref name="output"/> has exactly <see cref="Conv2DTransposeGeometry.OutputElementCount"/> elements.</summary>
    public static void Execute<T>(Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> filters, Span<T> output, KernelVariant variant, int threads)
        where T : unmanaged
    {
        System.Diagnostics.Debug.Assert(value.Length == g.ValueElementCount && filters.Length == g.FilterElementCount && output.Length == g.OutputElementCount, "the face checks buffer sizes");
        if (output.IsEmpty)
        {
            return;
        }

        if (variant == KernelVariant.Reference)
        {
            Reference(g, value, filters, output);
        }
        else if (typeof(T) == typeof(float))
        {
            Direct<float, SingleMulAdd>(variant, g, Cast<T, float>(value), Cast<T, float>(filters), Cast<T, float>(output), threads);
        }
        else if (typeof(T) == typeof(double))
        {
            Direct<double, DoubleMulAdd>(variant, g, Cast<T, double>(value), Cast<T, double>(filters), Cast<T, double>(output), threads);
        }
        else if (typeof(T) == typeof(int))
        {
            Direct<int, Int32MulAdd>(variant, g, Cast<T, int>(value), Cast<T, int>(filters), Cast<T, int>(output), threads);
        }
        else if (typeof(T) == typeof(Half))
        {
            Widened<Half, HalfStorage>(variant, g, Cast<T, Half>(value), Cast<T, Half>(filters), Cast<T, Half>(output), threads);
        }
        else if (typeof(T) == typeof(BFloat16))
        {
            Widened<BFloat16, BFloat16Storage>(variant, g, Cast<T, BFloat16>(value), Cast<T, BFloat16>(filters), Cast<T, BFloat16>(output), threads);
        }
        else
        {
            throw new NotSupportedException($"{typeof(T).Name} reached the kernels; the faces admit only TensorFlow's element types.");
        }
    }

    private static void Reference<T>(Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> filters, Span<T> output)
        where T : unmanaged
    {
        if (typeof(T) == typeof(int))
        {
            long[] acc = ReferenceConvTranspose.Accumulate<long>(g, Widen<T, long>(value), Widen<T, long>(filters));
            Span<int> dst = Cast<T, int>(output);
            for (int k = 0; k < acc.Length; k++)
            {
                dst[k] = unchecked((int)acc[k]);
            }

            return;
        }

        double[] sum = ReferenceConvTranspose.Accumulate<double>(g, Widen<T, double>(value), Widen<T, double>(filters));
        for (int k = 0; k < sum.Length; k++)
        {
            output[k] = Narrow<T>(sum[k]);
        }
    }

    private static void Direct<T, TOp>(KernelVariant variant, Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> filters, Span<T> output, int threads)
        where T : unmanaged
        where TOp : IMulAdd<T>
    {
        switch (variant)
        {
            case KernelVariant.Vector512:
                Run<T, T, SameType<T>, Tile512<T, TOp>>(g, value, filters, output, threads);
                break;
            case KernelVariant.Vector256:
                Run<T, T, SameType<T>, Tile256<T, TOp>>(g, value, filters, output, threads);
                break;
            default:
                Run<T, T, SameType<T>, TileScalar<T, TOp>>(g, value, filters, output, threads);
                break;
        }
    }

    private static void Widened<TStorage, TFormat>(KernelVariant variant, Conv2DTransposeGeometry g, ReadOnlySpan<TStorage> value, ReadOnlySpan<TStorage> filters, Span<TStorage> output, int threads)
        where TStorage : unmanaged
        where TFormat : IFloat32Storage<TStorage>
    {
        switch (variant)
        {
            case KernelVariant.Vector512:
                Run<TStorage, float, Widened<TStorage, TFormat>, Tile512<float, SingleMulAdd>>(g, value, filters, output, threads);
                break;
            case KernelVariant.Vector256:
                Run<TStorage, float, Widened<TStorage, TFormat>, Tile256<float, SingleMulAdd>>(g, value, filters, output, threads);
                break;
            default:
                Run<TStorage, float, Widened<TStorage, TFormat>, TileScalar<float, SingleMulAdd>>(g, value, filters, output, threads);
                break;
        }
    }

    /// <summary>
    /// Packs the filters once, then runs the kernel: straight on the caller's buffers when the kernel computes in
    /// the caller's type, else one image at a time through float32 buffers (workspace: one image in and out).
    /// </summary>
    private static void Run<TIn, T, TLoad, TTile>(Conv2DTransposeGeometry g, ReadOnlySpan<TIn> value, ReadOnlySpan<TIn> filters, Span<TIn> output, int threads)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TTile : ITileKernel<T>
    {
        long packedLength = FilterPacker.PackedLength(g.FilterHeight, g.FilterWidth, g.OutputChannels, g.InputChannels, TTile.Nr);
        T* packed = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, packedLength) * sizeof(T)), 64);
        try
        {
            FilterPacker.PackTranspose<TIn, T, TLoad>(filters, g.FilterHeight, g.FilterWidth, g.OutputChannels, g.InputChannels, TTile.Nr, packed);
            if (typeof(TIn) == typeof(T))
            {
                fixed (TIn* v = value)
                fixed (TIn* o = output)
                {
                    DirectConvTranspose<T, TTile>.Run(g, g.Batch, (T*)v, packed, (T*)o, threads);
                }

                return;
            }

            RunPerImage<TIn, T, TLoad, TTile>(g, value, output, packed, threads);
        }
        finally
        {
            NativeMemory.AlignedFree(packed);
        }
    }

    private static void RunPerImage<TIn, T, TLoad, TTile>(Conv2DTransposeGeometry g, ReadOnlySpan<TIn> value, Span<TIn> output, T* packed, int threads)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
        where TTile : ITileKernel<T>
    {
        int inImage = (int)(g.InputHeight * g.InputWidth * g.InputChannels);
        int outImage = (int)(g.OutputHeight * g.OutputWidth * g.OutputChannels);
        T* wideIn = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, inImage) * sizeof(T)), 64);
        T* wideOut = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, outImage) * sizeof(T)), 64);
        try
        {
            for (long n = 0; n < g.Batch; n++)
            {
                ReadOnlySpan<TIn> src = value.Slice((int)(n * inImage), inImage);
                for (int k = 0; k < inImage; k++)
                {
                    wideIn[k] = TLoad.Load(src[k]);
                }

                DirectConvTranspose<T, TTile>.Run(g, 1, wideIn, packed, wideOut, threads);
                Span<TIn> dst = output.Slice((int)(n * outImage), outImage);
                for (int k = 0; k < outImage; k++)
                {
                    dst[k] = TLoad.Store(wideOut[k]);
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(wideOut);
            NativeMemory.AlignedFree(wideIn);
        }
    }

    private static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged => MemoryMarshal.Cast<TFrom, TTo>(span);

    private static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span)
        where TFrom : unmanaged
        where TTo : unmanaged => MemoryMarshal.Cast<TFrom, TTo>(span);

    private static TAcc[] Widen<T, TAcc>(ReadOnlySpan<T> source)
        where T : unmanaged
        where TAcc : System.Numerics.INumber<TAcc>
    {
        var result = new TAcc[source.Length];
        for (int k = 0; k < source.Length; k++)
        {
            result[k] = TAcc.CreateChecked(ToDouble(source[k]));
        }

        return result;
    }

    private static double ToDouble<T>(T x) => x switch
    {
        float f => f,
        double d => d,
        Half h => (double)h,
        BFloat16 b => b.ToSingle(),
        int i => i,
        _ => throw new NotSupportedException(typeof(T).Name),
    };

    private static T Narrow<T>(double x)
    {
        if (typeof(T) == typeof(float))
        {
            return (T)(object)(float)x;
        }

        if (typeof(T) == typeof(double))
        {
            return (T)(object)x;
        }

        if (typeof(T) == typeof(Half))
        {
            // Round to float32 first, as the fast kernels do, so both round the same float32 sum.
            return (T)(object)(Half)(float)x;
        }

        return (T)(object)BFloat16.FromSingle((float)x);
    }
}
