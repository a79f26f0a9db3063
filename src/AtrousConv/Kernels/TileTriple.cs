using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>
/// The three-vector micro-kernel, written once for every width that has it: <c>TWidth.TripleRows</c> (4) rows × 3
/// vectors of columns, every accumulator in a register from the first product to the store. On a 16-register file it
/// is the one tile of 12 accumulators that divides rows into 4s: 12 accumulators, 3 panel vectors and a broadcast,
/// 7 loads per 12 fused multiply-adds (the 6 × 2 tile's 8), and no short tile, so the convolutions give it their
/// leading channel blocks (<see cref="ChannelBlocks"/>, docs/kernel-design.md "Tiles per width"). Every element is
/// accumulated in the order of every other tile (segments in order, then k ascending, one fused multiply-add each).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TWidth">The width's operations and shape.</typeparam>
internal readonly unsafe struct TileTriple<T, TVec, TWidth>
    where T : unmanaged
    where TVec : struct
    where TWidth : IVectorWidth<T, TVec>
{
    /// <summary>Computes one tile (<see cref="TileCall{T}"/>).</summary>
    // A small leaf method so the JIT keeps every accumulator in a register.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute(TileCall<T>* call)
    {
        Debug.Assert(TWidth.TripleRows == 4, "the body is written for 4 rows");
        TVec c00 = default, c01 = default, c02 = default;
        TVec c10 = default, c11 = default, c12 = default;
        TVec c20 = default, c21 = default, c22 = default;
        TVec c30 = default, c31 = default, c32 = default;
        nint w = TWidth.Lanes, w2 = 2 * TWidth.Lanes;
        if (call->Accumulate)
        {
            T* c = call->C;
            nint cRow = call->CRow;
            c00 = TWidth.Load(c);
            c01 = TWidth.Load(c + w);
            c02 = TWidth.Load(c + w2);
            c10 = TWidth.Load(c + cRow);
            c11 = TWidth.Load(c + cRow + w);
            c12 = TWidth.Load(c + cRow + w2);
            c20 = TWidth.Load(c + (2 * cRow));
            c21 = TWidth.Load(c + (2 * cRow) + w);
            c22 = TWidth.Load(c + (2 * cRow) + w2);
            c30 = TWidth.Load(c + (3 * cRow));
            c31 = TWidth.Load(c + (3 * cRow) + w);
            c32 = TWidth.Load(c + (3 * cRow) + w2);
        }

        nint s1 = call->ARow, s2 = 2 * call->ARow, s3 = 3 * call->ARow, aStep = call->AStep, bStep = call->BStep;
        nint aOffset = call->AOffset;
        for (nint t = 0; t < call->Segments; t++)
        {
            T* bp = call->B[t];
            T* a0 = call->A[t] + aOffset;
            nint length = call->Length[t];
            for (nint k = 0; k < length; k++)
            {
                TVec b0 = TWidth.Load(bp);
                TVec b1 = TWidth.Load(bp + w);
                TVec b2 = TWidth.Load(bp + w2);
                bp += bStep;
                TVec av;
                av = TWidth.Broadcast(a0);
                c00 = TWidth.MulAdd(av, b0, c00);
                c01 = TWidth.MulAdd(av, b1, c01);
                c02 = TWidth.MulAdd(av, b2, c02);
                av = TWidth.Broadcast(a0 + s1);
                c10 = TWidth.MulAdd(av, b0, c10);
                c11 = TWidth.MulAdd(av, b1, c11);
                c12 = TWidth.MulAdd(av, b2, c12);
                av = TWidth.Broadcast(a0 + s2);
                c20 = TWidth.MulAdd(av, b0, c20);
                c21 = TWidth.MulAdd(av, b1, c21);
                c22 = TWidth.MulAdd(av, b2, c22);
                av = TWidth.Broadcast(a0 + s3);
                c30 = TWidth.MulAdd(av, b0, c30);
                c31 = TWidth.MulAdd(av, b1, c31);
                c32 = TWidth.MulAdd(av, b2, c32);
                a0 += aStep;
            }
        }

        T* cOut = call->C;
        nint cOutRow = call->CRow;
        TWidth.Store(cOut, c00);
        TWidth.Store(cOut + w, c01);
        TWidth.Store(cOut + w2, c02);
        TWidth.Store(cOut + cOutRow, c10);
        TWidth.Store(cOut + cOutRow + w, c11);
        TWidth.Store(cOut + cOutRow + w2, c12);
        TWidth.Store(cOut + (2 * cOutRow), c20);
        TWidth.Store(cOut + (2 * cOutRow) + w, c21);
        TWidth.Store(cOut + (2 * cOutRow) + w2, c22);
        TWidth.Store(cOut + (3 * cOutRow), c30);
        TWidth.Store(cOut + (3 * cOutRow) + w, c31);
        TWidth.Store(cOut + (3 * cOutRow) + w2, c32);
    }
}
