namespace AtrousConv.TensorFlow;

/// <summary>
/// A gradient function: given an operation and the gradient of the loss with respect to its output, the gradients
/// with respect to each of its inputs (<see langword="null"/> where an input gets none), built as new nodes.
/// </summary>
/// <param name="op">The operation.</param>
/// <param name="grad">d loss / d op.output.</param>
/// <returns>One entry per input of <paramref name="op"/>.</returns>
public delegate TFTensor?[] TFGradientFunction(TFOperation op, TFTensor grad);

/// <summary>
/// The gradient registry, as TensorFlow's <c>RegisterGradient</c>: one function per op type, registered as
/// TensorFlow registers them — SpaceToBatchND and BatchToSpaceND are each other's gradient; Conv2DBackpropInput's
/// are a Conv2DBackpropFilter and a Conv2D; Conv2D's a Conv2DBackpropInput and a Conv2DBackpropFilter;
/// Conv2DBackpropFilter's a Conv2DBackpropInput and a Conv2D; Identity passes through; AddN fans out; the int32
/// shape ops are not differentiable. <see cref="tf.gradients"/> walks the graph backwards through them.
/// </summary>
public static class TFGradients
{
    private static readonly HashSet<string> NotDifferentiable = new(StringComparer.Ordinal)
    {
        "Const", "Placeholder", "Shape", "StridedSlice", "Pack", "Fill", "AddV2", "Sub", "Mul", "FloorDiv", "FloorMod",
    };

    private static readonly Dictionary<string, TFGradientFunction> Registry = new(StringComparer.Ordinal)
    {
        ["Conv2DBackpropInput"] = BackpropInput,
        ["Conv2D"] = Conv2D,
        ["Conv2DBackpropFilter"] = BackpropFilter,
        ["SpaceToBatchND"] = (op, grad) => [SpaceBatch(op, "BatchToSpaceND", grad), null, null],
        ["BatchToSpaceND"] = (op, grad) => [SpaceBatch(op, "SpaceToBatchND", grad), null, null],
        ["Identity"] = (_, grad) => [grad],
        ["AddN"] = (op, grad) => [.. op.inputs.Select(_ => grad)],
    };

    private static readonly Lock Sync = new();

    /// <summary>Registers (or replaces) the gradient function of an op type.</summary>
    /// <param name="opType">The op type (<c>Conv2DBackpropInput</c>, …).</param>
    /// <param name="function">Its gradient.</param>
    public static void Register(string opType, TFGradientFunction function)
    {
        ArgumentNullException.ThrowIfNull(opType);
        ArgumentNullException.ThrowIfNull(function);
        lock (Sync)
        {
            Registry[opType] = function;
        }
    }

    /// <summary>The gradient function registered for <paramref name="opType"/>, or <see langword="null"/>.</summary>
    /// <param name="opType">The op type.</param>
    /// <returns>The function.</returns>
    public static TFGradientFunction? Lookup(string opType)
    {
        lock (Sync)
        {
            return Registry.GetValueOrDefault(opType);
        }
    }

    /// <summary>TensorFlow's <c>_Conv2DBackpropInputGrad</c>: [None, Conv2DBackpropFilter(grad, shape(filter), out_backprop), Conv2D(grad, filter)].</summary>
    private static TFTensor?[] BackpropInput(TFOperation op, TFTensor grad)
    {
        TFGraph g = op.graph;
        TFTensor filter = op.inputs[1], outBackprop = op.inputs[2];
        TFTensor dFilter = TFConvBuild.BackpropFilter(g, g.UniqueName("Conv2DBackpropFilter"), grad, ShapeOf(filter), outBackprop, TFConvBuild.SameAttrs(op, grad.dtype), op.Geometry);
        TFTensor dOut = TFConvBuild.Conv2D(g, g.UniqueName("Conv2D"), grad, filter, TFConvBuild.SameAttrs(op, grad.dtype), op.Geometry);
        return [null, dFilter, dOut];
    }

