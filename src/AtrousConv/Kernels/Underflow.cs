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
    /// subnormal (a product at least that large rounds to a nonzero value). With <paramref name="flushedB"/>, float32
    /// subnormals of <paramref name="b"/> count as zeros (the filter packer and the direct sum flush them, and a zero's
    /// products are exact). Integers and the 16-bit types (computed in float32 from at most 2^-133 in magnitude for
    /// bfloat16: not checked) give false.</summary>
    public static bool Possible<T>(T* a, long countA, T* b, long countB, bool flushedB)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float floorA = 0, floorB = flushedB ? LargestSubnormalSingle : 0;
            return Possible((float*)a, countA, floorA, (float*)b, countB, floorB, SmallestSubnormalSingle);
        }

        if (typeof(T) == typeof(double))
        {
            return Possible((double*)a, countA, 0.0, (double*)b, countB, 0.0, double.Epsilon);
        }

        return false;
    }

    /// <summary>2^-149, float32's smallest subnormal, as a float64.</summary>
    private const double SmallestSubnormalSingle = 1.401298464324817e-45;

    /// <summary>Float32's largest subnormal: magnitudes up to it are flushed where the operand is.</summary>
    private const float LargestSubnormalSingle = 1.1754942e-38f;

    /// <summary>The rule on magnitudes above each operand's floor (zero, or the largest subnormal where flushed): the
    /// shorter operand's smallest magnitude, then whether the longer one has one below the smallest subnormal over it
    /// (one compare per element, no chain of minima). <c>least · other &lt; smallest</c> is tested as <c>other &lt;
    /// smallest / least</c>, so the product, which would itself underflow in float64, is never formed.</summary>
    private static bool Possible<T>(T* a, long countA, T floorA, T* b, long countB, T floorB, double smallest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (countA < countB)
        {
            T* shorter = a;
            a = b;
            b = shorter;
            (floorA, floorB) = (floorB, floorA);
            (countA, countB) = (countB, countA);
        }

        double below = smallest / SmallestAbove(b, countB, floorB);
        return below > 0 && AnyBetween(a, countA, floorA, T.CreateSaturating(below));
    }

    /// <summary>Whether some element's magnitude lies above <paramref name="floor"/> and below <paramref name="bound"/>
    /// (NaN does not).</summary>
    private static bool AnyBetween<T>(T* data, long count, T floor, T bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long k = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> limit = new(bound), low = new(floor), hits = Vector<T>.Zero;
            for (; k <= count - Vector<T>.Count; k += Vector<T>.Count)
            {
                Vector<T> magnitude = Vector.Abs(Vector.Load(data + k));
                hits = Vector.BitwiseOr(hits, Vector.BitwiseAnd(Vector.LessThan(magnitude, limit), Vector.GreaterThan(magnitude, low)));
            }

            if (!Vector.EqualsAll(Vector.AsVectorByte(hits), Vector<byte>.Zero))
            {
                return true;
            }
        }

        for (; k < count; k++)
        {
            T magnitude = T.Abs(data[k]);
            if (magnitude < bound && magnitude > floor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The smallest magnitude above <paramref name="floor"/> (+∞ where there is none; NaN is ignored).</summary>
    private static double SmallestAbove<T>(T* data, long count, T floor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T least = T.PositiveInfinity;
        long k = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && count >= Vector<T>.Count)
        {
            Vector<T> infinity = new(T.PositiveInfinity), low = new(floor), lanes = infinity;
            for (; k <= count - Vector<T>.Count; k += Vector<T>.Count)
            {
                Vector<T> magnitude = Vector.Abs(Vector.Load(data + k));
                Vector<T> skip = Vector.BitwiseOr(Vector.LessThanOrEqual(magnitude, low), Vector.OnesComplement(Vector.Equals(magnitude, magnitude)));
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
            if (magnitude > floor && magnitude < least)
            {
                least = magnitude;
            }
        }

        return double.CreateTruncating(least);
    }
}
