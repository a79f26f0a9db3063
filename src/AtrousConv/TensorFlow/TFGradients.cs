using AtrousConv.Contract;

namespace AtrousConv.TensorFlow;

/// <summary>
/// A gradient function: given an operation and the gradient of the loss with respect to its output, the gradients
/// with respect to each of its inputs (<see langword="null"/> where an input gets none).
/// </summary>
/// <param name="op">The operation.</param>
/// <param name="grad">d loss / d op.output.</param>
/// <returns>One entry per input of <paramref name="op"/>.</returns>
public delegate TFTensor?[] TFGradientFunction(TFOperation op, TFTensor grad);

/// <summary>
/// The gradient registry, as TensorFlow's <c>RegisterGradient</c>: one function per op kind
/// (<see cref="TFOperation.Kind"/>). The ops of this library register theirs; <see cref="tf.gradients"/> walks the
/// graph backwards through them.
/// </summary>
public static class TFGradients
{
    private static readonly Dictionary<string, TFGradientFunction> Registry = new(StringComparer.Ordinal)
    {
        ["atrous_conv2d_transpose"] = AtrousConv2DTranspose,
        ["conv2d_transpose"] = Conv2DTranspose,
        ["atrous_conv2d"] = AtrousConv2D,
        ["Conv2D"] = Conv2D,
        ["AddN"] = AddN,
    };

    private static readonly Lock Sync = new();

