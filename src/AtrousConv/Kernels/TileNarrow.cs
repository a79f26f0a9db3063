using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The one-vector micro-kernel, written once for every width: <c>TWidth.NarrowRows</c> rows × 1 vector, for results
/// whose channels fit one vector (a two-vector tile would leave half of every tile empty).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TWidth">The width's operations and shape.</typeparam>
internal readonly unsafe struct TileNarrow<T, TVec, TWidth> : ITileKernel<T>
    where T : unmanaged
    where TVec : struct
    where TWidth : IVectorWidth<T, TVec>
{
    private static int Rows => TWidth.NarrowRows;

    public static int Mr => TWidth.NarrowRows;

    public static int Nr => TWidth.Lanes;

    public static int ShortMr => Mr;

    public static void ComputeShort(TileCall<T>* call) => Compute(call);

    // A small leaf method so the JIT keeps every accumulator in a register (a large method spilled them).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        TVec c0 = default;
        TVec c1 = default;
        TVec c2 = default;
        TVec c3 = default;
        TVec c4 = default;
        TVec c5 = default;
        TVec c6 = default;
        TVec c7 = default;
        TVec c8 = default;
        TVec c9 = default;
        TVec c10 = default;
        TVec c11 = default;
        TVec c12 = default;
        TVec c13 = default;
        TVec c14 = default;
        TVec c15 = default;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c0 = TWidth.Load(c + (0 * cRow));
            c1 = TWidth.Load(c + (1 * cRow));
            c2 = TWidth.Load(c + (2 * cRow));
            c3 = TWidth.Load(c + (3 * cRow));
            c4 = TWidth.Load(c + (4 * cRow));
            c5 = TWidth.Load(c + (5 * cRow));
            c6 = TWidth.Load(c + (6 * cRow));
            c7 = TWidth.Load(c + (7 * cRow));
            if (Rows > 8)
            {
                c8 = TWidth.Load(c + (8 * cRow));
            }
            if (Rows > 9)
            {
                c9 = TWidth.Load(c + (9 * cRow));
            }
            if (Rows > 10)
            {
                c10 = TWidth.Load(c + (10 * cRow));
            }
            if (Rows > 11)
            {
                c11 = TWidth.Load(c + (11 * cRow));
            }
            if (Rows > 12)
            {
                c12 = TWidth.Load(c + (12 * cRow));
            }
            if (Rows > 13)
            {
                c13 = TWidth.Load(c + (13 * cRow));
            }
            if (Rows > 14)
            {
                c14 = TWidth.Load(c + (14 * cRow));
            }
            if (Rows > 15)
            {
                c15 = TWidth.Load(c + (15 * cRow));
            }
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, s3 = 3 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        nint aOffset = call->AOffset;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t] + aOffset;
            T* a4 = a0 + (4 * s1);
            T* a8 = a0 + (8 * s1);
            T* a12 = a0 + (12 * s1);
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                TVec b0 = TWidth.Load(bp);
                bp += bStep;
                c0 = TWidth.MulAdd(TWidth.Broadcast(a0), b0, c0);
                c1 = TWidth.MulAdd(TWidth.Broadcast(a0 + s1), b0, c1);
                c2 = TWidth.MulAdd(TWidth.Broadcast(a0 + s2), b0, c2);
                c3 = TWidth.MulAdd(TWidth.Broadcast(a0 + s3), b0, c3);
                c4 = TWidth.MulAdd(TWidth.Broadcast(a4), b0, c4);
                c5 = TWidth.MulAdd(TWidth.Broadcast(a4 + s1), b0, c5);
                c6 = TWidth.MulAdd(TWidth.Broadcast(a4 + s2), b0, c6);
                c7 = TWidth.MulAdd(TWidth.Broadcast(a4 + s3), b0, c7);
                if (Rows > 8)
                {
                    c8 = TWidth.MulAdd(TWidth.Broadcast(a8), b0, c8);
                }

                if (Rows > 9)
                {
                    c9 = TWidth.MulAdd(TWidth.Broadcast(a8 + s1), b0, c9);
                }

                if (Rows > 10)
                {
                    c10 = TWidth.MulAdd(TWidth.Broadcast(a8 + s2), b0, c10);
                }

                if (Rows > 11)
                {
                    c11 = TWidth.MulAdd(TWidth.Broadcast(a8 + s3), b0, c11);
                }

                if (Rows > 12)
                {
                    c12 = TWidth.MulAdd(TWidth.Broadcast(a12), b0, c12);
                }

                if (Rows > 13)
                {
                    c13 = TWidth.MulAdd(TWidth.Broadcast(a12 + s1), b0, c13);
                }

                if (Rows > 14)
                {
                    c14 = TWidth.MulAdd(TWidth.Broadcast(a12 + s2), b0, c14);
                }

                if (Rows > 15)
                {
                    c15 = TWidth.MulAdd(TWidth.Broadcast(a12 + s3), b0, c15);
                }

                a0 += aStep;
                a4 += aStep;
                a8 += aStep;
                a12 += aStep;
            }
        }

        T* cOut = call->C;
        nint cOutRow = call->CRow;
        TWidth.Store(cOut + (0 * cOutRow), c0);
        TWidth.Store(cOut + (1 * cOutRow), c1);
        TWidth.Store(cOut + (2 * cOutRow), c2);
        TWidth.Store(cOut + (3 * cOutRow), c3);
        TWidth.Store(cOut + (4 * cOutRow), c4);
        TWidth.Store(cOut + (5 * cOutRow), c5);
        TWidth.Store(cOut + (6 * cOutRow), c6);
        TWidth.Store(cOut + (7 * cOutRow), c7);
        if (Rows > 8)
        {
            TWidth.Store(cOut + (8 * cOutRow), c8);
        }
        if (Rows > 9)
        {
            TWidth.Store(cOut + (9 * cOutRow), c9);
        }
        if (Rows > 10)
        {
            TWidth.Store(cOut + (10 * cOutRow), c10);
        }
        if (Rows > 11)
        {
            TWidth.Store(cOut + (11 * cOutRow), c11);
        }
        if (Rows > 12)
        {
            TWidth.Store(cOut + (12 * cOutRow), c12);
        }
        if (Rows > 13)
        {
            TWidth.Store(cOut + (13 * cOutRow), c13);
        }
        if (Rows > 14)
        {
            TWidth.Store(cOut + (14 * cOutRow), c14);
        }
        if (Rows > 15)
        {
            TWidth.Store(cOut + (15 * cOutRow), c15);
        }
    }
}
