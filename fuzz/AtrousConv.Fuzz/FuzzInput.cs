namespace AtrousConv.Fuzz;

/// <summary>
/// Reads a fuzzer's bytes as the pieces of a call. Most bytes give small sizes (so valid calls are common and
/// quick); the top of the byte range gives the hostile values of issue 11 (2^31 − 1, 2^60 + 1, long.MaxValue,
/// negatives). Past the end every read is 0.
/// </summary>
internal ref struct FuzzInput(ReadOnlySpan<byte> data)
{
    private static readonly long[] HostileSizes =
    [
        0, 1, 2, 3, 8, 255, 256, 4096, 65535, 65536, int.MaxValue, 1L << 31, 1L << 32, 1L << 40,
        (1L << 60) + 1, 461168601842738688, 1L << 62, long.MaxValue, -1, -2, long.MinValue, 1L << 24, 1L << 27, 20000,
    ];

    private static readonly int[] HostileInts = [int.MaxValue, int.MinValue, -1, 65536, 1 << 30, 1000, 0, 1356819205, -2, 46341];

    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public byte Byte() => position < data.Length ? data[position++] : (byte)0;

    /// <summary>A dimension: 0..7 for most bytes, a hostile size for the top 24.</summary>
    public long Size()
    {
        byte b = Byte();
        return b < 232 ? b % 8 : HostileSizes[b - 232];
    }

    /// <summary>A rate, stride or dilation: 0..4 for most bytes, a hostile int for the top 10.</summary>
    public int Step()
    {
        byte b = Byte();
        return b < 246 ? b % 5 : HostileInts[b - 246];
    }

    public long[] Shape(int rank)
    {
        var shape = new long[rank];
        for (int d = 0; d < rank; d++)
        {
            shape[d] = Size();
        }

        return shape;
    }

    /// <summary>Mostly 4 (NHWC), sometimes 2 (an output_shape of [H, W]), 3 or 5.</summary>
    public int Rank()
    {
        byte b = Byte();
        return b < 220 ? 4 : b < 235 ? 2 : b < 245 ? 3 : 5;
    }

    public int[] Steps()
    {
        byte b = Byte();
        int count = b < 230 ? 2 : b % 4;
        var steps = new int[count];
        for (int k = 0; k < count; k++)
        {
            steps[k] = Step();
        }

        return steps;
    }
}