    /// <summary>Registers (or replaces) the gradient function of an op kind.</summary>
    /// <param name="kind">The op kind.</param>
    /// <param name="function">Its gradient.</param>
    public static void Register(string kind, TFGradientFunction function)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(function);
        lock (Sync)
        {
            Registry[kind] = function;
        }
    }

    /// <summary>The gradient function registered for <paramref name="kind"/>, or <see langword="null"/>.</summary>
    /// <param name="kind">The op kind.</param>
    /// <returns>The function.</returns>
    public static TFGradientFunction? Lookup(string kind)
    {
        lock (Sync)
        {
            return Registry.GetValueOrDefault(kind);
        }
    }

    /// <summary>d/d value = atrous_conv2d(grad, filters); d/d filters = Conv2DBackpropFilter(grad, value).</summary>
    private static TFTensor?[] AtrousConv2DTranspose(TFOperation op, TFTensor grad)
    {
        Conv2DTransposeGeometry g = op.Geometry!;
        string scope = $"gradients/{op.name}_grad";
        TFTensor gradValue = tf.nn.atrous_conv2d(grad, op.inputs[1], checked((int)g.DilationHeight), Conv2DTransposeGeometry.PaddingName(g.Padding), scope + "/atrous_conv2d");
        return [gradValue, TFOps.FilterGradient(scope + "/Conv2DBackpropFilter", g, op.inputs[0], grad)];
    }

    /// <summary>d/d input = Conv2D(grad, filters) with the op's strides and dilations; d/d filters = Conv2DBackpropFilter.</summary>
    private static TFTensor?[] Conv2DTranspose(TFOperation op, TFTensor grad)
    {
        Conv2DTransposeGeometry g = op.Geometry!;
        string scope = $"gradients/{op.name}_grad";
        return [TFOps.Conv2D(scope + "/Conv2D", g, grad, op.inputs[1]), TFOps.FilterGradient(scope + "/Conv2DBackpropFilter", g, op.inputs[0], grad)];
    }

    /// <summary>The forward op is the adjoint of a transposed convolution: d/d value is that transposed convolution of
    /// grad, d/d filters its filter gradient with value and upstream gradient exchanged.</summary>
    private static TFTensor?[] AtrousConv2D(TFOperation op, TFTensor grad) => Conv2D(op, grad);

    private static TFTensor?[] Conv2D(TFOperation op, TFTensor grad)
    {
        Conv2DTransposeGeometry g = op.Geometry!;
        string scope = $"gradients/{op.name}_grad";
        string node = TFGraph.Default.UniqueName(scope + "/Conv2DBackpropInput");
        List<TFNodeDef> lowering = TFLowering.ConvTranspose(node, g, grad.dtype, TFOps.NodeName(grad), TFOps.NodeName(op.inputs[1]), g.OutputShape);
        TFTensor gradInput = TFOps.Transpose("conv2d_transpose", lowering, lowering[^1], g, grad, op.inputs[1]);
        return [gradInput, TFOps.FilterGradient(scope + "/Conv2DBackpropFilter", g, grad, op.inputs[0])];
    }

    private static TFTensor?[] AddN(TFOperation op, TFTensor grad) => [.. op.inputs.Select(_ => grad)];

    /// <summary>Reverse-mode accumulation over the operations between <paramref name="ys"/> and <paramref name="xs"/>.</summary>
    internal static TFTensor?[] Compute(TFTensor ys, TFTensor[] xs, TFTensor? gradYs)
    {
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(xs);
        gradYs ??= Ones(ys);
        if (!gradYs.Dims.SequenceEqual(ys.Dims) || gradYs.dtype != ys.dtype)
        {
            ThrowHelper.Argument("grad_ys",
                $"grad_ys has shape {ThrowHelper.Shape(gradYs.Dims)} and dtype {gradYs.dtype.ToTFName()}; expected ys's shape {ThrowHelper.Shape(ys.Dims)} and dtype {ys.dtype.ToTFName()}.");
        }

        // Operations reachable backwards from ys, in an order where each comes after every op that consumes it
        // (a reversed post-order, with an explicit stack: a long chain of ops must not overflow the call stack).
        var order = new List<TFOperation>();
        var seen = new HashSet<TFOperation>();
        var stack = new Stack<(TFOperation Op, int Next)>();
        if (ys.op is { } root && seen.Add(root))
        {
            stack.Push((root, 0));
        }

        while (stack.Count > 0)
        {
            (TFOperation op, int next) = stack.Pop();
            if (next < op.inputs.Count)
            {
                stack.Push((op, next + 1));
                if (op.inputs[next].op is { } input && seen.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(op);
            }
        }

        order.Reverse();

        var grads = new Dictionary<TFTensor, List<TFTensor>>(ReferenceEqualityComparer.Instance) { [ys] = [gradYs] };
        foreach (TFOperation op in order)
        {
            if (!grads.TryGetValue(op.output, out List<TFTensor>? terms))
            {
                continue;
            }

            TFTensor grad = Sum(op.output, terms, grads);
            TFGradientFunction function = Lookup(op.Kind)
                ?? throw new ArgumentException($"No gradient is registered for op kind '{op.Kind}' ({op.name}); register one with TFGradients.Register.", nameof(ys));
            TFTensor?[] inputGrads = function(op, grad);
            if (inputGrads is null || inputGrads.Length != op.inputs.Count)
            {
                throw new ArgumentException(
                    $"The gradient function of op kind '{op.Kind}' ({op.name}) returned {inputGrads?.Length ?? 0} gradients for {op.inputs.Count} inputs; expected one per input (null where none).",
                    nameof(ys));
            }

            for (int i = 0; i < op.inputs.Count; i++)
            {
                if (inputGrads[i] is { } g)
                {
                    if (!grads.TryGetValue(op.inputs[i], out List<TFTensor>? list))
                    {
                        grads[op.inputs[i]] = list = [];
                    }

                    list.Add(g);
                }
            }
        }

        return [.. xs.Select(x => grads.TryGetValue(x, out List<TFTensor>? terms) ? Sum(x, terms, grads) : null)];
    }

    private static TFTensor Sum(TFTensor target, List<TFTensor> terms, Dictionary<TFTensor, List<TFTensor>> grads)
    {
        if (terms.Count > 1)
        {
            TFTensor sum = TFOps.AddN("gradients/AddN", terms);
            grads[target] = [sum];
            return sum;
        }

        return terms[0];
    }

    private static TFTensor Ones(TFTensor like)
    {
        long count = 1;
        foreach (long d in like.Dims)
        {
            count = checked(count * d);
        }

        Array ones = like.dtype switch
        {
            TFDataType.Float32 => Enumerable.Repeat(1f, (int)count).ToArray(),
            TFDataType.Float64 => Enumerable.Repeat(1d, (int)count).ToArray(),
            TFDataType.Float16 => Enumerable.Repeat((Half)1, (int)count).ToArray(),
            TFDataType.BFloat16 => Enumerable.Repeat(BFloat16.FromSingle(1), (int)count).ToArray(),
            TFDataType.Int32 => Enumerable.Repeat(1, (int)count).ToArray(),
            _ => throw new ArgumentException($"ys has dtype {like.dtype.ToTFName()}, which has no gradient here.", nameof(like)),
        };
        return new TFTensor(like.dtype, like.shape, ones, TFGraph.Default.UniqueName("gradients/ones") + ":0");
    }
}
