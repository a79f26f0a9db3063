namespace AtrousConv.TensorFlow;

/// <summary>
/// The steps a session runs for one (fetches, fed tensors) pair, made once and cached: the operations the
/// fetches need, in dependency order (found with an explicit stack, so a 20,000-deep chain plans and runs without
/// recursion), fed tensors taken as given, the atrous chains fused (<see cref="TFFusion"/>), and each value
/// released after its last use.
/// </summary>
internal sealed class TFPlan
{
    private readonly TFPlanStep[] steps;
    private readonly int[] fetchSlots;
    private readonly Dictionary<TFTensor, int> feedSlots;
    private readonly int slotCount;

    /// <summary>For one fetch, the step that computes its value (through Identity ops), which a run into a
    /// caller's value has write there; -1 when a fed value or several fetches leave no such step.</summary>
    private readonly int producerStep;

    private TFPlan(TFPlanStep[] steps, int[] fetchSlots, Dictionary<TFTensor, int> feedSlots, int slotCount, int producerStep)
    {
        this.steps = steps;
        this.fetchSlots = fetchSlots;
        this.feedSlots = feedSlots;
        this.slotCount = slotCount;
        this.producerStep = producerStep;
    }

    /// <summary>The steps, in order (for tests: which nodes run, which chains are fused).</summary>
    public IReadOnlyList<TFPlanStep> Steps => steps;

    public static TFPlan Create(TFTensor[] fetches, IReadOnlyCollection<TFTensor> fed)
    {
        var feedSet = new HashSet<TFOperation>(fed.Select(t => t.op), ReferenceEqualityComparer.Instance);
        List<TFOperation> order = Order(fetches, feedSet);
        var consumers = new Dictionary<TFOperation, int>(ReferenceEqualityComparer.Instance);
        foreach (TFOperation op in order)
        {
            foreach (TFTensor input in op.InputArray)
            {
                consumers[input.op] = consumers.GetValueOrDefault(input.op) + 1;
            }
        }

        foreach (TFTensor fetch in fetches)
        {
            consumers[fetch.op] = consumers.GetValueOrDefault(fetch.op) + 1;
        }

        // Fuse: the chain's intermediates are consumed once, by the chain, and neither fed nor fetched.
        var fusedAway = new HashSet<TFOperation>(ReferenceEqualityComparer.Instance);
        var chains = new Dictionary<TFOperation, (TFOperation SpaceToBatch, TFOperation Conv)>(ReferenceEqualityComparer.Instance);
        foreach (TFOperation op in order)
        {
            if (TFFusion.Match(op, o => consumers.GetValueOrDefault(o) == 1 && !feedSet.Contains(o)) is { } chain)
            {
                chains[op] = chain;
                fusedAway.Add(chain.SpaceToBatch);
                fusedAway.Add(chain.Conv);
            }
        }

        var slots = new Dictionary<TFOperation, int>(ReferenceEqualityComparer.Instance);
        int Slot(TFOperation op) => slots.TryGetValue(op, out int s) ? s : slots[op] = slots.Count;
        var feedSlots = new Dictionary<TFTensor, int>(ReferenceEqualityComparer.Instance);
        foreach (TFTensor t in fed)
        {
            feedSlots[t] = Slot(t.op);
        }

        var steps = new List<TFPlanStep>();
        foreach (TFOperation op in order)
        {
            if (fusedAway.Contains(op))
            {
                continue;
            }

            if (op.type == "Placeholder")
            {
                TFThrow.MissingFeed(op);
            }

            if (chains.TryGetValue(op, out var chain))
            {
                TFTensor[] ins = [chain.SpaceToBatch.InputArray[0], chain.SpaceToBatch.InputArray[1], chain.SpaceToBatch.InputArray[2], .. chain.Conv.InputArray.Where(t => t.op != chain.SpaceToBatch), op.InputArray[1], op.InputArray[2]];
                steps.Add(new TFPlanStep(op, Slot(op), [.. ins.Select(t => Slot(t.op))], chain.SpaceToBatch, chain.Conv));
            }
            else
            {
                steps.Add(new TFPlanStep(op, Slot(op), [.. op.InputArray.Select(t => Slot(t.op))], null, null));
            }
        }

        TFPlanStep[] array = [.. steps];
        int[] fetchSlots = [.. fetches.Select(f => Slot(f.op))];
        var lastUse = new int[slots.Count];
        Array.Fill(lastUse, -1);
        for (int i = 0; i < array.Length; i++)
        {
            foreach (int s in array[i].InputSlots)
            {
                lastUse[s] = i;
            }
        }

        foreach (int s in fetchSlots)
        {
            lastUse[s] = int.MaxValue;
        }

        for (int i = 0; i < array.Length; i++)
        {
            array[i].Release = [.. array[i].InputSlots.Distinct().Where(s => lastUse[s] == i)];
        }

        return new TFPlan(array, fetchSlots, feedSlots, slots.Count, Producer(array, fetches, feedSet, consumers));
    }

