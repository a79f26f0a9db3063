using System.Globalization;
using System.Numerics.Tensors;
using CsCheck;

namespace AtrousConv.Tests;

/// <summary>
/// NaN and ±Inf in value, filters or the upstream gradient (docs/aliasing-and-special-values.md): every kernel
/// variant at every thread count gives the same bits as the scalar kernel, and the reference's values (NaN where
/// the reference has NaN, else the same bits). A tap that falls outside the image adds nothing, so a non-finite
/// filter tap reaches only the outputs it lands on from a real pixel.
/// </summary>
[TestClass]
public sealed class PropertySpecialValueTests
{
    private static readonly float[] Specials = [float.PositiveInfinity, float.NegativeInfinity, float.NaN];

    public enum Direction
    {
        Transpose,
        Forward,
        FilterGradient,
    }

    public sealed record SpecialCase(Direction Direction, long[] Value, long[] Filters, int[] Strides, int[] Dilations, Padding Padding, int Seed, int SpecialCount)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Direction} value [{string.Join(", ", Value)}] filters [{string.Join(", ", Filters)}] strides [{string.Join(", ", Strides)}] dilations [{string.Join(", ", Dilations)}] {Padding} seed {Seed} specials {SpecialCount}");
    }

    public static IEnumerable<object[]> ElementTypes() => [[typeof(float)], [typeof(double)], [typeof(Half)], [typeof(BFloat16)]];

    [TestMethod]
    [DynamicData(nameof(ElementTypes))]
    public void NonFiniteValuesPropagateAlikeInEveryVariant(Type elementType)
    {
        Gen<SpecialCase> gen =
            from direction in Gen.Enum<Direction>()
            from n in Gen.Int[1, 2]
            from h in Gen.Int[1, 7]
            from w in Gen.Int[1, 7]
            from cin in Gen.Int[1, 4]
            from cout in Gen.Int[1, 4]
            from kh in Gen.Int[1, 3]
            from kw in Gen.Int[1, 3]
            from s in Gen.Int[1, 2]
            from d in Gen.Int[1, 3]
            from same in Gen.Bool
            from seed in Gen.Int
            from specials in Gen.Int[1, 3]
            select new SpecialCase(direction, [n, h, w, cin], [kh, kw, cout, cin], [s, s], [d, d], same ? Padding.Same : Padding.Valid, seed, specials);
        string? disagreement = null;
        gen.Sample(
            c =>
            {
                string? problem = elementType == typeof(float) ? Check<float>(c)
                    : elementType == typeof(double) ? Check<double>(c)
                    : elementType == typeof(Half) ? Check<Half>(c)
                    : Check<BFloat16>(c);
                if (problem is not null)
                {
                    Interlocked.CompareExchange(ref disagreement, $"{elementType.Name} {c}: {problem}", null);
                }
            },
            seed: PropertySettings.Seed,
            iter: Math.Max(200, PropertySettings.Cases / 10),
            threads: 1);
        if (disagreement is not null)
        {
            Assert.Fail(disagreement);
        }
    }

    /// <summary>Runs the case at every variant and thread count; returns the first disagreement, or null.</summary>
    private static string? Check<T>(SpecialCase c)
        where T : unmanaged
    {
        long[] output;
        try
        {
            output = c.Direction == Direction.Forward
                ? Conv2DTransposeGeometry.ForConv2D(c.Value, [c.Filters[0], c.Filters[1], c.Filters[3], c.Filters[2]], c.Strides[0], c.Strides[1], c.Dilations[0], c.Dilations[1], c.Padding).ValueShape
                : Conv2DTransposeGeometry.InferOutputShape(c.Value, c.Filters, c.Strides[0], c.Strides[1], c.Dilations[0], c.Dilations[1], c.Padding);
        }
        catch (ArgumentException)
        {
            return null; // an invalid shape: nothing to propagate
        }

        var random = new Random(c.Seed);
        T[] value = WithSpecials<T>(c.Value, random, c.SpecialCount), filters = WithSpecials<T>(c.Filters, random, c.SpecialCount), grad = WithSpecials<T>(output, random, c.SpecialCount);
        // The reference and the scalar kernel first (the registry lists the widest variant first), then every fast variant.
        T[] reference = Run(c, value, filters, grad, output, new ConvolutionOptions { Kernel = KernelVariant.Reference, MaxDegreeOfParallelism = 1 });
        T[] scalar = Run(c, value, filters, grad, output, new ConvolutionOptions { Kernel = KernelVariant.Scalar, MaxDegreeOfParallelism = 1 });
        foreach (KernelVariant variant in Variants.Fast)
        {
            foreach (int threads in PropertySettings.ThreadCounts)
            {
                T[] result = Run(c, value, filters, grad, output, new ConvolutionOptions { Kernel = variant, MaxDegreeOfParallelism = threads });
                string? problem = Compare(result, scalar, bitwiseNaN: true) ?? Compare(result, reference, bitwiseNaN: false);
                if (problem is not null)
                {
                    return $"{variant} x{threads}: {problem}";
                }
            }
        }

        return null;
    }

    private static T[] Run<T>(SpecialCase c, T[] value, T[] filters, T[] grad, long[] output, ConvolutionOptions options)
        where T : unmanaged
    {
        ReadOnlyTensorSpan<T> v = TestData.Span(value, c.Value);
        return c.Direction switch
        {
            Direction.Transpose => TestData.Flat(Convolution.Conv2DTranspose(v, TestData.Span(filters, c.Filters), output, c.Strides, c.Padding, c.Dilations, options)),
            Direction.Forward => TestData.Flat(Convolution.Conv2D(
                v, TestData.Span(filters, [c.Filters[0], c.Filters[1], c.Filters[3], c.Filters[2]]), c.Strides, c.Padding, c.Dilations, options)),
            _ => TestData.Flat(Convolution.Conv2DTransposeFilterGradient(v, TestData.Span(grad, output), c.Filters, c.Strides, c.Padding, c.Dilations, options)),
        };
    }

    /// <summary>Small integers (exact sums) with a few NaN and ±Inf at random places.</summary>
    private static T[] WithSpecials<T>(long[] shape, Random random, int specials)
    {
        var data = new float[TestData.Count(shape)];
        for (int k = 0; k < data.Length; k++)
        {
            data[k] = random.Next(-3, 4);
        }

        for (int s = 0; s < specials && data.Length > 0; s++)
        {
            data[random.Next(data.Length)] = Specials[random.Next(Specials.Length)];
        }

        return Array.ConvertAll(data, x =>
            typeof(T) == typeof(float) ? (T)(object)x
            : typeof(T) == typeof(double) ? (T)(object)(double)x
            : typeof(T) == typeof(Half) ? (T)(object)(Half)x
            : (T)(object)(BFloat16)x);
    }

    /// <summary>
    /// Null when equal. Against the scalar kernel: the same bits (NaN payloads and signed zeros included). Against
    /// the reference, which sums in another order and precision: NaN where it has NaN, else the same value.
    /// </summary>
    private static string? Compare<T>(T[] actual, T[] expected, bool bitwiseNaN)
        where T : unmanaged
    {
        for (int k = 0; k < actual.Length; k++)
        {
            double a = ToDouble(actual[k]), e = ToDouble(expected[k]);
            bool same = bitwiseNaN ? BitsEqual(actual[k], expected[k]) : (double.IsNaN(a) && double.IsNaN(e)) || a == e;
            if (!same)
            {
                return $"element {k}: {a} where {(bitwiseNaN ? "the scalar kernel" : "the reference")} has {e}";
            }
        }

        return null;
    }

    private static bool BitsEqual<T>(T a, T b)
        where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { a }.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new[] { b }.AsSpan()));

    private static double ToDouble<T>(T x) => x switch
    {
        float s => s,
        double d => d,
        Half h => (double)h,
        BFloat16 b => b.ToSingle(),
        _ => throw new NotSupportedException(typeof(T).Name),
    };
}
