using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// The AVX-512 micro-kernel for at most one vector of output channels (Cout ≤ 16 in float32): 16 rows × 1 Vector512,
/// so a narrow output does not leave half of every tile empty.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Tile512Narrow<T, TOp> : ITileKernel<T>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Mr => 16;

    public static int Nr => Vector512<T>.Count;

    // A small leaf method so the JIT keeps every accumulator in a register (a large method spilled them here).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        Vector512<T> c00 = default;
        Vector512<T> c10 = default;
        Vector512<T> c20 = default;
        Vector512<T> c30 = default;
        Vector512<T> c40 = default;
        Vector512<T> c50 = default;
        Vector512<T> c60 = default;
        Vector512<T> c70 = default;
        Vector512<T> c80 = default;
        Vector512<T> c90 = default;
        Vector512<T> c100 = default;
        Vector512<T> c110 = default;
        Vector512<T> c120 = default;
        Vector512<T> c130 = default;
        Vector512<T> c140 = default;
        Vector512<T> c150 = default;
        nint w = Vector512<T>.Count;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c00 = Vector512.Load(c + (0 * cRow));
            c10 = Vector512.Load(c + (1 * cRow));
            c20 = Vector512.Load(c + (2 * cRow));
            c30 = Vector512.Load(c + (3 * cRow));
            c40 = Vector512.Load(c + (4 * cRow));
            c50 = Vector512.Load(c + (5 * cRow));
            c60 = Vector512.Load(c + (6 * cRow));
            c70 = Vector512.Load(c + (7 * cRow));
            c80 = Vector512.Load(c + (8 * cRow));
            c90 = Vector512.Load(c + (9 * cRow));
            c100 = Vector512.Load(c + (10 * cRow));
            c110 = Vector512.Load(c + (11 * cRow));
            c120 = Vector512.Load(c + (12 * cRow));
            c130 = Vector512.Load(c + (13 * cRow));
            c140 = Vector512.Load(c + (14 * cRow));
            c150 = Vector512.Load(c + (15 * cRow));
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, s3 = 3 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t];
            T* a4 = a0 + (4 * s1);
            T* a8 = a0 + (8 * s1);
            T* a12 = a0 + (12 * s1);
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                Vector512<T> b0 = Vector512.Load(bp);
                bp += bStep;
                Vector512<T> av;
                av = Vector512.Create(a0[0]);
                c00 = TOp.MulAdd(av, b0, c00);
                av = Vector512.Create(a0[s1]);
                c10 = TOp.MulAdd(av, b0, c10);
                av = Vector512.Create(a0[s2]);
                c20 = TOp.MulAdd(av, b0, c20);
                av = Vector512.Create(a0[s3]);
                c30 = TOp.MulAdd(av, b0, c30);
                av = Vector512.Create(a4[0]);
                c40 = TOp.MulAdd(av, b0, c40);
                av = Vector512.Create(a4[s1]);
                c50 = TOp.MulAdd(av, b0, c50);
                av = Vector512.Create(a4[s2]);
                c60 = TOp.MulAdd(av, b0, c60);
                av = Vector512.Create(a4[s3]);
                c70 = TOp.MulAdd(av, b0, c70);
                av = Vector512.Create(a8[0]);
                c80 = TOp.MulAdd(av, b0, c80);
                av = Vector512.Create(a8[s1]);
                c90 = TOp.MulAdd(av, b0, c90);
                av = Vector512.Create(a8[s2]);
                c100 = TOp.MulAdd(av, b0, c100);
                av = Vector512.Create(a8[s3]);
                c110 = TOp.MulAdd(av, b0, c110);
                av = Vector512.Create(a12[0]);
                c120 = TOp.MulAdd(av, b0, c120);
                av = Vector512.Create(a12[s1]);
                c130 = TOp.MulAdd(av, b0, c130);
                av = Vector512.Create(a12[s2]);
                c140 = TOp.MulAdd(av, b0, c140);
                av = Vector512.Create(a12[s3]);
                c150 = TOp.MulAdd(av, b0, c150);
                a0 += aStep;
                a4 += aStep;
                a8 += aStep;
                a12 += aStep;
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
        c80.Store(cOut + (8 * cOutRow));
        c90.Store(cOut + (9 * cOutRow));
        c100.Store(cOut + (10 * cOutRow));
        c110.Store(cOut + (11 * cOutRow));
        c120.Store(cOut + (12 * cOutRow));
        c130.Store(cOut + (13 * cOutRow));
        c140.Store(cOut + (14 * cOutRow));
        c150.Store(cOut + (15 * cOutRow));
    }
}
