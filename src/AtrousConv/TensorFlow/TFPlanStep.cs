namespace AtrousConv.TensorFlow;

/// <summary>
/// One step of a <see cref="TFPlan"/>: an operation's kernel, or a fused atrous chain (<see cref="SpaceToBatch"/>
/// → <see cref="Conv"/> → <see cref="Op"/>) run as one kernel call when its values are TensorFlow's lowering.
/// </summary>
internal sealed class TFPlanStep
{
    private Fused? last;
    private long fusedRuns;
    private long unfusedRuns;

    public TFPlanStep(TFOperation op, int slot, int[] inputSlots, TFOperation? spaceToBatch, TFOperation? conv)
    {
        Op = op;
        Slot = slot;
        InputSlots = inputSlots;
        SpaceToBatch = spaceToBatch;
        Conv = conv;
    }

    /// <summary>The operation whose value this step produces.</summary>
    public TFOperation Op { get; }

    public int Slot { get; }

    public int[] InputSlots { get; }

    /// <summary>Slots whose last use is this step.</summary>
    public int[] Release { get; set; } = [];

    /// <summary>For a fused chain, its SpaceToBatchND.</summary>
    public TFOperation? SpaceToBatch { get; }

    /// <summary>For a fused chain, its Conv2DBackpropInput or Conv2D.</summary>
    public TFOperation? Conv { get; }

    public bool IsFusedChain => Conv is not null;

    /// <summary>Runs that took the one-kernel path.</summary>
    public long FusedRuns => Interlocked.Read(ref fusedRuns);

    /// <summary>Runs of a fused chain whose values were not TensorFlow's lowering, so its three ops ran.</summary>
    public long UnfusedRuns => Interlocked.Read(ref unfusedRuns);

    /// <summary>Whether the step can write its result into a caller's value without a copy.</summary>
    public bool WritesInto => IsFusedChain || Op.Def.ComputeInto is not null;

    /// <summary>The step's value, or with <paramref name="into"/> its value written into that caller's value (by the
    /// kernel where <see cref="WritesInto"/>, else by a copy; dtype and shape checked first).</summary>
    public TFValue Run(TFValue[] inputs, TFValue? into = null)
    {
        if (Conv is null)
        {
            return into is null ? Op.Def.Compute(Op, inputs)
                : Op.Def.ComputeInto is { } computeInto ? computeInto(Op, inputs, into)
                : TFSessionOutput.CopyInto(Op.Def.Compute(Op, inputs), into);
        }

        // inputs: value, s2b block, paddings, conv's other inputs (sizes+filter, or filter), b2s block, crops.
        bool transpose = Conv.type == "Conv2DBackpropInput";
        TFValue value = inputs[0], paddings = inputs[2], filter = inputs[transpose ? 4 : 3], crops = inputs[^1];
        long[]? sizes = transpose ? inputs[3].ToLongs() : null;
        long r = SpaceToBatch!.InputArray[1].KnownValue![0];
        Fused? f = Volatile.Read(ref last);
        long[] pads = paddings.ToLongs(), cropValues = crops.ToLongs();
        if (f is null || !f.Matches(value.Dims, filter.Dims, pads, sizes, cropValues))
        {
            Conv2DTransposeGeometry? g = TFFusion.Equivalent(transpose, r, value.Dims, filter.Dims, pads, sizes, cropValues);
            f = new Fused((long[])value.Dims.Clone(), (long[])filter.Dims.Clone(), pads, sizes, cropValues, g);
            Volatile.Write(ref last, f);
        }

        if (f.Geometry is { } geometry)
        {
            Interlocked.Increment(ref fusedRuns);
            return TFFusion.Run(transpose, geometry, value, filter, into);
        }

        Interlocked.Increment(ref unfusedRuns);
        TFValue batched = SpaceToBatch.Def.Compute(SpaceToBatch, [value, inputs[1], paddings]);
        TFValue conv = transpose ? Conv.Def.Compute(Conv, [inputs[3], filter, batched]) : Conv.Def.Compute(Conv, [batched, filter]);
        TFValue result = Op.Def.Compute(Op, [conv, inputs[^2], crops]);
        return into is null ? result : TFSessionOutput.CopyInto(result, into);
    }

    /// <summary>The last run's values and what they gave.</summary>
    private sealed record Fused(long[] Value, long[] Filter, long[] Paddings, long[]? Sizes, long[] Crops, Conv2DTransposeGeometry? Geometry)
    {
        public bool Matches(long[] value, long[] filter, long[] paddings, long[]? sizes, long[] crops) =>
            Value.AsSpan().SequenceEqual(value) && Filter.AsSpan().SequenceEqual(filter) && Paddings.AsSpan().SequenceEqual(paddings)
            && (Sizes is null ? sizes is null : sizes is not null && Sizes.AsSpan().SequenceEqual(sizes)) && Crops.AsSpan().SequenceEqual(crops);
    }
}