    /// <summary>
    /// The step whose value a single fetch is: the fetch's own step, or through a chain of Identity ops (each the
    /// only consumer of its input) the step before it, unless that one is fed. Every step after it in the plan is
    /// then one of those Identity ops (the others are its ancestors), so writing its value into a caller's array
    /// early changes nothing the run still reads.
    /// </summary>
    private static int Producer(TFPlanStep[] steps, TFTensor[] fetches, HashSet<TFOperation> fed, Dictionary<TFOperation, int> consumers)
    {
        if (fetches.Length != 1 || fed.Contains(fetches[0].op))
        {
            return -1;
        }

        TFOperation op = fetches[0].op;
        while (op.type == "Identity" && op.InputArray[0].op is var input && !fed.Contains(input) && consumers.GetValueOrDefault(input) == 1)
        {
            op = input;
        }

        return Array.FindIndex(steps, s => ReferenceEquals(s.Op, op) && s.WritesInto);
    }

    /// <summary>Runs the steps; with <paramref name="into"/> (one fetch), its value is written into that caller's
    /// value (by the producing kernel where it can, else by a copy) and returned.</summary>
    public TFValue[] Execute(IReadOnlyDictionary<TFTensor, TFValue>? feeds, TFValue? into = null)
    {
        var values = new TFValue?[slotCount];
        foreach ((TFTensor tensor, int slot) in feedSlots)
        {
            values[slot] = feeds![tensor];
        }

        var inputs = new List<TFValue>(8);
        for (int i = 0; i < steps.Length; i++)
        {
            TFPlanStep step = steps[i];
            inputs.Clear();
            foreach (int s in step.InputSlots)
            {
                inputs.Add(values[s]!);
            }

            values[step.Slot] = step.Run([.. inputs], i == producerStep ? into : null);
            foreach (int s in step.Release)
            {
                values[s] = null;
            }
        }

        return into is null ? [.. fetchSlots.Select(s => values[s]!)] : [TFSessionOutput.CopyInto(values[fetchSlots[0]]!, into)];
    }

    /// <summary>Post-order of the operations the fetches need, stopping at fed operations (explicit stack).</summary>
    private static List<TFOperation> Order(TFTensor[] fetches, HashSet<TFOperation> fed)
    {
        var order = new List<TFOperation>();
        var seen = new HashSet<TFOperation>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(TFOperation Op, int Next)>();
        foreach (TFTensor fetch in fetches)
        {
            if (!seen.Add(fetch.op))
            {
                continue;
            }

            stack.Push((fetch.op, 0));
            while (stack.Count > 0)
            {
                (TFOperation op, int next) = stack.Pop();
                if (fed.Contains(op))
                {
                    continue;
                }

                if (next < op.InputArray.Length)
                {
                    stack.Push((op, next + 1));
                    TFOperation input = op.InputArray[next].op;
                    if (seen.Add(input))
                    {
                        stack.Push((input, 0));
                    }
                }
                else
                {
                    order.Add(op);
                }
            }
        }

        return order;
    }
}