    /// <summary>TensorFlow's <c>_Conv2DGrad</c>: [Conv2DBackpropInput(shape(input), filter, grad), Conv2DBackpropFilter(input, shape(filter), grad)].</summary>
    private static TFTensor?[] Conv2D(TFOperation op, TFTensor grad)
    {
        TFGraph g = op.graph;
        TFTensor input = op.inputs[0], filter = op.inputs[1];
        TFTensor dInput = TFConvBuild.BackpropInput(g, g.UniqueName("Conv2DBackpropInput"), ShapeOf(input), filter, grad, TFConvBuild.SameAttrs(op, grad.dtype), op.Geometry);
        TFTensor dFilter = TFConvBuild.BackpropFilter(g, g.UniqueName("Conv2DBackpropFilter"), input, ShapeOf(filter), grad, TFConvBuild.SameAttrs(op, grad.dtype), op.Geometry);
        return [dInput, dFilter];
    }

    /// <summary>TensorFlow's <c>_Conv2DBackpropFilterGrad</c>: [Conv2DBackpropInput(shape(input), grad, out_backprop), None, Conv2D(input, grad)].</summary>
    private static TFTensor?[] BackpropFilter(TFOperation op, TFTensor grad)
    {
        TFGraph g = op.graph;
        TFTensor input = op.inputs[0], outBackprop = op.inputs[2];
        TFTensor dInput = TFConvBuild.BackpropInput(g, g.UniqueName("Conv2DBackpropInput"), ShapeOf(input), grad, outBackprop, TFConvBuild.SameAttrs(op, grad.dtype), op.Geometry);
        TFTensor dOut = TFConvBuild.Conv2D(g, g.UniqueName("Conv2D"), input, grad, TFConvBuild.SameAttrs(op, grad.dtype), op.Geometry);
        return [dInput, null, dOut];
    }

    private static TFTensor SpaceBatch(TFOperation op, string type, TFTensor grad)
    {
        TFGraph g = op.graph;
        TFTensor block = op.inputs[1], pads = op.inputs[2];
        return TFBuild.Node(g, g.UniqueName(type), type, [grad, block, pads], new(StringComparer.Ordinal)
        {
            ["T"] = grad.dtype,
            ["Tblock_shape"] = block.dtype,
            [type == "SpaceToBatchND" ? "Tpaddings" : "Tcrops"] = pads.dtype,
        });
    }

    private static TFTensor ShapeOf(TFTensor t) => tf.shape(t);

    /// <summary>Reverse-mode accumulation over the operations between <paramref name="xs"/> and <paramref name="ys"/>, with explicit stacks (no recursion).</summary>
    internal static TFTensor?[] Compute(TFTensor ys, TFTensor[] xs, TFTensor? gradYs)
    {
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(xs);
        for (int i = 0; i < xs.Length; i++)
        {
            if (xs[i] is null)
            {
                TFThrow.NullX(i);
            }

            TFBuild.GraphOf(nameof(xs), [ys, xs[i]]);
        }

        TFGraph g = ys.graph;
        if (gradYs is not null)
        {
            TFBuild.GraphOf("grad_ys", ys, gradYs);
            if (gradYs.dtype != ys.dtype || gradYs.rank != ys.rank || (gradYs.Dims is { } gd && ys.Dims is { } yd && !TFShapes.Compatible(yd, gd)))
            {
                TFThrow.GradYsMismatch(ys, gradYs);
            }
        }

        List<TFOperation> order = ReversePostOrder(ys.op);
        HashSet<TFOperation> between = Between(order, xs);
        using (g.name_scope("gradients"))
        {
            gradYs ??= Ones(g, ys);
            var grads = new Dictionary<TFTensor, List<TFTensor>>(ReferenceEqualityComparer.Instance) { [ys] = [gradYs] };
            foreach (TFOperation op in order)
            {
                if (!between.Contains(op) || !grads.TryGetValue(op.output, out List<TFTensor>? terms) || NotDifferentiable.Contains(op.type))
                {
                    continue;
                }

                TFTensor grad = Sum(g, op.output, terms, grads);
                TFGradientFunction function = Lookup(op.type) ?? NoGradient(op);
                TFTensor?[] inputGrads;
                using (g.EnterScope(g.UniqueName(op.name + "_grad") + "/"))
                {
                    inputGrads = function(op, grad);
                }

                if (inputGrads is null || inputGrads.Length != op.inputs.Count)
                {
                    TFThrow.GradientCount(op, inputGrads?.Length ?? 0);
                }

                for (int i = 0; i < op.inputs.Count; i++)
                {
                    if (inputGrads[i] is { } gi)
                    {
                        if (!grads.TryGetValue(op.inputs[i], out List<TFTensor>? list))
                        {
                            grads[op.inputs[i]] = list = [];
                        }

                        list.Add(gi);
                    }
                }
            }

            return [.. xs.Select(x => grads.TryGetValue(x, out List<TFTensor>? terms) ? Sum(g, x, terms, grads) : null)];
        }
    }

