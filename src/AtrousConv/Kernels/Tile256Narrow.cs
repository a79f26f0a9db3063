using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// The AVX2 micro-kernel for at most one vector of output channels (Cout ≤ 8 in float32): 8 rows × 1 Vector256.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Tile256Narrow<T, TOp> : ITileKernel<T>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Mr => 8;

    public static int Nr => Vector256<T>.Count;

    // A small leaf method so the JIT keeps every accumulator in a register (a large method spilled them here).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        Vector256<T> c00 = default;
        Vector256<T> c10 = default;
        Vector256<T> c20 = default;
        Vector256<T> c30 = default;
        Vector256<T> c40 = default;
        Vector256<T> c50 = default;
        Vector256<T> c60 = default;
        Vector256<T> c70 = default;
        nint w = Vector256<T>.Count;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c00 = Vector256.Load(c + (0 * cRow));
            c10 = Vector256.Load(c + (1 * cRow));
            c20 = Vector256.Load(c + (2 * cRow));
            c30 = Vector256.Load(c + (3 * cRow));
            c40 = Vector256.Load(c + (4 * cRow));
            c50 = Vector256.Load(c + (5 * cRow));
            c60 = Vector256.Load(c + (6 * cRow));
            c70 = Vector256.Load(c + (7 * cRow));
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, s3 = 3 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t];
            T* a4 = a0 + (4 * s1);
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                Vector256<T> b0 = Vector256.Load(bp);
                bp += bStep;
                Vector256<T> av;
                av = Vector256.Create(a0[0]);
                c00 = TOp.MulAdd(av, b0, c00);
                av = Vector256.Create(a0[s1]);
                c10 = TOp.MulAdd(av, b0, c10);
                av = Vector256.Create(a0[s2]);
                c20 = TOp.MulAdd(av, b0, c20);
                av = Vector256.Create(a0[s3]);
                c30 = TOp.MulAdd(av, b0, c30);
                av = Vector256.Create(a4[0]);
                c40 = TOp.MulAdd(av, b0, c40);
                av = Vector256.Create(a4[s1]);
                c50 = TOp.MulAdd(av, b0, c50);
                av = Vector256.Create(a4[s2]);
                c60 = TOp.MulAdd(av, b0, c60);
                av = Vector256.Create(a4[s3]);
                c70 = TOp.MulAdd(av, b0, c70);
                a0 += aStep;
                a4 += aStep;
            }
        }

        T* cOut = call->C;
        nint cOutRow = call->CRow;
        c00.Store(cOut + (0 * cOutRow));
        c10.Store(cOut + (1 * cOutRow));
        c20.Store(cOut + (2 * cOutRow));
        c30.Store(cOut + (3 * cOutRow));
        c40.Store(cOut + (4 * cOutRow));
        c50.Store(cOut + (5 * cOutRow));
        c60.Store(cOut + (6 * cOutRow));
        c70.Store(cOut + (7 * cOutRow));
    }
}
