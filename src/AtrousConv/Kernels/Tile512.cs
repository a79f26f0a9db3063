using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// The AVX-512 micro-kernel: 12 rows × 2 Vector512 of columns, 24 accumulators of the 32 zmm registers.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Tile512<T, TOp> : ITileKernel<T>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Mr => 12;

    public static int Nr => 2 * Vector512<T>.Count;

    // A small leaf method so the JIT keeps every accumulator in a register (a large method spilled them here).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default;
        Vector512<T> c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default;
        Vector512<T> c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default;
        Vector512<T> c110 = default, c111 = default;
        nint w = Vector512<T>.Count;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c00 = Vector512.Load(c + (0 * cRow));
            c01 = Vector512.Load(c + (0 * cRow) + w);
            c10 = Vector512.Load(c + (1 * cRow));
            c11 = Vector512.Load(c + (1 * cRow) + w);
            c20 = Vector512.Load(c + (2 * cRow));
            c21 = Vector512.Load(c + (2 * cRow) + w);
            c30 = Vector512.Load(c + (3 * cRow));
            c31 = Vector512.Load(c + (3 * cRow) + w);
            c40 = Vector512.Load(c + (4 * cRow));
            c41 = Vector512.Load(c + (4 * cRow) + w);
            c50 = Vector512.Load(c + (5 * cRow));
            c51 = Vector512.Load(c + (5 * cRow) + w);
            c60 = Vector512.Load(c + (6 * cRow));
            c61 = Vector512.Load(c + (6 * cRow) + w);
            c70 = Vector512.Load(c + (7 * cRow));
            c71 = Vector512.Load(c + (7 * cRow) + w);
            c80 = Vector512.Load(c + (8 * cRow));
            c81 = Vector512.Load(c + (8 * cRow) + w);
            c90 = Vector512.Load(c + (9 * cRow));
            c91 = Vector512.Load(c + (9 * cRow) + w);
            c100 = Vector512.Load(c + (10 * cRow));
            c101 = Vector512.Load(c + (10 * cRow) + w);
            c110 = Vector512.Load(c + (11 * cRow));
            c111 = Vector512.Load(c + (11 * cRow) + w);
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t];
            T* a3 = a0 + (3 * s1);
            T* a6 = a0 + (6 * s1);
            T* a9 = a0 + (9 * s1);
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                Vector512<T> b0 = Vector512.Load(bp);
                Vector512<T> b1 = Vector512.Load(bp + w);
                bp += bStep;
                Vector512<T> av;
                av = Vector512.Create(a0[0]);
                c00 = TOp.MulAdd(av, b0, c00);
                c01 = TOp.MulAdd(av, b1, c01);
                av = Vector512.Create(a0[s1]);
                c10 = TOp.MulAdd(av, b0, c10);
                c11 = TOp.MulAdd(av, b1, c11);
                av = Vector512.Create(a0[s2]);
                c20 = TOp.MulAdd(av, b0, c20);
                c21 = TOp.MulAdd(av, b1, c21);
                av = Vector512.Create(a3[0]);
                c30 = TOp.MulAdd(av, b0, c30);
                c31 = TOp.MulAdd(av, b1, c31);
                av = Vector512.Create(a3[s1]);
                c40 = TOp.MulAdd(av, b0, c40);
                c41 = TOp.MulAdd(av, b1, c41);
                av = Vector512.Create(a3[s2]);
                c50 = TOp.MulAdd(av, b0, c50);
                c51 = TOp.MulAdd(av, b1, c51);
                av = Vector512.Create(a6[0]);
                c60 = TOp.MulAdd(av, b0, c60);
                c61 = TOp.MulAdd(av, b1, c61);
                av = Vector512.Create(a6[s1]);
                c70 = TOp.MulAdd(av, b0, c70);
                c71 = TOp.MulAdd(av, b1, c71);
                av = Vector512.Create(a6[s2]);
                c80 = TOp.MulAdd(av, b0, c80);
                c81 = TOp.MulAdd(av, b1, c81);
                av = Vector512.Create(a9[0]);
                c90 = TOp.MulAdd(av, b0, c90);
                c91 = TOp.MulAdd(av, b1, c91);
                av = Vector512.Create(a9[s1]);
                c100 = TOp.MulAdd(av, b0, c100);
                c101 = TOp.MulAdd(av, b1, c101);
                av = Vector512.Create(a9[s2]);
                c110 = TOp.MulAdd(av, b0, c110);
                c111 = TOp.MulAdd(av, b1, c111);
                a0 += aStep;
                a3 += aStep;
                a6 += aStep;
                a9 += aStep;
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
        c60.Store(cOut + (6 * cOutRow));
        c61.Store(cOut + (6 * cOutRow) + w);
        c70.Store(cOut + (7 * cOutRow));
        c71.Store(cOut + (7 * cOutRow) + w);
        c80.Store(cOut + (8 * cOutRow));
        c81.Store(cOut + (8 * cOutRow) + w);
        c90.Store(cOut + (9 * cOutRow));
        c91.Store(cOut + (9 * cOutRow) + w);
        c100.Store(cOut + (10 * cOutRow));
        c101.Store(cOut + (10 * cOutRow) + w);
        c110.Store(cOut + (11 * cOutRow));
        c111.Store(cOut + (11 * cOutRow) + w);
    }
}
