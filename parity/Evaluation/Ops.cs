namespace AtrousConv.Parity.Evaluation;

/// <summary>The op names of docs/fixture-format.md and narrowing of manifest numbers to the API's <see cref="int"/> arguments.</summary>
public static class Ops
{
    public const string AtrousConv2DTranspose = "atrous_conv2d_transpose";
    public const string Conv2DTranspose = "conv2d_transpose";
    public const string AtrousConv2D = "atrous_conv2d";

    /// <summary>A manifest number as the API's <see cref="int"/>, or <see cref="NotExpressibleException"/>.</summary>
    /// <param name="value">The number.</param>
    /// <param name="what">What it is, for the message.</param>
    /// <returns>The same number as an int.</returns>
    public static int ToInt(long? value, string what) =>
        value is long v && v >= int.MinValue && v <= int.MaxValue ? (int)v
        : throw new NotExpressibleException(value is null ? $"the case has no {what}" : $"{what}={value} does not fit the API's int");

    /// <summary>A <c>[h, w]</c> manifest pair as <see cref="int"/>s.</summary>
    /// <param name="values">The pair; <see langword="null"/> gives <paramref name="whenAbsent"/>.</param>
    /// <param name="what">What it is, for the message.</param>
    /// <param name="whenAbsent">The value when the key is missing, or <see langword="null"/> if it is required.</param>
    /// <returns>The entries as ints.</returns>
    public static int[]? ToInts(IReadOnlyList<long>? values, string what, int[]? whenAbsent) =>
        values is null
            ? whenAbsent ?? throw new NotExpressibleException($"the case has no {what}")
            : values.Select(v => ToInt(v, what)).ToArray();

    /// <summary>A shape as an array (empty when absent, which the library then rejects).</summary>
    /// <param name="shape">The manifest shape.</param>
    /// <returns>The entries.</returns>
    public static long[] Shape(IReadOnlyList<long>? shape) => shape?.ToArray() ?? [];
}
