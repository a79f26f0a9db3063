using System.Globalization;

namespace AtrousConv.Tests;

/// <summary>Every entry point of the .NET face that the property tests call (destination and allocating overloads).</summary>
public enum EntryPoint
{
    Conv2DTransposeInto,
    Conv2DTransposeNew,
    AtrousConv2DTransposeInto,
    AtrousConv2DTransposeNew,
    AtrousConv2DTransposeInferred,
    AtrousConv2DInto,
    AtrousConv2DNew,
    Conv2DNew,
    Conv2DTransposeGradientsInto,
    Conv2DTransposeGradientsNew,
    AtrousConv2DTransposeGradientsInto,
    AtrousConv2DTransposeGradientsNew,
    AtrousConv2DGradientsInto,
    AtrousConv2DGradientsNew,
    Conv2DTransposeFilterGradient,
}

/// <summary>
/// One random call: an entry point, an element type, shapes, rate or strides and dilations, padding, an output or
/// destination shape (right, or off by a little), and the kernel and thread count to run it at. Built from a
/// vector of small integers so CsCheck can shrink a failure to a small call. Most are valid; the rest break one
/// rule or several (sizes, channels, rates, strides, padding, output and destination shapes).
/// </summary>
public sealed record PropertyCase(
    EntryPoint Op,
    Type ElementType,
    long[] Value,
    long[] Filters,
    long[] Output,
    long[] Destination,
    int Rate,
    int[] Strides,
    int[] Dilations,
    Padding Padding,
    KernelVariant Variant,
    int Threads,
    int DataSeed)
{
    private static readonly Type[] ElementTypes = [typeof(float), typeof(double), typeof(Half), typeof(BFloat16), typeof(int)];
    private static readonly int[] Batches = [1, 1, 2, 2, 3, 0];
    private static readonly int[] Rates = [1, 2, 2, 3, 4, 1, 0, -1, 5, 1];
    private static readonly int[] StepSizes = [1, 1, 2, 3, 1, 2, 4, 1, 2, 0];
    private static readonly Padding[] Paddings = [Padding.Same, Padding.Valid, Padding.Same, Padding.Valid, Padding.Same, Padding.Valid, Padding.Same, Padding.Valid, (Padding)7];

    /// <summary>How many integers <see cref="From"/> reads.</summary>
    public const int Genes = 22;

    public static PropertyCase From(int[] r)
    {
        var op = (EntryPoint)(r[0] % 15);
        bool forwardLayout = op is EntryPoint.AtrousConv2DInto or EntryPoint.AtrousConv2DNew or EntryPoint.Conv2DNew
            or EntryPoint.AtrousConv2DGradientsInto or EntryPoint.AtrousConv2DGradientsNew;
        long batch = Batches[r[2] % Batches.Length], h = r[3] % 7, w = r[4] % 7, cin = r[5] % 5, cout = 1 + (r[6] % 4);
        long kh = r[7] % 8 == 7 ? 0 : 1 + (r[7] % 4), kw = 1 + (r[8] % 4);
        cin = r[5] % 9 == 8 ? 0 : 1 + (cin % 4);
        long[] value = [batch, h, w, cin];
        long[] filters = forwardLayout ? [kh, kw, cin, cout] : [kh, kw, cout, cin];
        if (r[9] % 11 == 10)
        {
            // Channels that do not match.
            filters[3] += 1;
        }

        int rate = Rates[r[10] % Rates.Length];
        int[] strides = [StepSizes[r[11] % StepSizes.Length], StepSizes[r[12] % StepSizes.Length]];
        int[] dilations = [StepSizes[r[13] % StepSizes.Length], StepSizes[r[14] % StepSizes.Length]];
        if (r[15] % 13 == 12)
        {
            strides = [1, 1, 1];
        }

        Padding padding = Paddings[r[16] % Paddings.Length];
        long[] output = ResultShape(op, value, filters, rate, strides, dilations, padding);
        output = Perturb(output, r[17], r[18]);
        long[] destination = r[19] % 10 == 9 ? Perturb(output, r[18] + 1, 4) : output;
        KernelVariant variant = Variants.All[r[20] % Variants.All.Count];
        int threads = PropertySettings.ThreadCounts[r[21] % PropertySettings.ThreadCounts.Length];
        return new PropertyCase(op, ElementTypes[r[1] % ElementTypes.Length], value, filters, output, destination, rate, strides, dilations, padding, variant, threads, r[2] + (7 * r[3]));
    }

    /// <summary>The op's result shape when the contract accepts the call; otherwise a plausible guess, so the call goes on to be rejected.</summary>
    private static long[] ResultShape(EntryPoint op, long[] value, long[] filters, int rate, int[] strides, int[] dilations, Padding padding)
    {
        try
        {
            long sh = strides[0], sw = strides[^1], dh = dilations[0], dw = dilations[1];
            return op switch
            {
                EntryPoint.AtrousConv2DInto or EntryPoint.AtrousConv2DNew or EntryPoint.AtrousConv2DGradientsInto or EntryPoint.AtrousConv2DGradientsNew =>
                    Conv2DTransposeGeometry.InferAtrousConv2DOutputShape(value, filters, rate, padding),
                EntryPoint.Conv2DNew => Conv2DTransposeGeometry.ForConv2D(value, filters, sh, sw, dh, dw, padding).ValueShape,
                EntryPoint.AtrousConv2DTransposeInto or EntryPoint.AtrousConv2DTransposeNew or EntryPoint.AtrousConv2DTransposeInferred
                    or EntryPoint.AtrousConv2DTransposeGradientsInto or EntryPoint.AtrousConv2DTransposeGradientsNew =>
                    Conv2DTransposeGeometry.InferAtrousOutputShape(value, filters, rate, padding),
                _ => Conv2DTransposeGeometry.InferOutputShape(value, filters, sh, sw, dh, dw, padding),
            };
        }
        catch (ArgumentException)
        {
            return [value[0], Math.Max(1, value[1]), Math.Max(1, value[2]), Math.Max(1, filters[2])];
        }
    }

    /// <summary>Mostly the shape itself; sometimes one entry off by one (or negative), or a shape of the wrong rank.</summary>
    private static long[] Perturb(long[] shape, int how, int where)
    {
        long[] result = (long[])shape.Clone();
        switch (how % 12)
        {
            case 8 when where % 3 == 0:
                result[where % 4] = -1; // only explicit shape arguments carry it; a span's length cannot be negative
                break;
            case 9:
                result[where % 4] += 1;
                break;
            case 10:
                result[where % 4] = Math.Max(0, result[where % 4] - 1);
                break;
            case 11:
                return where % 2 == 0 ? result[..3] : [.. result, 1];
            default:
                break;
        }

        return result;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Op}<{ElementType.Name}> value {S(Value)} filters {S(Filters)} output {S(Output)} destination {S(Destination)} rate {Rate} strides {S(Strides)} " +
        $"dilations {S(Dilations)} {Padding} {Variant} x{Threads} data {DataSeed}");

    private static string S<T>(T[] values) => "[" + string.Join(", ", values) + "]";
}
