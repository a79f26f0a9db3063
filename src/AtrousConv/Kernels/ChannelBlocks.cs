namespace AtrousConv.Kernels;

/// <summary>
/// How a convolution cuts its result channels into the blocks its tiles compute: <see cref="LeadBlocks"/> blocks of
/// <see cref="LeadWidth"/> channels first (a kernel's lead tile, <see cref="ITileKernel{T}.LeadNr"/>), then
/// <see cref="TailBlocks"/> blocks of <see cref="Width"/> (its main tile); the last block is padded with zero weights.
/// The packed filters hold, per tap, every block's <c>R × width</c> panel in this order (<see cref="FilterPacker"/>).
/// </summary>
/// <param name="LeadWidth">Channels of a lead block (0 without lead blocks).</param>
/// <param name="LeadBlocks">Number of lead blocks.</param>
/// <param name="Width">Channels of a tail block.</param>
/// <param name="TailBlocks">Number of tail blocks.</param>
internal readonly record struct ChannelBlocks(int LeadWidth, long LeadBlocks, int Width, long TailBlocks)
{
    /// <summary>Every channel in blocks of <paramref name="width"/>.</summary>
    public static ChannelBlocks Uniform(long outputs, int width) => new(0, 0, width, (outputs + width - 1) / width);

    /// <summary>
    /// The split of least estimated cost: <c>m</c> lead blocks cost <paramref name="leadCost"/> each, and the channels
    /// they leave take tail blocks of <paramref name="tailCost"/> each, for every <c>m</c> from none to enough lead
    /// blocks for every channel. Ties keep fewer lead blocks. The loop takes a step per lead block the channels
    /// fill, fewer steps than the result has elements.
    /// </summary>
    public static ChannelBlocks Cheapest(long outputs, int leadWidth, double leadCost, int width, double tailCost)
    {
        ChannelBlocks best = Uniform(outputs, width);
        if (leadWidth <= 0)
        {
            return best;
        }

        double bestCost = best.TailBlocks * tailCost;
        long most = (outputs + leadWidth - 1) / leadWidth;
        for (long m = 1; m <= most; m++)
        {
            long tail = (Math.Max(0, outputs - (m * leadWidth)) + width - 1) / width;
            double cost = (m * leadCost) + (tail * tailCost);
            if (cost < bestCost)
            {
                (best, bestCost) = (new ChannelBlocks(leadWidth, m, width, tail), cost);
            }
        }

        return best;
    }

    /// <summary>Blocks in all.</summary>
    public long Count => LeadBlocks + TailBlocks;

    /// <summary>Channels the blocks span, padding included (saturating: a huge count only fails the budget).</summary>
    public long PaddedOutputs => Budgets.Sum(Budgets.Product(LeadWidth, LeadBlocks), Budgets.Product(Width, TailBlocks));

    /// <summary>Whether <paramref name="block"/> is a lead block.</summary>
    public bool IsLead(long block) => block < LeadBlocks;

    /// <summary>The first channel of <paramref name="block"/>.</summary>
    public long Start(long block) => block < LeadBlocks ? block * LeadWidth : (LeadBlocks * LeadWidth) + ((block - LeadBlocks) * Width);

    /// <summary>The channels of <paramref name="block"/>, padding included.</summary>
    public int WidthOf(long block) => block < LeadBlocks ? LeadWidth : Width;
}
