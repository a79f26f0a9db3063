using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The portable micro-kernel: 4 rows × 4 columns in scalar registers. It runs everywhere and sums in the same
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

    public static int ShortMr => Mr;

    public static void ComputeShort(TileCall<T>* call) => Compute(call);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        for (nint m = 0; m < 4; m++)
        {
            T* cp = call->C + (m * call->CRow);
            T c0 = default, c1 = default, c2 = default, c3 = default;
            if (call->Accumulate)
            {
                (c0, c1, c2, c3) = (cp[0], cp[1], cp[2], cp[3]);
            }

            for (nint t = 0; t < call->Segments; t++)
            {
                T* ap = call->A[t] + call->AOffset + (m * call->ARow);
                T* bp = call->B[t];
                nint length = call->Length[t];
                for (nint k = 0; k < length; k++)
                {
                    T av = *ap;
                    c0 = TOp.MulAdd(av, bp[0], c0);
                    c1 = TOp.MulAdd(av, bp[1], c1);
                    c2 = TOp.MulAdd(av, bp[2], c2);
                    c3 = TOp.MulAdd(av, bp[3], c3);
                    ap += call->AStep;
                    bp += call->BStep;
                }
            }

            cp[0] = c0;
            cp[1] = c1;
            cp[2] = c2;
            cp[3] = c3;
        }
    }
}
