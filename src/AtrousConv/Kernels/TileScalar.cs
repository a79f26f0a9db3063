using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The portable micro-kernel: 4 pixels × 4 channels in scalar registers. It runs everywhere and sums in the same
/// order as the vector kernels, so it also proves that their lane arithmetic is right.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct TileScalar<T, TOp> : ITileKernel<T>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Mr => 4;

    public static int Nr => 4;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(T** a, T** b, nint taps, nint cin, T* c, nint cStride)
    {
        for (nint p = 0; p < 4; p++)
        {
            T c0 = default, c1 = default, c2 = default, c3 = default;
            for (nint t = 0; t < taps; t++)
            {
                T* ap = a[t] + (p * cin);
                T* bp = b[t];
                for (nint k = 0; k < cin; k++)
                {
                    T av = ap[k];
                    c0 = TOp.MulAdd(av, bp[0], c0);
                    c1 = TOp.MulAdd(av, bp[1], c1);
                    c2 = TOp.MulAdd(av, bp[2], c2);
                    c3 = TOp.MulAdd(av, bp[3], c3);
                    bp += 4;
                }
            }

            T* cp = c + (p * cStride);
            cp[0] = c0;
            cp[1] = c1;
            cp[2] = c2;
            cp[3] = c3;
        }
    }
}
