using System.Numerics.Tensors;

namespace AtrousConv.Fuzz;

/// <summary>
/// Decodes bytes into a call of the .NET face — entry point, element type, shapes, rate or strides and dilations,
/// padding, destination layout, options — and makes it. A rejection must be an ArgumentException (or a derived
/// type): those are caught; every other exception escapes and AFL records a crash. Calls whose valid result would
/// be large (more than 2^22 elements or 2^24 multiply-adds) are skipped, so the fuzzer spends its time on validation.
/// </summary>
internal static class ValidationTarget
{
    private const long MaxElements = 1 << 22;
    private const long MaxWork = 1L << 24;
    private const int Ops = 15;

    public static void Run(ReadOnlySpan<byte> data)
    {
        var input = new FuzzInput(data);
        int op = input.Byte() % Ops;
        switch (input.Byte() % 6)
        {
            case 0: Call<float>(op, ref input); break;
            case 1: Call<double>(op, ref input); break;
            case 2: Call<Half>(op, ref input); break;
            case 3: Call<BFloat16>(op, ref input); break;
            case 4: Call<int>(op, ref input); break;
            default: Call<long>(op, ref input); break; // not a TensorFlow element type: must be rejected
        }
    }

    private static void Call<T>(int op, ref FuzzInput input)
        where T : unmanaged
    {
        long[] valueShape = input.Shape(4), filtersShape = input.Shape(4), outputShape = input.Shape(input.Rank());
        int rate = input.Step();
        int[] strides = input.Steps(), dilations = input.Steps();
        var padding = (Padding)(input.Byte() % 3);
        var options = new ConvolutionOptions
        {
            Kernel = (KernelVariant)(input.Byte() % 6),
            MaxDegreeOfParallelism = new[] { -1, 1, 2, 3, 0, -5 }[input.Byte() % 6],
        };
        byte layout = input.Byte();
        if (Environment.GetEnvironmentVariable("ATROUSCONV_FUZZ_DESCRIBE") is not null)
        {
            // For a finding: what the bytes decode to (set the variable when replaying).
            Console.Error.WriteLine(
                $"op {op} {typeof(T).Name} value [{string.Join(", ", valueShape)}] filters [{string.Join(", ", filtersShape)}] output [{string.Join(", ", outputShape)}] " +
                $"rate {rate} strides [{string.Join(", ", strides)}] dilations [{string.Join(", ", dilations)}] {padding} {options.Kernel} x{options.MaxDegreeOfParallelism} layout {layout}");
        }

        if (!Affordable(op, valueShape, filtersShape, outputShape, rate, strides, dilations, padding))
        {
            return;
        }

        if (!Spans.TryInput(valueShape, out T[] v, out nint[] vl, out nint[] vs)
            || !Spans.TryInput(filtersShape, out T[] f, out nint[] fl, out nint[] fs)
            || !Spans.TryInput(outputShape, out T[] g, out nint[] gl, out nint[] gs)
            || !Spans.TryDestination(outputShape, layout, out T[] d1, out nint[] d1l, out nint[] d1s)
            || !Spans.TryDestination(op >= 8 ? valueShape : outputShape, layout, out T[] gv, out nint[] gvl, out nint[] gvs)
            || !Spans.TryDestination(filtersShape, (byte)(layout >> 1), out T[] gf, out nint[] gfl, out nint[] gfs))
        {
            return; // the BCL cannot make such a span: not a call a user can write
        }

        ReadOnlyTensorSpan<T> value, filters, grad;
        TensorSpan<T> destination, gradValue, gradFilters;
        try
        {
            value = new ReadOnlyTensorSpan<T>(v, vl, vs);
            filters = new ReadOnlyTensorSpan<T>(f, fl, fs);
            grad = new ReadOnlyTensorSpan<T>(g, gl, gs);
            destination = new TensorSpan<T>(d1, d1l, d1s);
            gradValue = new TensorSpan<T>(gv, gvl, gvs);
            gradFilters = new TensorSpan<T>(gf, gfl, gfs);
        }
#pragma warning disable CA1031 // the BCL refusing a span is the harness's limit, not a finding
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        try
        {
            switch (op)
            {
                case 0: Convolution.Conv2DTranspose(value, filters, destination, strides, padding, dilations, options); break;
                case 1: _ = Convolution.Conv2DTranspose(value, filters, outputShape, strides, padding, dilations, options); break;
                case 2: Convolution.AtrousConv2DTranspose(value, filters, destination, rate, padding, options); break;
                case 3: _ = Convolution.AtrousConv2DTranspose(value, filters, outputShape, rate, padding, options); break;
                case 4: _ = Convolution.AtrousConv2DTranspose(value, filters, rate, padding, options); break;
                case 5: Convolution.AtrousConv2D(value, filters, destination, rate, padding, options); break;
                case 6: _ = Convolution.AtrousConv2D(value, filters, rate, padding, options); break;
                case 7: _ = Convolution.Conv2D(value, filters, strides, padding, dilations, options); break;
                case 8: Convolution.Conv2DTransposeGradients(value, filters, grad, gradValue, gradFilters, strides, padding, dilations, options); break;
                case 9: _ = Convolution.Conv2DTransposeGradients(value, filters, grad, strides, padding, dilations, options); break;
                case 10: Convolution.AtrousConv2DTransposeGradients(value, filters, grad, gradValue, gradFilters, rate, padding, options); break;
                case 11: _ = Convolution.AtrousConv2DTransposeGradients(value, filters, grad, rate, padding, options); break;
                case 12: Convolution.AtrousConv2DGradients(value, filters, grad, gradValue, gradFilters, rate, padding, options); break;
                case 13: _ = Convolution.AtrousConv2DGradients(value, filters, grad, rate, padding, options); break;
                default: _ = Convolution.Conv2DTransposeFilterGradient(value, grad, filtersShape, strides, padding, dilations, options); break;
            }
        }
        catch (ArgumentException)
        {
            // rejected as promised
        }
    }

