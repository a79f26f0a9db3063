using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>An integer tensor computed from a GraphDef: shape and row-major values.</summary>
internal sealed record GraphFolded(long[] Shape, long[] Values);

/// <summary>
/// Evaluates the integer shape arithmetic TensorFlow writes into a graph when the batch is unknown
/// (<c>Shape</c>, <c>StridedSlice</c>, <c>Pack</c>, <c>AddV2</c>, <c>Sub</c>, <c>Mul</c>, <c>FloorDiv</c>, <c>FloorMod</c>)
/// for a given Placeholder shape, so its computed paddings, sizes and crops can be compared with our constants.
/// Only the forms those graphs use; anything else throws.
/// </summary>
internal static class GraphConstFolding
{
    public static GraphFolded Evaluate(IReadOnlyList<TFNodeDef> nodes, string name, long[] placeholderShape)
    {
        var cache = new Dictionary<string, GraphFolded>(StringComparer.Ordinal);
        return Eval(name);

        GraphFolded Eval(string n)
        {
            if (!cache.TryGetValue(n, out GraphFolded? result))
            {
                result = Fold(nodes.Single(x => x.Name == n), nodes, Eval, placeholderShape);
                cache[n] = result;
            }

            return result;
        }
    }

    private static GraphFolded Fold(TFNodeDef node, IReadOnlyList<TFNodeDef> nodes, Func<string, GraphFolded> eval, long[] placeholderShape)
    {
        GraphFolded In(int k) => eval(node.Inputs[k]);
        return node.Op switch
        {
            "Const" => new GraphFolded(((GraphTensor)node.Attrs["value"]).Shape, ((GraphTensor)node.Attrs["value"]).Int64s),
            "Shape" when nodes.Single(x => x.Name == node.Inputs[0]).Op == "Placeholder" => new GraphFolded([placeholderShape.Length], placeholderShape),
            "StridedSlice" => Slice(node, In(0), In(1)),
            "Pack" => Pack(node, [.. node.Inputs.Select(eval)]),
            "AddV2" => Binary(In(0), In(1), (a, b) => a + b),
            "Sub" => Binary(In(0), In(1), (a, b) => a - b),
            "Mul" => Binary(In(0), In(1), (a, b) => a * b),
            "FloorDiv" => Binary(In(0), In(1), (a, b) => (a / b) - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0)),
            "FloorMod" => Binary(In(0), In(1), (a, b) => ((a % b) + b) % b),
            _ => throw new NotSupportedException($"{node.Name}: op {node.Op} is not folded."),
        };
    }

    /// <summary><c>x[i]</c> of a 1-D tensor: begin <c>[i]</c>, shrink_axis_mask 1, every other mask 0.</summary>
    private static GraphFolded Slice(TFNodeDef node, GraphFolded input, GraphFolded begin)
    {
        bool plainIndex = (long)node.Attrs["shrink_axis_mask"] == 1
            && new[] { "begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask" }.All(m => (long)node.Attrs[m] == 0);
        if (!plainIndex || input.Shape.Length != 1)
        {
            throw new NotSupportedException($"{node.Name}: only x[i] of a 1-D tensor is folded.");
        }

        return new GraphFolded([], [input.Values[begin.Values[0]]]);
    }

    private static GraphFolded Pack(TFNodeDef node, GraphFolded[] parts)
    {
        if ((long)node.Attrs["axis"] != 0 || parts.Any(p => !p.Shape.SequenceEqual(parts[0].Shape)))
        {
            throw new NotSupportedException($"{node.Name}: only Pack along axis 0 of equal shapes is folded.");
        }

        return new GraphFolded([parts.Length, .. parts[0].Shape], [.. parts.SelectMany(p => p.Values)]);
    }

    /// <summary>Elementwise on equal shapes, or with a scalar on either side.</summary>
    private static GraphFolded Binary(GraphFolded a, GraphFolded b, Func<long, long, long> f)
    {
        GraphFolded shape = a.Shape.Length >= b.Shape.Length ? a : b;
        if (a.Shape.Length > 0 && b.Shape.Length > 0 && !a.Shape.SequenceEqual(b.Shape))
        {
            throw new NotSupportedException("Only equal shapes or a scalar operand are folded.");
        }

        return new GraphFolded(shape.Shape, [.. Enumerable.Range(0, shape.Values.Length).Select(k => f(a.Values[a.Values.Length == 1 ? 0 : k], b.Values[b.Values.Length == 1 ? 0 : k]))]);
    }
}
