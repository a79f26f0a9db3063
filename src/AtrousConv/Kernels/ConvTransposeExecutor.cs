using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using AtrousConv.Contract;

namespace AtrousConv.Kernels;

/// <summary>
/// Runs a validated geometry on one element type: picks the kernel, packs the filters, and for the 16-bit types
/// widens to float32 and rounds each result once. The only entry from the faces into the kernels.
/// </summary>
internal static unsafe class ConvTransposeExecutor
{
    /// <summary>Whether <typeparamref name="T"/> is one of TensorFlow's element types for these ops.</summary>
    public static bool IsSupported<T>() =>
        typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half)
        || typeof(T) == typeof(BFloat16) || typeof(T) == typeof(int);

    /// <summary>
    /// Runs <paramref name="direction"/> of the geometry: the transposed convolution (input value-shaped, result
    /// output-shaped) or its adjoint, the forward convolution (input output-shaped, result value-shaped).
    /// </summary>
    public static void Execute<T>(Conv2DTransposeGeometry g, ConvDirection direction, ReadOnlySpan<T> input, ReadOnlySpan<T> filters, Span<T> result, KernelVariant variant, int threads)
        where T : unmanaged
    {
        bool transpose = direction == ConvDirection.Transpose;
        System.Diagnostics.Debug.Assert(
            input.Length == (transpose ? g.ValueElementCount : g.OutputElementCount) && filters.Length == g.FilterElementCount
            && result.Length == (transpose ? g.OutputElementCount : g.ValueElementCount), "the face checks buffer sizes");
        if (result.IsEmpty)
        {
            return;
        }

        if (variant == KernelVariant.Reference)
        {
            ReferenceConvolution(g, transpose, input, filters, result);
            return;
        }

        fixed (T* i = input)
        fixed (T* f = filters)
        fixed (T* r = result)
        {
            var run = new ConvRun(g, direction, i, f, r, threads);
            Dispatch<T, ConvRun>(variant, ref run);
        }
    }

    /// <summary>The gradient with respect to the filters, <c>[kh, kw, Cout, Cin]</c>, of the transposed convolution.</summary>
    public static void FilterGradient<T>(Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> gradOutput, Span<T> gradFilters, KernelVariant variant, int threads)
        where T : unmanaged
    {
        if (gradFilters.IsEmpty)
        {
            return;
        }

        if (variant == KernelVariant.Reference)
        {
            ReferenceFilterGradient(g, value, gradOutput, gradFilters);
            return;
        }

        fixed (T* v = value)
        fixed (T* go = gradOutput)
        fixed (T* gf = gradFilters)
        {
            var run = new FilterGradientRun(g, v, go, gf, threads);
            Dispatch<T, FilterGradientRun>(variant, ref run);
        }
    }

    // The reference runs live in their own methods: a lambda's closure is allocated when its method is entered,
    // and the fast path must not allocate.
    private static void ReferenceConvolution<T>(Conv2DTransposeGeometry g, bool transpose, ReadOnlySpan<T> input, ReadOnlySpan<T> filters, Span<T> result)
        where T : unmanaged =>
        Reference(result, input, filters,
            (a, b) => transpose ? ReferenceConvTranspose.Transpose(g, a, b) : ReferenceConvTranspose.Adjoint(g, a, b),
            (a, b) => transpose ? ReferenceConvTranspose.Transpose(g, a, b) : ReferenceConvTranspose.Adjoint(g, a, b));

    private static void ReferenceFilterGradient<T>(Conv2DTransposeGeometry g, ReadOnlySpan<T> value, ReadOnlySpan<T> gradOutput, Span<T> gradFilters)
        where T : unmanaged =>
        Reference(gradFilters, value, gradOutput, (a, b) => ReferenceConvTranspose.FilterGradient(g, a, b), (a, b) => ReferenceConvTranspose.FilterGradient(g, a, b));

    /// <summary>Calls <paramref name="run"/> with the kernel types of an element type and a variant.</summary>
    private static void Dispatch<TElement, TRun>(KernelVariant variant, ref TRun run)
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
            case KernelVariant.Vector512 when run.FitsOneVector(Vector512<T>.Count):
                run.Run<TIn, T, TLoad, TOp, Tile512Narrow<T, TOp>>();
                break;
            case KernelVariant.Vector512:
                run.Run<TIn, T, TLoad, TOp, Tile512<T, TOp>>();
                break;
            case KernelVariant.Vector256 when run.FitsOneVector(Vector256<T>.Count):
                run.Run<TIn, T, TLoad, TOp, Tile256Narrow<T, TOp>>();
                break;
            case KernelVariant.Vector256:
                run.Run<TIn, T, TLoad, TOp, Tile256<T, TOp>>();
                break;
            default:
                run.Run<TIn, T, TLoad, TOp, TileScalar<T, TOp>>();
                break;
        }
    }

    private interface IKernelRun
    {
        /// <summary>Whether the result channels fit one vector of <paramref name="lanes"/>, where the narrow tile wastes nothing.</summary>
        bool FitsOneVector(int lanes);

        void Run<TIn, T, TLoad, TOp, TTile>()
            where TIn : unmanaged
            where T : unmanaged
            where TLoad : IElementLoad<TIn, T>
            where TOp : IMulAdd<T>
            where TTile : ITileKernel<T>;
    }

    /// <summary>One direction of a convolution: pack the filters once, then run on the caller's buffers, or, for the
    /// 16-bit types, one image at a time through float32 buffers (workspace: one image in and out).</summary>
    private readonly struct ConvRun(Conv2DTransposeGeometry g, ConvDirection direction, void* input, void* filters, void* result, int threads) : IKernelRun
    {
        public bool FitsOneVector(int lanes) => (direction == ConvDirection.Transpose ? g.OutputChannels : g.InputChannels) <= lanes;

        public void Run<TIn, T, TLoad, TOp, TTile>()
            where TIn : unmanaged
            where T : unmanaged
            where TLoad : IElementLoad<TIn, T>
            where TOp : IMulAdd<T>
            where TTile : ITileKernel<T>
        {
            bool transpose = direction == ConvDirection.Transpose;
            long taps = g.FilterHeight * g.FilterWidth;
            long reduction = transpose ? g.InputChannels : g.OutputChannels, outputs = transpose ? g.OutputChannels : g.InputChannels;
            T* packed = ThreadBuffers.Get<T>(ThreadBuffers.PackedFilters, FilterPacker.PackedLength(taps, reduction, outputs, TTile.Nr), out byte[] packedOwner);
            FilterPacker.Pack<TIn, T, TLoad>(
                new ReadOnlySpan<TIn>(filters, checked((int)g.FilterElementCount)), taps, reduction, outputs,
                rStride: transpose ? 1 : outputs, oStride: transpose ? reduction : 1, TTile.Nr, packed);
            if (typeof(TIn) == typeof(T))
            {
                DirectConvolution<T, TTile>.Run(g, direction, g.Batch, (T*)input, packed, (T*)result, threads);
                GC.KeepAlive(packedOwner);
                return;
            }

            long inImage = transpose ? g.InputHeight * g.InputWidth * reduction : g.OutputHeight * g.OutputWidth * reduction;
            long outImage = transpose ? g.OutputHeight * g.OutputWidth * outputs : g.InputHeight * g.InputWidth * outputs;
            T* wideIn = ThreadBuffers.Get<T>(ThreadBuffers.InputCopy, inImage, out byte[] inOwner);
            T* wideOut = ThreadBuffers.Get<T>(ThreadBuffers.OutputCopy, outImage, out byte[] outOwner);
            for (long n = 0; n < g.Batch; n++)
            {
                Convert<TIn, T, TLoad>((TIn*)input + (n * inImage), wideIn, inImage);
                DirectConvolution<T, TTile>.Run(g, direction, 1, wideIn, packed, wideOut, threads);
                ConvertBack<TIn, T, TLoad>(wideOut, (TIn*)result + (n * outImage), outImage);
            }

            GC.KeepAlive(packedOwner);
            GC.KeepAlive(inOwner);
            GC.KeepAlive(outOwner);
        }
    }

    /// <summary>The filter gradient: on the caller's buffers when the channels fill a tile, else through copies padded
    /// to a tile (and widened to float32 for the 16-bit types).</summary>
    private readonly struct FilterGradientRun(Conv2DTransposeGeometry g, void* value, void* gradOutput, void* gradFilters, int threads) : IKernelRun
    {
        // The tile's columns are input channels here.
        public bool FitsOneVector(int lanes) => g.InputChannels <= lanes;

        public void Run<TIn, T, TLoad, TOp, TTile>()
            where TIn : unmanaged
            where T : unmanaged
            where TLoad : IElementLoad<TIn, T>
            where TOp : IMulAdd<T>
            where TTile : ITileKernel<T>
        {
            long cin = g.InputChannels, cout = g.OutputChannels;
            if (typeof(TIn) == typeof(T) && cout >= TTile.Mr && cin >= TTile.Nr)
            {
                FilterGradient<T, TOp, TTile>.Run(g, (T*)value, (T*)gradOutput, (T*)gradFilters, threads);
                return;
            }

            long cinP = Math.Max(cin, TTile.Nr), coutP = Math.Max(cout, TTile.Mr);
            Span<long> keyBuffer = stackalloc long[GeometryMemo.MaxKeyLength];
            ReadOnlySpan<long> vs = [g.Batch, g.InputHeight, g.InputWidth, cinP], fs = [g.FilterHeight, g.FilterWidth, coutP, cinP];
            ReadOnlySpan<long> os = [g.Batch, g.OutputHeight, g.OutputWidth, coutP];
            ReadOnlySpan<long> key = GeometryMemo.Key(keyBuffer, GeometryMemo.Op.Transpose, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth, g.Padding, vs, fs, os);
            if (!GeometryMemo.TryGet(key, out Conv2DTransposeGeometry padded))
            {
                padded = GeometryMemo.Add(key, Conv2DTransposeGeometry.Create(vs, fs, os, g.StrideHeight, g.StrideWidth, g.DilationHeight, g.DilationWidth, g.Padding));
            }

            T* v = ThreadBuffers.Get<T>(ThreadBuffers.InputCopy, padded.ValueElementCount, out byte[] vOwner);
            T* go = ThreadBuffers.Get<T>(ThreadBuffers.OutputCopy, padded.OutputElementCount, out byte[] goOwner);
            T* gf = ThreadBuffers.Get<T>(ThreadBuffers.GradientCopy, padded.FilterElementCount, out byte[] gfOwner);
            PadChannels<TIn, T, TLoad>((TIn*)value, v, g.ValueElementCount / Math.Max(1, cin), cin, cinP);
            PadChannels<TIn, T, TLoad>((TIn*)gradOutput, go, g.OutputElementCount / cout, cout, coutP);
            FilterGradient<T, TOp, TTile>.Run(padded, v, go, gf, threads);
            for (long row = 0; row < g.FilterHeight * g.FilterWidth * cout; row++)
            {
                long tap = row / cout, co = row % cout;
                ConvertBack<TIn, T, TLoad>(gf + (((tap * coutP) + co) * cinP), (TIn*)gradFilters + (row * cin), cin);
            }

            GC.KeepAlive(vOwner);
            GC.KeepAlive(goOwner);
            GC.KeepAlive(gfOwner);
        }
    }

    private static void PadChannels<TIn, T, TLoad>(TIn* source, T* target, long pixels, long channels, long paddedChannels)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        for (long p = 0; p < pixels; p++)
        {
            Convert<TIn, T, TLoad>(source + (p * channels), target + (p * paddedChannels), channels);
            new Span<T>(target + (p * paddedChannels) + channels, (int)(paddedChannels - channels)).Clear();
        }
    }

    private static void Convert<TIn, T, TLoad>(TIn* source, T* target, long count)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        for (long k = 0; k < count; k++)
        {
            target[k] = TLoad.Load(source[k]);
        }
    }

    private static void ConvertBack<TIn, T, TLoad>(T* source, TIn* target, long count)
        where TIn : unmanaged
        where T : unmanaged
        where TLoad : IElementLoad<TIn, T>
    {
        for (long k = 0; k < count; k++)
        {
            target[k] = TLoad.Store(source[k]);
        }
    }

    /// <summary>Runs a reference sum in float64 (int64 for int32, wrapped at the end) and rounds it into <paramref name="result"/>.</summary>
    private static void Reference<T>(Span<T> result, ReadOnlySpan<T> first, ReadOnlySpan<T> second, Func<double[], double[], double[]> real, Func<long[], long[], long[]> integer)
        where T : unmanaged
    {
        if (typeof(T) == typeof(int))
        {
            long[] exact = integer(ToLong(first), ToLong(second));
            Span<int> target = MemoryMarshal.Cast<T, int>(result);
            for (int k = 0; k < exact.Length; k++)
            {
                target[k] = unchecked((int)exact[k]);
            }

            return;
        }

        double[] sum = real(ToDouble(first), ToDouble(second));
        for (int k = 0; k < sum.Length; k++)
        {
            result[k] = Narrow<T>(sum[k]);
        }
    }

    private static double[] ToDouble<T>(ReadOnlySpan<T> source)
        where T : unmanaged
    {
        var result = new double[source.Length];
        for (int k = 0; k < source.Length; k++)
        {
            result[k] = source[k] switch
            {
                float f => f,
                double d => d,
                Half h => (double)h,
                BFloat16 b => b.ToSingle(),
                int i => i,
                _ => throw new NotSupportedException(typeof(T).Name),
            };
        }

        return result;
    }

    private static long[] ToLong<T>(ReadOnlySpan<T> source)
        where T : unmanaged =>
        typeof(T) == typeof(int) ? Array.ConvertAll(MemoryMarshal.Cast<T, int>(source).ToArray(), v => (long)v) : [];

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

        // The 16-bit types: round to float32 first, as the fast kernels do, so both round the same float32 sum.
        return typeof(T) == typeof(Half) ? (T)(object)(Half)(float)x : (T)(object)BFloat16.FromSingle((float)x);
    }
}
