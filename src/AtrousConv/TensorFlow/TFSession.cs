using System.Collections.Concurrent;

namespace AtrousConv.TensorFlow;

/// <summary>
/// TensorFlow's <c>tf.Session</c> (TF1 style, as TensorFlow.NET): runs a graph for fetched tensors with values fed
/// for placeholders (or any tensor). Feeds are checked once per run against the tensors' dtype and static shape,
/// with TensorFlow's messages; the plan for each (fetches, fed tensors) pair is made once and cached
/// (<see cref="TFPlan"/>). Runs may be concurrent.
/// </summary>
public sealed class TFSession : IDisposable
{
    private readonly ConcurrentDictionary<string, TFPlan> plans = new(StringComparer.Ordinal);
    private bool closed;

    private readonly ConvolutionOptions? options;

    /// <summary>A session on <paramref name="graph"/> (TensorFlow's <c>tf.Session(graph=...)</c>); <see langword="null"/> for the default graph.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="options">The kernels' threads and variant (TensorFlow's <c>intra_op_parallelism_threads</c>); <see langword="null"/> for the defaults.</param>
    public TFSession(TFGraph? graph = null, ConvolutionOptions? options = null)
    {
        this.graph = graph ?? TFGraph.Default;
        this.options = options;
    }

#pragma warning disable CA1707, IDE1006 // TensorFlow's lower-case names.

    /// <summary>The session's graph.</summary>
    public TFGraph graph { get; }

    /// <summary>Computes <paramref name="fetch"/>.</summary>
    /// <param name="fetch">A tensor of the session's graph.</param>
    /// <param name="feed_dict">Values for placeholders (or other tensors), by tensor.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">A placeholder the fetch needs is not fed ("You must feed a value for placeholder tensor ..."), a fed value has the wrong dtype or shape ("Cannot feed value of shape ..."), a tensor is from another graph, or a kernel rejects the run-time shapes.</exception>
    public TFValue run(TFTensor fetch, IReadOnlyDictionary<TFTensor, TFValue>? feed_dict = null)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        return run([fetch], feed_dict)[0];
    }

    /// <summary>Computes several tensors in one run (shared work computed once).</summary>
    /// <param name="fetches">Tensors of the session's graph.</param>
    /// <param name="feed_dict">Values for placeholders (or other tensors), by tensor.</param>
    /// <returns>One value per fetch, in order.</returns>
    /// <exception cref="ArgumentException">As <see cref="run(TFTensor, IReadOnlyDictionary{TFTensor, TFValue}?)"/>.</exception>
    public TFValue[] run(TFTensor[] fetches, IReadOnlyDictionary<TFTensor, TFValue>? feed_dict = null)
    {
        ArgumentNullException.ThrowIfNull(fetches);
        ObjectDisposedException.ThrowIf(closed, this);
        foreach (TFTensor? fetch in fetches)
        {
            if (fetch is null)
            {
                TFThrow.NullFetch();
            }

            RequireOwn(fetch, nameof(fetches));
        }

        CheckFeeds(feed_dict);
        TFPlan plan = Plan(fetches, feed_dict?.Keys.ToArray() ?? []);
        using (TFRunOptions.Enter(options))
        {
            return plan.Execute(feed_dict);
        }
    }

    /// <summary>
    /// Computes <paramref name="fetch"/> into <paramref name="output"/>'s array instead of a new one (not in
    /// TensorFlow, whose runs always return new arrays; as ONNX Runtime's pre-allocated outputs): a loop of runs
    /// then allocates no result. The kernel that computes the fetch (through Identity ops) writes there directly;
    /// any other fetch is copied there. If the array is also one of that kernel's inputs, the result is computed
    /// first and then copied, so the run reads the inputs it was given.
    /// </summary>
    /// <param name="fetch">A tensor of the session's graph.</param>
    /// <param name="feed_dict">Values for placeholders (or other tensors), by tensor.</param>
    /// <param name="output">Gets the result: its dtype and shape must be the fetch's at this run; its array is overwritten.</param>
    /// <exception cref="ArgumentException">As <see cref="run(TFTensor, IReadOnlyDictionary{TFTensor, TFValue}?)"/>, or
    /// <paramref name="output"/>'s dtype or shape is not the result's (checked before anything is written into it).</exception>
    public void run(TFTensor fetch, IReadOnlyDictionary<TFTensor, TFValue>? feed_dict, TFValue output)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(closed, this);
        RequireOwn(fetch, nameof(fetch));
        TFSessionOutput.RequireFits(output, fetch);
        CheckFeeds(feed_dict);
        TFPlan plan = Plan([fetch], feed_dict?.Keys.ToArray() ?? []);
        using (TFRunOptions.Enter(options))
        {
            plan.Execute(feed_dict, output);
        }
    }

    /// <summary>Closes the session (TensorFlow's <c>close()</c>); later runs throw.</summary>
    public void close() => closed = true;

#pragma warning restore CA1707, IDE1006

    /// <inheritdoc/>
    public void Dispose() => close();

    /// <summary>The cached plan for these fetches and fed tensors (tests inspect it).</summary>
    internal TFPlan Plan(TFTensor[] fetches, IReadOnlyCollection<TFTensor> fed)
    {
        string key = string.Join(",", fetches.Select(f => f.name)) + "|" + string.Join(",", fed.Select(f => f.name).Order(StringComparer.Ordinal));
        return plans.GetOrAdd(key, _ => TFPlan.Create(fetches, fed));
    }

    private void CheckFeeds(IReadOnlyDictionary<TFTensor, TFValue>? feeds)
    {
        if (feeds is null)
        {
            return;
        }

        foreach ((TFTensor tensor, TFValue value) in feeds)
        {
            RequireOwn(tensor, "feed_dict");
            if (value is null)
            {
                TFThrow.NullFeed(tensor);
            }

            if (value.dtype != tensor.dtype)
            {
                TFThrow.FeedDType(tensor, value.dtype);
            }

            if (!TFShapes.Compatible(tensor.Dims, value.Dims))
            {
                TFThrow.FeedShape(tensor, value.Dims);
            }
        }
    }

    private void RequireOwn(TFTensor tensor, string paramName)
    {
        if (!ReferenceEquals(tensor.graph, graph))
        {
            TFThrow.NotInSessionGraph(paramName, tensor);
        }
    }
}
