using System.Numerics.Tensors;

namespace AtrousConv.Tests;

/// <summary>What one call did: its results (each as doubles) or the exception it threw (type and parameter).</summary>
internal sealed record PropertyOutcome(string? Error, double[][] Results)
{
    public bool Valid => Error is null;

    public static bool Same(PropertyOutcome a, PropertyOutcome b) =>
        a.Error == b.Error && a.Results.Length == b.Results.Length && a.Results.Zip(b.Results).All(p => p.First.SequenceEqual(p.Second));

    public override string ToString() => Error ?? string.Join(" | ", Results.Select(r => "[" + string.Join(", ", r.Take(12)) + (r.Length > 12 ? ", ..." : "") + "]"));
}

/// <summary>
/// Runs a <see cref="PropertyCase"/> on its element type. Inputs are small integers, so every kernel's sums are
/// exact and each variant must give the reference's numbers exactly (a 16-bit result is the same exact sum
/// rounded once). A rejected call must throw an ArgumentException-family exception and leave the destinations
/// as they were; anything else (OverflowException, NullReferenceException, IndexOutOfRangeException, ...) fails.
/// </summary>
internal static class PropertyRunner
{
    private const int Sentinel = 77;

    public static PropertyOutcome Run(PropertyCase c, KernelVariant variant, int threads) => c.ElementType switch
    {
        _ when c.ElementType == typeof(float) => Run<float>(c, variant, threads),
        _ when c.ElementType == typeof(double) => Run<double>(c, variant, threads),
        _ when c.ElementType == typeof(Half) => Run<Half>(c, variant, threads),
        _ when c.ElementType == typeof(BFloat16) => Run<BFloat16>(c, variant, threads),
        _ => Run<int>(c, variant, threads),
    };

    private static PropertyOutcome Run<T>(PropertyCase c, KernelVariant variant, int threads)
        where T : unmanaged
    {
        var options = new ConvolutionOptions { Kernel = variant, MaxDegreeOfParallelism = threads };
        T[] value = Data<T>(c.Value, c.DataSeed), filters = Data<T>(c.Filters, c.DataSeed + 1), grad = Data<T>(c.Output, c.DataSeed + 2);
        var v = Span(value, c.Value);
        var f = Span(filters, c.Filters);
        var g = Span(grad, c.Output);

        // Destinations, prefilled so a write before a rejection shows.
        bool gradientsInto = c.Op is EntryPoint.Conv2DTransposeGradientsInto or EntryPoint.AtrousConv2DTransposeGradientsInto or EntryPoint.AtrousConv2DGradientsInto;
        long[] first = gradientsInto ? c.Value : c.Destination;
        long[] second = c.Destination.SequenceEqual(c.Output) ? c.Filters : [c.Filters[0] + 1, .. c.Filters[1..]];
        T[] d1 = Filled<T>(first), d2 = Filled<T>(second);
        var t1 = new TensorSpan<T>(d1, Lengths(first));
        var t2 = new TensorSpan<T>(d2, Lengths(second));
        try
        {
            T[][] results;
            switch (c.Op)
            {
                case EntryPoint.Conv2DTransposeInto:
                    Convolution.Conv2DTranspose(v, f, t1, c.Strides, c.Padding, c.Dilations, options);
                    results = [d1];
                    break;
                case EntryPoint.Conv2DTransposeNew:
                    results = New(Convolution.Conv2DTranspose(v, f, c.Output, c.Strides, c.Padding, c.Dilations, options));
                    break;
                case EntryPoint.AtrousConv2DTransposeInto:
                    Convolution.AtrousConv2DTranspose(v, f, t1, c.Rate, c.Padding, options);
                    results = [d1];
                    break;
                case EntryPoint.AtrousConv2DTransposeNew:
                    results = New(Convolution.AtrousConv2DTranspose(v, f, c.Output, c.Rate, c.Padding, options));
                    break;
                case EntryPoint.AtrousConv2DTransposeInferred:
                    results = New(Convolution.AtrousConv2DTranspose(v, f, c.Rate, c.Padding, options));
                    break;
                case EntryPoint.AtrousConv2DInto:
                    Convolution.AtrousConv2D(v, f, t1, c.Rate, c.Padding, options);
                    results = [d1];
                    break;
                case EntryPoint.AtrousConv2DNew:
                    results = New(Convolution.AtrousConv2D(v, f, c.Rate, c.Padding, options));
                    break;
                case EntryPoint.Conv2DNew:
                    results = New(Convolution.Conv2D(v, f, c.Strides, c.Padding, c.Dilations, options));
                    break;
                case EntryPoint.Conv2DTransposeGradientsInto:
                    Convolution.Conv2DTransposeGradients(v, f, g, t1, t2, c.Strides, c.Padding, c.Dilations, options);
                    results = [d1, d2];
                    break;
                case EntryPoint.Conv2DTransposeGradientsNew:
                    results = New(Convolution.Conv2DTransposeGradients(v, f, g, c.Strides, c.Padding, c.Dilations, options));
                    break;
                case EntryPoint.AtrousConv2DTransposeGradientsInto:
                    Convolution.AtrousConv2DTransposeGradients(v, f, g, t1, t2, c.Rate, c.Padding, options);
                    results = [d1, d2];
                    break;
                case EntryPoint.AtrousConv2DTransposeGradientsNew:
                    results = New(Convolution.AtrousConv2DTransposeGradients(v, f, g, c.Rate, c.Padding, options));
                    break;
                case EntryPoint.AtrousConv2DGradientsInto:
                    Convolution.AtrousConv2DGradients(v, f, g, t1, t2, c.Rate, c.Padding, options);
                    results = [d1, d2];
                    break;
                case EntryPoint.AtrousConv2DGradientsNew:
                    results = New(Convolution.AtrousConv2DGradients(v, f, g, c.Rate, c.Padding, options));
                    break;
                default:
                    results = New(Convolution.Conv2DTransposeFilterGradient(v, g, c.Filters, c.Strides, c.Padding, c.Dilations, options));
                    break;
            }

            return new PropertyOutcome(null, [.. results.Select(ToDoubles)]);
        }
        catch (ArgumentException e)
        {
            T sentinel = FromInt<T>(Sentinel);
            Assert.IsTrue(d1.All(x => x.Equals(sentinel)) && d2.All(x => x.Equals(sentinel)), $"{c}: a destination was written before {e.GetType().Name}: {e.Message}");
            Assert.IsFalse(string.IsNullOrEmpty(e.ParamName), $"{c}: {e.GetType().Name} names no parameter: {e.Message}");
            return new PropertyOutcome($"{e.GetType().Name}({e.ParamName})", []);
        }
        catch (Exception e)
        {
            throw new AssertFailedException($"{c}: {e.GetType().Name} is outside the ArgumentException family: {e}");
        }
    }