    /// <summary>The operations ys depends on, each after every operation that consumes it (a reversed post-order, explicit stack).</summary>
    private static List<TFOperation> ReversePostOrder(TFOperation root)
    {
        var order = new List<TFOperation>();
        var seen = new HashSet<TFOperation>(ReferenceEqualityComparer.Instance) { root };
        var stack = new Stack<(TFOperation Op, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            (TFOperation op, int next) = stack.Pop();
            if (next < op.InputArray.Length)
            {
                stack.Push((op, next + 1));
                if (seen.Add(op.InputArray[next].op))
                {
                    stack.Push((op.InputArray[next].op, 0));
                }
            }
            else
            {
                order.Add(op);
            }
        }

        order.Reverse();
        return order;
    }

    /// <summary>The operations of <paramref name="order"/> that depend on one of <paramref name="xs"/> (or are one's op).</summary>
    private static HashSet<TFOperation> Between(List<TFOperation> order, TFTensor[] xs)
    {
        var between = new HashSet<TFOperation>(xs.Select(x => x.op), ReferenceEqualityComparer.Instance);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            if (order[i].InputArray.Any(t => between.Contains(t.op)))
            {
                between.Add(order[i]);
            }
        }

        return between;
    }

    private static TFTensor Sum(TFGraph g, TFTensor target, List<TFTensor> terms, Dictionary<TFTensor, List<TFTensor>> grads)
    {
        if (terms.Count > 1)
        {
            TFTensor sum = TFBuild.Node(g, g.UniqueName("AddN"), "AddN", [.. terms], new(StringComparer.Ordinal) { ["N"] = (long)terms.Count, ["T"] = terms[0].dtype });
            grads[target] = [sum];
            return sum;
        }

        return terms[0];
    }

    /// <summary>TensorFlow's default <c>grad_ys</c>: <c>Fill(Shape(ys), 1)</c>, so an unknown batch works.</summary>
    private static TFTensor Ones(TFGraph g, TFTensor ys)
    {
        TFValue one = ys.dtype switch
        {
            TFDataType.Float32 => new TFValue(ys.dtype, [], (float[])[1f]),
            TFDataType.Float64 => new TFValue(ys.dtype, [], (double[])[1d]),
            TFDataType.Float16 => new TFValue(ys.dtype, [], (Half[])[(Half)1]),
            TFDataType.BFloat16 => new TFValue(ys.dtype, [], (BFloat16[])[BFloat16.FromSingle(1)]),
            TFDataType.Int32 => new TFValue(ys.dtype, [], (int[])[1]),
            _ => throw new ArgumentException($"ys has dtype {ys.dtype.ToTFName()}, which has no gradient here; expected a float or int32 tensor.", nameof(ys)),
        };
        TFTensor shape = tf.shape(ys);
        TFTensor value = TFBuild.Const(g, "grad_ys_0", one);
        return TFBuild.Node(g, g.UniqueName("Fill"), "Fill", [shape, value], new(StringComparer.Ordinal) { ["T"] = ys.dtype, ["index_type"] = TFDataType.Int32 });
    }

    private static TFGradientFunction NoGradient(TFOperation op)
    {
        TFThrow.NoGradient(op);
        return null!;
    }
}
