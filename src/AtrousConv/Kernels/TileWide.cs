using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The two-vector micro-kernel, written once for every width: <c>TWidth.WideRows</c> rows × 2 vectors of columns
/// (and a shorter tile of <c>TWidth.ShortWideRows</c> rows for the end of a row; where the width has a three-vector
/// tile, <see cref="TileTriple{T, TVec, TWidth}"/> is its lead tile),
/// every accumulator in a register from the first product to the store. Rows beyond the width's count are behind
/// constant conditions the JIT removes, so each width compiles to a straight-line body of its own shape.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TWidth">The width's operations and shape.</typeparam>
internal readonly unsafe struct TileWide<T, TVec, TWidth> : ITileKernel<T>
    where T : unmanaged
    where TVec : struct
    where TWidth : IVectorWidth<T, TVec>
{
    public static int Mr => TWidth.WideRows;

    public static int Nr => 2 * TWidth.Lanes;

    public static int ShortMr => TWidth.ShortWideRows;

    public static int TinyMr => TWidth.TinyWideRows;

    public static int LeadMr => TWidth.TripleRows;

    public static int LeadNr => TWidth.TripleRows > 0 ? 3 * TWidth.Lanes : 0;

    public static void Compute(TileCall<T>* call) => Body<Full>(call);

    public static void ComputeLead(TileCall<T>* call) => TileTriple<T, TVec, TWidth>.Compute(call);

    public static void ComputeShort(TileCall<T>* call) => Body<Short>(call);

    public static void ComputeTiny(TileCall<T>* call) => Body<Tiny>(call);

    // A small leaf method so the JIT keeps every accumulator in a register (a large method spilled them); one
    // instantiation per tile height, rows beyond it behind constant conditions.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Body<THeight>(TileCall<T>* call)
        where THeight : struct, ITileHeight
    {
        int rows = THeight.Rows(TWidth.WideRows, TWidth.ShortWideRows, TWidth.TinyWideRows);
        TVec c00 = default, c01 = default;
        TVec c10 = default, c11 = default;
        TVec c20 = default, c21 = default;
        TVec c30 = default, c31 = default;
        TVec c40 = default, c41 = default;
        TVec c50 = default, c51 = default;
        TVec c60 = default, c61 = default;
        TVec c70 = default, c71 = default;
        TVec c80 = default, c81 = default;
        TVec c90 = default, c91 = default;
        TVec c100 = default, c101 = default;
        TVec c110 = default, c111 = default;
        nint w = TWidth.Lanes;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c00 = TWidth.Load(c + (0 * cRow));
            c01 = TWidth.Load(c + (0 * cRow) + w);
            c10 = TWidth.Load(c + (1 * cRow));
            c11 = TWidth.Load(c + (1 * cRow) + w);
            c20 = TWidth.Load(c + (2 * cRow));
            c21 = TWidth.Load(c + (2 * cRow) + w);
            c30 = TWidth.Load(c + (3 * cRow));
            c31 = TWidth.Load(c + (3 * cRow) + w);
            if (rows > 4)
            {
                c40 = TWidth.Load(c + (4 * cRow));
                c41 = TWidth.Load(c + (4 * cRow) + w);
            }
            if (rows > 5)
            {
                c50 = TWidth.Load(c + (5 * cRow));
                c51 = TWidth.Load(c + (5 * cRow) + w);
            }
            if (rows > 6)
            {
                c60 = TWidth.Load(c + (6 * cRow));
                c61 = TWidth.Load(c + (6 * cRow) + w);
            }
            if (rows > 7)
            {
                c70 = TWidth.Load(c + (7 * cRow));
                c71 = TWidth.Load(c + (7 * cRow) + w);
            }
            if (rows > 8)
            {
                c80 = TWidth.Load(c + (8 * cRow));
                c81 = TWidth.Load(c + (8 * cRow) + w);
            }
            if (rows > 9)
            {
                c90 = TWidth.Load(c + (9 * cRow));
                c91 = TWidth.Load(c + (9 * cRow) + w);
            }
            if (rows > 10)
            {
                c100 = TWidth.Load(c + (10 * cRow));
                c101 = TWidth.Load(c + (10 * cRow) + w);
            }
            if (rows > 11)
            {
                c110 = TWidth.Load(c + (11 * cRow));
                c111 = TWidth.Load(c + (11 * cRow) + w);
            }
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        nint aOffset = call->AOffset;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t] + aOffset;
            T* a3 = a0 + (3 * s1);
            T* a6 = a0 + (6 * s1);
            T* a9 = a0 + (9 * s1);
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                TVec b0 = TWidth.Load(bp);
                TVec b1 = TWidth.Load(bp + w);
                bp += bStep;
                TVec av;
                av = TWidth.Broadcast(a0);
                c00 = TWidth.MulAdd(av, b0, c00);
                c01 = TWidth.MulAdd(av, b1, c01);
                av = TWidth.Broadcast(a0 + s1);
                c10 = TWidth.MulAdd(av, b0, c10);
                c11 = TWidth.MulAdd(av, b1, c11);
                av = TWidth.Broadcast(a0 + s2);
                c20 = TWidth.MulAdd(av, b0, c20);
                c21 = TWidth.MulAdd(av, b1, c21);
                av = TWidth.Broadcast(a3);
                c30 = TWidth.MulAdd(av, b0, c30);
                c31 = TWidth.MulAdd(av, b1, c31);
                if (rows > 4)
                {
                    av = TWidth.Broadcast(a3 + s1);
                    c40 = TWidth.MulAdd(av, b0, c40);
                    c41 = TWidth.MulAdd(av, b1, c41);
                }

                if (rows > 5)
                {
                    av = TWidth.Broadcast(a3 + s2);
                    c50 = TWidth.MulAdd(av, b0, c50);
                    c51 = TWidth.MulAdd(av, b1, c51);
                }

                if (rows > 6)
                {
                    av = TWidth.Broadcast(a6);
                    c60 = TWidth.MulAdd(av, b0, c60);
                    c61 = TWidth.MulAdd(av, b1, c61);
                }

                if (rows > 7)
                {
                    av = TWidth.Broadcast(a6 + s1);
                    c70 = TWidth.MulAdd(av, b0, c70);
                    c71 = TWidth.MulAdd(av, b1, c71);
                }

                if (rows > 8)
                {
                    av = TWidth.Broadcast(a6 + s2);
                    c80 = TWidth.MulAdd(av, b0, c80);
                    c81 = TWidth.MulAdd(av, b1, c81);
                }

                if (rows > 9)
                {
                    av = TWidth.Broadcast(a9);
                    c90 = TWidth.MulAdd(av, b0, c90);
                    c91 = TWidth.MulAdd(av, b1, c91);
                }

                if (rows > 10)
                {
                    av = TWidth.Broadcast(a9 + s1);
                    c100 = TWidth.MulAdd(av, b0, c100);
                    c101 = TWidth.MulAdd(av, b1, c101);
                }

                if (rows > 11)
                {
                    av = TWidth.Broadcast(a9 + s2);
                    c110 = TWidth.MulAdd(av, b0, c110);
                    c111 = TWidth.MulAdd(av, b1, c111);
                }

                a0 += aStep;
                a3 += aStep;
                a6 += aStep;
                a9 += aStep;
            }
        }

        T* cOut = call->C;
        nint cOutRow = call->CRow;
        TWidth.Store(cOut + (0 * cOutRow), c00);
        TWidth.Store(cOut + (0 * cOutRow) + w, c01);
        TWidth.Store(cOut + (1 * cOutRow), c10);
        TWidth.Store(cOut + (1 * cOutRow) + w, c11);
        TWidth.Store(cOut + (2 * cOutRow), c20);
        TWidth.Store(cOut + (2 * cOutRow) + w, c21);
        TWidth.Store(cOut + (3 * cOutRow), c30);
        TWidth.Store(cOut + (3 * cOutRow) + w, c31);
        if (rows > 4)
        {
            TWidth.Store(cOut + (4 * cOutRow), c40);
            TWidth.Store(cOut + (4 * cOutRow) + w, c41);
        }
        if (rows > 5)
        {
            TWidth.Store(cOut + (5 * cOutRow), c50);
            TWidth.Store(cOut + (5 * cOutRow) + w, c51);
        }
        if (rows > 6)
        {
            TWidth.Store(cOut + (6 * cOutRow), c60);
            TWidth.Store(cOut + (6 * cOutRow) + w, c61);
        }
        if (rows > 7)
        {
            TWidth.Store(cOut + (7 * cOutRow), c70);
            TWidth.Store(cOut + (7 * cOutRow) + w, c71);
        }
        if (rows > 8)
        {
            TWidth.Store(cOut + (8 * cOutRow), c80);
            TWidth.Store(cOut + (8 * cOutRow) + w, c81);
        }
        if (rows > 9)
        {
            TWidth.Store(cOut + (9 * cOutRow), c90);
            TWidth.Store(cOut + (9 * cOutRow) + w, c91);
        }
        if (rows > 10)
        {
            TWidth.Store(cOut + (10 * cOutRow), c100);
            TWidth.Store(cOut + (10 * cOutRow) + w, c101);
        }
        if (rows > 11)
        {
            TWidth.Store(cOut + (11 * cOutRow), c110);
            TWidth.Store(cOut + (11 * cOutRow) + w, c111);
        }
    }
}

/// <summary>Which of a tile kernel's heights a body is compiled for (a JIT constant).</summary>
internal interface ITileHeight
{
    /// <summary>This height's rows, of the kernel's full, short (<see cref="ITileKernel{T}.ShortMr"/>) and tiny
    /// (<see cref="ITileKernel{T}.TinyMr"/>) rows.</summary>
    static abstract int Rows(int full, int shortRows, int tinyRows);
}

/// <summary>The full tile height.</summary>
internal readonly struct Full : ITileHeight
{
    public static int Rows(int full, int shortRows, int tinyRows) => full;
}

/// <summary>The short tile height.</summary>
internal readonly struct Short : ITileHeight
{
    public static int Rows(int full, int shortRows, int tinyRows) => shortRows;
}

/// <summary>The tiny tile height.</summary>
internal readonly struct Tiny : ITileHeight
{
    public static int Rows(int full, int shortRows, int tinyRows) => tinyRows;
}
