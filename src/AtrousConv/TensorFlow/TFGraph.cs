namespace AtrousConv.TensorFlow;

/// <summary>
/// A graph: the operations built in it and TensorFlow's unique-name bookkeeping (<c>name</c>, <c>name_1</c>, …).
/// Operations are built in the default graph; <see cref="as_default"/> makes another one the default for a scope.
/// </summary>
public sealed class TFGraph
{
    private static readonly TFGraph Global = new();
    private static readonly AsyncLocal<TFGraph?> Current = new();
    private readonly Dictionary<string, int> usedNames = new(StringComparer.Ordinal);
    private readonly List<TFOperation> operations = [];
    private readonly Lock sync = new();

    /// <summary>The graph operations are built in now.</summary>
    public static TFGraph Default => Current.Value ?? Global;

    /// <summary>The operations built in this graph, in order.</summary>
    public IReadOnlyList<TFOperation> Operations
    {
        get
        {
            lock (sync)
            {
                return [.. operations];
            }
        }
    }

    /// <summary>Makes this graph the default until the returned scope is disposed (TensorFlow's <c>with g.as_default():</c>).</summary>
    /// <returns>The scope.</returns>
#pragma warning disable CA1707 // TensorFlow's name.
    public IDisposable as_default()
#pragma warning restore CA1707
    {
        TFGraph? previous = Current.Value;
        Current.Value = this;
        return new Scope(previous);
    }

    /// <summary>TensorFlow's <c>unique_name</c>: <paramref name="name"/> if unused, else the first free <c>name_1</c>, <c>name_2</c>, …</summary>
    internal string UniqueName(string name)
    {
        lock (sync)
        {
            string key = name.ToLowerInvariant();
            if (!usedNames.TryGetValue(key, out int count))
            {
                usedNames[key] = 1;
                return name;
            }

            string candidate;
            do
            {
                candidate = $"{name}_{count}";
                count++;
            }
            while (usedNames.ContainsKey(candidate.ToLowerInvariant()));

            usedNames[key] = count;
            usedNames[candidate.ToLowerInvariant()] = 1;
            return candidate;
        }
    }

    internal void Add(TFOperation operation)
    {
        lock (sync)
        {
            operations.Add(operation);
        }
    }

    private sealed class Scope(TFGraph? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
