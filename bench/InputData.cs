namespace AtrousConv.Bench;

/// <summary>
/// Deterministic inputs chosen so that every engine's float32 arithmetic is exact: then the reference, our
/// kernels and ONNX Runtime agree bitwise whatever their summation order, and the 2e-6 tolerance of
/// <see cref="ResultCheck"/> can only trip on a real bug, never on rounding. Timing does not depend on the
/// mantissa bits, only on the magnitude class (normal or subnormal), which the two generators cover.
/// </summary>
internal static class InputData
{
    /// <summary>
    /// Multiples of 2⁻⁸ in [−1, 1]: products of two are multiples of 2⁻¹⁶ below 1, and their sums stay exact in
    /// float32's 24-bit significand while below 2⁸ — E's 2304-term sums have a standard deviation near 16.
    /// </summary>
    public static float[] Dyadic(long count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count];
        for (long k = 0; k < count; k++)
        {
            data[k] = random.Next(-256, 257) / 256f;
        }

        return data;
    }

    /// <summary>
    /// Nonzero subnormals ±k·2⁻¹⁴¹ with 1 ≤ k ≤ 1024, all below float32's smallest normal 2⁻¹²⁶. Times a
    /// <see cref="Dyadic"/> filter they give multiples of 2⁻¹⁴⁹ (float32's subnormal spacing, so exact), and
    /// A's 576-term sums stay below 2⁻¹²⁵, where that spacing still holds: exact, and mostly subnormal too.
    /// </summary>
    public static float[] Subnormal(long count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count];
        for (long k = 0; k < count; k++)
        {
            int magnitude = random.Next(1, 1025);
            data[k] = MathF.ScaleB(random.Next(2) == 0 ? magnitude : -magnitude, -141);
        }

        return data;
    }
}
