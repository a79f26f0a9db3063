namespace AtrousConv.TensorFlow;

/// <summary>
/// A graph of operations, as TensorFlow's <c>tf.Graph</c>: nodes with unique names (<c>name</c>, <c>name_1</c>, …,
/// case-insensitive as TensorFlow's <c>unique_name</c>), name scopes, lookup by name. It holds nodes and their
/// constants only, never computed values. Operations are built in the default graph; <see cref="as_default"/>
/// makes another one the default for a scope, <see cref="tf.reset_default_graph"/> replaces the global one.
/// </summary>
public sealed partial class TFGraph
{
    private static TFGraph global = new();
    private static readonly AsyncLocal<TFGraph?> Current = new();
    private readonly Dictionary<string, int> usedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TFOperation> byName = new(StringComparer.Ordinal);
    private readonly List<TFOperation> operations = [];
    private readonly AsyncLocal<string?> scope = new();
    private readonly Lock sync = new();

    /// <summary>The graph operations are built in now.</summary>
    public static TFGraph Default => Current.Value ?? Volatile.Read(ref global);

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

    /// <summary>The current name scope with its trailing slash (empty at the top).</summary>
    internal string ScopePrefix => scope.Value ?? "";

#pragma warning disable CA1707, IDE1006 // TensorFlow's names.

    /// <summary>Makes this graph the default until the returned scope is disposed (TensorFlow's <c>with g.as_default():</c>).</summary>
    /// <returns>The scope.</returns>
    public IDisposable as_default()
    {
        TFGraph? previous = Current.Value;
        Current.Value = this;
        return new Restore(() => Current.Value = previous);
    }

    /// <summary>The operations, in the order they were built.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<TFOperation> get_operations() => Operations;

    /// <summary>The operation named <paramref name="name"/>.</summary>
    /// <param name="name">A node name (<c>import/value</c>).</param>
    /// <returns>The operation.</returns>
    /// <exception cref="KeyError">No such operation.</exception>
    public TFOperation get_operation_by_name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(name) ?? Missing(name, "an operation");
    }

    /// <summary>The tensor named <paramref name="name"/> (<c>op_name:0</c>).</summary>
    /// <param name="name">A tensor name.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="KeyError">No such tensor.</exception>
    /// <exception cref="ArgumentException">The name is not of the form <c>op_name:index</c>.</exception>
    public TFTensor get_tensor_by_name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int colon = name.LastIndexOf(':');
        if (colon < 0)
        {
            TFThrow.NotATensorName(name);
        }

        TFOperation op = Find(name[..colon]) ?? Missing(name, "a Tensor");
        return name[(colon + 1)..] == "0" ? op.output : MissingTensor(name);
    }

    /// <summary>A name scope (TensorFlow's <c>with tf.name_scope(name):</c>): names built inside get <c>scope/</c> in front.</summary>
    /// <param name="name">The scope name, made unique in the graph.</param>
    /// <returns>The scope; dispose it to leave.</returns>
    public IDisposable name_scope(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? previous = scope.Value;
        scope.Value = UniqueName(name) + "/";
        return new Restore(() => scope.Value = previous);
    }

#pragma warning restore CA1707, IDE1006

    /// <summary>Replaces the global default graph (only outside every <see cref="as_default"/> scope).</summary>
    internal static void ResetGlobal()
    {
        if (Current.Value is not null)
        {
            TFThrow.NestedReset();
        }

        Volatile.Write(ref global, new TFGraph());
    }

    /// <summary>Enters <paramref name="prefix"/> (ending in '/') as the name scope, as it is (already unique).</summary>
    internal IDisposable EnterScope(string prefix)
    {
        string? previous = scope.Value;
        scope.Value = prefix;
        return new Restore(() => scope.Value = previous);
    }

    /// <summary>TensorFlow's <c>unique_name</c> of <paramref name="name"/> in the current name scope.</summary>
    internal string UniqueName(string name)
    {
        string full = ScopePrefix + name;
        lock (sync)
        {
            string key = full.ToLowerInvariant();
            if (!usedNames.TryGetValue(key, out int count))
            {
                usedNames[key] = 1;
                return full;
            }

            string candidate;
            do
            {
                candidate = $"{full}_{count}";
                count++;
            }
            while (usedNames.ContainsKey(candidate.ToLowerInvariant()));

            usedNames[key] = count;
            usedNames[candidate.ToLowerInvariant()] = 1;
            return candidate;
        }
    }

    /// <summary>Whether <paramref name="name"/> is taken as a node or scope name.</summary>
    internal bool IsUsed(string name)
    {
        lock (sync)
        {
            return usedNames.ContainsKey(name.ToLowerInvariant());
        }
    }

    /// <summary>Adds a node named <paramref name="name"/> (already unique) with TensorFlow's same-graph check on its inputs.</summary>
    internal TFOperation AddOperation(string name, TFOpDef def, TFTensor[] inputs, Dictionary<string, object> attrs, Conv2DTransposeGeometry? geometry = null)
    {
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!ReferenceEquals(inputs[i].graph, this))
            {
                TFThrow.DifferentGraphs(nameof(inputs), inputs[i], ReferenceEquals(inputs[0].graph, this) ? inputs[0] : inputs[^1]);
            }
        }

        var op = new TFOperation(this, name, def, inputs, attrs, geometry);
        lock (sync)
        {
            if (!byName.TryAdd(name, op))
            {
                TFThrow.DuplicateNode(name);
            }

            usedNames.TryAdd(name.ToLowerInvariant(), 1);
            operations.Add(op);
        }

        return op;
    }

    private TFOperation? Find(string name)
    {
        lock (sync)
        {
            return byName.GetValueOrDefault(name);
        }
    }

    private static TFOperation Missing(string name, string what)
    {
        TFThrow.UnknownName(name, what);
        return null!;
    }

    private static TFTensor MissingTensor(string name)
    {
        TFThrow.UnknownName(name, "a Tensor");
        return null!;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