    /// <summary>
    /// Whether a valid call would be small enough to run: asks the contract (itself under test: an exception other
    /// than ArgumentException escapes) for the op's geometry and bounds its sizes and work.
    /// </summary>
    private static bool Affordable(int op, long[] value, long[] filters, long[] output, int rate, int[] strides, int[] dilations, Padding padding)
    {
        Conv2DTransposeGeometry g;
        try
        {
            long sh = strides.Length > 0 ? strides[0] : 1, sw = strides.Length > 1 ? strides[1] : 1;
            long dh = dilations.Length > 0 ? dilations[0] : 1, dw = dilations.Length > 1 ? dilations[1] : 1;
            g = op switch
            {
                2 or 3 or 10 or 11 => Conv2DTransposeGeometry.ForAtrous(value, filters, output, rate, padding),
                4 => Conv2DTransposeGeometry.ForAtrous(value, filters, Conv2DTransposeGeometry.InferAtrousOutputShape(value, filters, rate, padding), rate, padding),
                5 or 6 or 12 or 13 => Conv2DTransposeGeometry.ForAtrousConv2D(value, filters, rate, padding),
                7 => Conv2DTransposeGeometry.ForConv2D(value, filters, sh, sw, dh, dw, padding),
                _ => Conv2DTransposeGeometry.Create(value, filters, output, sh, sw, dh, dw, padding),
            };
        }
        catch (ArgumentException)
        {
            return true; // rejected: the call will be rejected too, cheaply
        }

        if (g.ValueElementCount > MaxElements || g.FilterElementCount > MaxElements || g.OutputElementCount > MaxElements)
        {
            return false;
        }

        Int128 work = (Int128)g.ValueElementCount * g.FilterHeight * g.FilterWidth * g.OutputChannels;
        return g.ValueElementCount == 0 || g.FilterElementCount == 0 || work <= MaxWork;
    }
}
