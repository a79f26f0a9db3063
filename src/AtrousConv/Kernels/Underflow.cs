using System.Numerics;

namespace AtrousConv.Kernels;

/// <summary>
/// Whether a product of two operands' elements can underflow to ±0 (docs/kernel-design.md "Why every variant and
/// thread count gives the same bits"). A sum whose products underflowed can be −0, and a padding zero's product (0
/// times a positive element) then makes it +0 where a kernel that skips the padding keeps −0; products that cannot
/// underflow never make a sum −0 (a sum from +0 is −0 only after such a product), so the padding cannot change a bit.
/// </summary>
internal static unsafe class Underflow
{
    /// <summary>Whether some nonzero element of <paramref name="a"/> times some nonzero element of
    /// <paramref name="b"/> can round to zero: the smallest nonzero magnitudes multiply to less than the smallest
    /// subnormal (a product at least that large rounds to a nonzero value). Integers and the 16-bit types
    /// (computed in float32 from at most 2^-133 in magnitude for bfloat16: not checked) give false.</summary>
    public static bool Possible<T>(T* a, long countA, T* b, long countB)
        where T : unmanaged
    {
        if (countA < countB)
        {
            T* shorter = a;
            a = b;
            b = shorter;
            (countA, countB) = (countB, countA);
        }

        // The shorter operand's smallest magnitude, then whether the longer one has a nonzero element below the
        // smallest subnormal over it: one compare per element, with no chain of minima.
        if (typeof(T) == typeof(float))
        {
            double least = SmallestNonzero((float*)b, countB), below = SmallestSubnormalSingle / least;
            return below > 0 && AnyNonzeroBelow((float*)a, countA, (float)Math.Min(below, float.MaxValue));
        }

        if (typeof(T) == typeof(double))
        {
            double least = SmallestNonzero((double*)b, countB), below = double.Epsilon / least;
            return below > 0 && AnyNonzeroBelow((double*)a, countA, below);
        }

        return false;
    }

    /// <summary>2^-149, float32's smallest subnormal, as a float64.</summary>
    private const double SmallestSubnormalSingle = 1.401298464324817e-45;

    /// <summary>Whether some element's magnitude is nonzero and below <paramref name="bound"/> (NaN is not).</summary>
    private static bool AnyNonzeroBelow<T>(T* data, long count, T bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long k = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var limit = new Vector<T>(bound);
            Vector<T> hits = Vector<T>.Zero;
            for (; k <= count - Vector<T>.Count; k += Vector<T>.Count)
            {
                Vector<T> magnitude = Vector.Abs(Vector.Load(data + k));
                hits = Vector.BitwiseOr(hits, Vector.BitwiseAnd(Vector.LessThan(magnitude, limit), Vector.GreaterThan(magnitude, Vector<T>.Zero)));
            }

            if (!Vector.EqualsAll(Vector.AsVectorByte(hits), Vector<byte>.Zero))
            {
                return true;
            }
        }

        for (; k < count; k++)
        {
            T magnitude = T.Abs(data[k]);
            if (magnitude < bound && magnitude > T.Zero)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The smallest nonzero magnitude of the elements (+∞ where all are zero; NaN is ignored).</summary>
    private static double SmallestNonzero<T>(T* data, long count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T least = T.PositiveInfinity;
        long k = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && count >= Vector<T>.Count)
        {
            var infinity = new Vector<T>(T.PositiveInfinity);
            Vector<T> lanes = infinity;
            for (; k <= count - Vector<T>.Count; k += Vector<T>.Count)
            {
                Vector<T> magnitude = Vector.Abs(Vector.Load(data + k));
                Vector<T> skip = Vector.BitwiseOr(Vector.Equals(magnitude, Vector<T>.Zero), Vector.OnesComplement(Vector.Equals(magnitude, magnitude)));
                lanes = Vector.Min(lanes, Vector.ConditionalSelect(skip, infinity, magnitude));
            }

            for (int l = 0; l < Vector<T>.Count; l++)
            {
                least = T.Min(least, lanes[l]);
            }
        }

        for (; k < count; k++)
        {
            T magnitude = T.Abs(data[k]);
            if (magnitude != T.Zero && magnitude < least)
            {
                least = magnitude;
            }
        }

        return double.CreateTruncating(least);
    }
}
