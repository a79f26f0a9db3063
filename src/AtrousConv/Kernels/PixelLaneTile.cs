using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>A count known to the JIT as a constant (a tile's channels or vectors).</summary>
internal interface ITileCount
{
    static abstract int Value { get; }
}

#pragma warning disable SA1649, SA1402 // one family of one-line constants
internal readonly struct Count1 : ITileCount
{
    public static int Value => 1;
}

internal readonly struct Count2 : ITileCount
{
    public static int Value => 2;
}

internal readonly struct Count3 : ITileCount
{
    public static int Value => 3;
}

internal readonly struct Count4 : ITileCount
{
    public static int Value => 4;
}

internal readonly struct Count5 : ITileCount
{
    public static int Value => 5;
}

internal readonly struct Count6 : ITileCount
{
    public static int Value => 6;
}

internal readonly struct Count7 : ITileCount
{
    public static int Value => 7;
}

internal readonly struct Count8 : ITileCount
{
    public static int Value => 8;
}
#pragma warning restore SA1649, SA1402

/// <summary>
/// The pixels-in-lanes micro-kernel, for results with few channels, where a channels-in-lanes tile leaves most lanes
/// empty: each lane is a pixel, each accumulator one result channel × one vector of consecutive pixels. A call
/// (<see cref="PixelLaneCall{T}"/>) sums over segments (one per row tap), their column taps and the input channels:
/// A is a channel-planar input row, B the packed filter <c>[tap][k][o]</c>. Every result element sums its taps in
/// order and its channels ascending, one fused multiply-add each, as every other micro-kernel does, so the bits are
/// the same.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
/// <typeparam name="TWidth">The width's operations.</typeparam>
internal static unsafe class PixelLaneTile<T, TVec, TWidth>
    where T : unmanaged
    where TVec : struct
    where TWidth : IVectorWidth<T, TVec>
{
    /// <summary>The most channels one tile covers.</summary>
    public const int MaxChannels = 6;

    /// <summary>The most pixels one tile covers (for padding the planar rows).</summary>
    public static int MaxSpan => 8 * TWidth.Lanes;

    /// <summary>
    /// Vectors of pixels per channel of a whole tile of <paramref name="channels"/> channels: at least 8 independent
    /// sums where the register file allows (two fused multiply-add pipes × 4 cycles of latency), and sums, pixel
    /// vectors and a broadcast weight within 16 registers: 1×8, 2×4, 3×3, then 4, 5 and 6 × 2.
    /// </summary>
    public static int Vectors(int channels) => channels switch
    {
        1 => 8,
        2 => 4,
        3 => 3,
        _ => 2,
    };

    // A small leaf method per shape so the JIT keeps every accumulator in a register; the conditions on the shape's
    // constants leave a straight-line body of that shape.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compute<TChannels, TVectors>(PixelLaneCall<T>* call)
        where TChannels : ITileCount
        where TVectors : ITileCount
    {
        int cr = TChannels.Value, p = TVectors.Value;
        nint lanes = TWidth.Lanes;
        TVec c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default, c06 = default, c07 = default;
        TVec c10 = default, c11 = default, c12 = default, c13 = default;
        TVec c20 = default, c21 = default, c22 = default;
        TVec c30 = default, c31 = default;
        TVec c40 = default, c41 = default;
        TVec c50 = default, c51 = default;
        nint aStep = call->AStep, bStep = call->BStep, aJump = call->AJump, bJump = call->BJump;
        nint length = call->Channels, repeat = call->Repeat, segments = call->Segments;
        Debug.Assert(segments == 0 || (repeat > 0 && length > 0), "a segment has column taps and channels");
        for (nint t = 0, j = 0; t < segments;)
        {
            // Segment t's column tap j: the taps step evenly through the planar row and the packed filter.
            T* a = call->A[t] + (j * aJump);
            T* b = call->B[t] + (j * bJump);
            if (++j == repeat)
            {
                t++;
                j = 0;
            }

            if (cr == 1)
            {
                // One channel: each pixel vector meets one weight, so it is loaded into its multiply-add (8 sums, the
                // weight and a load fit the registers; loading all 8 first spilled one).
                for (nint k = 0; k < length; k++)
                {
                    TVec w = TWidth.Broadcast(b);
                    c00 = TWidth.MulAdd(TWidth.Load(a), w, c00);
                    c01 = p > 1 ? TWidth.MulAdd(TWidth.Load(a + lanes), w, c01) : c01;
                    c02 = p > 2 ? TWidth.MulAdd(TWidth.Load(a + (2 * lanes)), w, c02) : c02;
                    c03 = p > 3 ? TWidth.MulAdd(TWidth.Load(a + (3 * lanes)), w, c03) : c03;
                    c04 = p > 4 ? TWidth.MulAdd(TWidth.Load(a + (4 * lanes)), w, c04) : c04;
                    c05 = p > 5 ? TWidth.MulAdd(TWidth.Load(a + (5 * lanes)), w, c05) : c05;
                    c06 = p > 6 ? TWidth.MulAdd(TWidth.Load(a + (6 * lanes)), w, c06) : c06;
                    c07 = p > 7 ? TWidth.MulAdd(TWidth.Load(a + (7 * lanes)), w, c07) : c07;
                    a += aStep;
                    b += bStep;
                }

                continue;
            }

            for (nint k = 0; k < length; k++)
            {
                TVec x0 = TWidth.Load(a);
                TVec x1 = p > 1 ? TWidth.Load(a + lanes) : default;
                TVec x2 = p > 2 ? TWidth.Load(a + (2 * lanes)) : default;
                TVec x3 = p > 3 ? TWidth.Load(a + (3 * lanes)) : default;
                a += aStep;

                TVec w = TWidth.Broadcast(b);
                c00 = TWidth.MulAdd(x0, w, c00);
                if (p > 1)
                {
                    c01 = TWidth.MulAdd(x1, w, c01);
                }

                if (p > 2)
                {
                    c02 = TWidth.MulAdd(x2, w, c02);
                }

                if (p > 3)
                {
                    c03 = TWidth.MulAdd(x3, w, c03);
                }

                if (cr > 1)
                {
                    w = TWidth.Broadcast(b + 1);
                    c10 = TWidth.MulAdd(x0, w, c10);
                    if (p > 1)
                    {
                        c11 = TWidth.MulAdd(x1, w, c11);
                    }

                    if (p > 2)
                    {
                        c12 = TWidth.MulAdd(x2, w, c12);
                    }

                    if (p > 3)
                    {
                        c13 = TWidth.MulAdd(x3, w, c13);
                    }
                }

                if (cr > 2)
                {
                    w = TWidth.Broadcast(b + 2);
                    c20 = TWidth.MulAdd(x0, w, c20);
                    if (p > 1)
                    {
                        c21 = TWidth.MulAdd(x1, w, c21);
                    }

                    if (p > 2)
                    {
                        c22 = TWidth.MulAdd(x2, w, c22);
                    }
                }

                if (cr > 3)
                {
                    w = TWidth.Broadcast(b + 3);
                    c30 = TWidth.MulAdd(x0, w, c30);
                    if (p > 1)
                    {
                        c31 = TWidth.MulAdd(x1, w, c31);
                    }
                }

                if (cr > 4)
                {
                    w = TWidth.Broadcast(b + 4);
                    c40 = TWidth.MulAdd(x0, w, c40);
                    if (p > 1)
                    {
                        c41 = TWidth.MulAdd(x1, w, c41);
                    }
                }

                if (cr > 5)
                {
                    w = TWidth.Broadcast(b + 5);
                    c50 = TWidth.MulAdd(x0, w, c50);
                    if (p > 1)
                    {
                        c51 = TWidth.MulAdd(x1, w, c51);
                    }
                }

                b += bStep;
            }
        }

        T* c = call->C;
        nint cRow = call->CRow;
        Store(c, lanes, p, c00, c01, c02, c03);
        if (p > 4)
        {
            Store(c + (4 * lanes), lanes, p - 4, c04, c05, c06, c07);
        }

        if (cr > 1)
        {
            Store(c + cRow, lanes, p, c10, c11, c12, c13);
        }

        if (cr > 2)
        {
            Store(c + (2 * cRow), lanes, p, c20, c21, c22, default);
        }

        if (cr > 3)
        {
            Store(c + (3 * cRow), lanes, p, c30, c31, default, default);
        }

        if (cr > 4)
        {
            Store(c + (4 * cRow), lanes, p, c40, c41, default, default);
        }

        if (cr > 5)
        {
            Store(c + (5 * cRow), lanes, p, c50, c51, default, default);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T* row, nint lanes, int vectors, TVec v0, TVec v1, TVec v2, TVec v3)
    {
        TWidth.Store(row, v0);
        if (vectors > 1)
        {
            TWidth.Store(row + lanes, v1);
        }

        if (vectors > 2)
        {
            TWidth.Store(row + (2 * lanes), v2);
        }

        if (vectors > 3)
        {
            TWidth.Store(row + (3 * lanes), v3);
        }
    }
}