    private static T[][] New<T>(Tensor<T> result) => [TestData.Flat(result)];

    private static T[][] New<T>((Tensor<T> A, Tensor<T> B) results) => [TestData.Flat(results.A), TestData.Flat(results.B)];

    private static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => (nint)Math.Max(0, d));

    private static ReadOnlyTensorSpan<T> Span<T>(T[] data, long[] shape) => new(data, Lengths(shape));

    private static long Count(long[] shape) => shape.Aggregate(1L, (n, d) => n * Math.Max(0, d));

    /// <summary>The small integers a case's operand of <paramref name="shape"/> holds, the same for every element type.</summary>
    public static double[] Ints(long[] shape, int seed)
    {
        var random = new Random(seed);
        var data = new double[Count(shape)];
        for (int k = 0; k < data.Length; k++)
        {
            data[k] = random.Next(-3, 4);
        }

        return data;
    }

    private static T[] Data<T>(long[] shape, int seed) => Array.ConvertAll(Ints(shape, seed), x => FromInt<T>((int)x));

    private static T[] Filled<T>(long[] shape)
    {
        var data = new T[Count(shape)];
        Array.Fill(data, FromInt<T>(Sentinel));
        return data;
    }

    private static T FromInt<T>(int x) =>
        typeof(T) == typeof(float) ? (T)(object)(float)x
        : typeof(T) == typeof(double) ? (T)(object)(double)x
        : typeof(T) == typeof(Half) ? (T)(object)(Half)x
        : typeof(T) == typeof(BFloat16) ? (T)(object)(BFloat16)(float)x
        : (T)(object)x;

    private static double[] ToDoubles<T>(T[] data) => Array.ConvertAll(data, x => x switch
    {
        float s => s,
        double d => d,
        Half h => (double)h,
        BFloat16 b => b.ToSingle(),
        int i => i,
        _ => throw new NotSupportedException(typeof(T).Name),
    });
}
