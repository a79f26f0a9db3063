using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// The AVX2 micro-kernel: 6 rows × 2 Vector256 of columns, 12 accumulators of the 16 ymm registers.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Tile256<T, TOp> : ITileKernel<T>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Mr => 6;

    public static int Nr => 2 * Vector256<T>.Count;

    // A small leaf method so the JIT keeps every accumulator in a register (a large method spilled them here).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        Vector256<T> c00 = default, c01 = default;
        Vector256<T> c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default;
        Vector256<T> c50 = default, c51 = default;
        nint w = Vector256<T>.Count;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c00 = Vector256.Load(c + (0 * cRow));
            c01 = Vector256.Load(c + (0 * cRow) + w);
            c10 = Vector256.Load(c + (1 * cRow));
            c11 = Vector256.Load(c + (1 * cRow) + w);
            c20 = Vector256.Load(c + (2 * cRow));
            c21 = Vector256.Load(c + (2 * cRow) + w);
            c30 = Vector256.Load(c + (3 * cRow));
            c31 = Vector256.Load(c + (3 * cRow) + w);
            c40 = Vector256.Load(c + (4 * cRow));
            c41 = Vector256.Load(c + (4 * cRow) + w);
            c50 = Vector256.Load(c + (5 * cRow));
            c51 = Vector256.Load(c + (5 * cRow) + w);
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t];
            T* a3 = a0 + (3 * s1);
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                Vector256<T> b0 = Vector256.Load(bp);
                Vector256<T> b1 = Vector256.Load(bp + w);
                bp += bStep;
                Vector256<T> av;
                av = Vector256.Create(a0[0]);
                c00 = TOp.MulAdd(av, b0, c00);
                c01 = TOp.MulAdd(av, b1, c01);
                av = Vector256.Create(a0[s1]);
                c10 = TOp.MulAdd(av, b0, c10);
                c11 = TOp.MulAdd(av, b1, c11);
                av = Vector256.Create(a0[s2]);
                c20 = TOp.MulAdd(av, b0, c20);
                c21 = TOp.MulAdd(av, b1, c21);
                av = Vector256.Create(a3[0]);
                c30 = TOp.MulAdd(av, b0, c30);
                c31 = TOp.MulAdd(av, b1, c31);
                av = Vector256.Create(a3[s1]);
                c40 = TOp.MulAdd(av, b0, c40);
                c41 = TOp.MulAdd(av, b1, c41);
                av = Vector256.Create(a3[s2]);
                c50 = TOp.MulAdd(av, b0, c50);
                c51 = TOp.MulAdd(av, b1, c51);
                a0 += aStep;
                a3 += aStep;
            }
        }

        T* cOut = call->C;
        nint cOutRow = call->CRow;
        c00.Store(cOut + (0 * cOutRow));
        c01.Store(cOut + (0 * cOutRow) + w);
        c10.Store(cOut + (1 * cOutRow));
        c11.Store(cOut + (1 * cOutRow) + w);
        c20.Store(cOut + (2 * cOutRow));
        c21.Store(cOut + (2 * cOutRow) + w);
        c30.Store(cOut + (3 * cOutRow));
        c31.Store(cOut + (3 * cOutRow) + w);
        c40.Store(cOut + (4 * cOutRow));
        c41.Store(cOut + (4 * cOutRow) + w);
        c50.Store(cOut + (5 * cOutRow));
        c51.Store(cOut + (5 * cOutRow) + w);
    }
}
