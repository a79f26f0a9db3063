using AtrousConv.TensorFlow.Framework;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// TensorFlow's <c>import_graph_def</c> for the op family. Everything is checked before the first node is added:
/// op types and attribute values (NotSupportedException naming the node, the op, the attribute and what is
/// supported), inputs that exist, input counts and dtypes, no cycles (InvalidDataException); then the nodes are
/// added in dependency order (any order in the file), each with shape inference — an inconsistent graph is an
/// InvalidDataException naming the node. No allocation is sized by a shape attribute: only a Const's data is
/// materialised, after its bytes are proven present (<see cref="TFTensorProtoReader"/>).
/// </summary>
internal static class TFGraphDefImport
{
    public static ITensorOrOperation[]? Import(
        TFGraph graph, GraphDef graphDef, IReadOnlyDictionary<string, TFTensor>? inputMap, IReadOnlyList<string>? returnElements, string? name)
    {
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (NodeDef node in graphDef.Node)
        {
            if (!nodes.TryAdd(node.Name, node))
            {
                TFThrow.Malformed(node.Name, "the GraphDef holds two nodes of this name.");
            }
        }

        Dictionary<string, TFTensor> map = InputMap(graph, inputMap, nodes);
        var drafts = new Dictionary<string, TFOperationDraft>(StringComparer.Ordinal);
        foreach (NodeDef node in graphDef.Node)
        {
            drafts[node.Name] = Draft(node);
        }

        List<NodeDef> order = Order(graphDef, nodes, map);
        CheckInputTypes(order, nodes, drafts, map);
        ITensorOrOperation[]? returns = null;
        string prefix = name is "" ? "" : graph.UniqueName(name ?? "import") + "/";
        if (prefix.Length == 0)
        {
            foreach (NodeDef node in order.Where(n => graph.IsUsed(n.Name)))
            {
                TFThrow.ImportNameClash(node.Name);
            }
        }

        var built = new Dictionary<string, TFOperation>(StringComparer.Ordinal);
        foreach (NodeDef node in order)
        {
            TFTensor[] inputs = [.. node.Input.Select(i => Resolve(i, built, map))];
            try
            {
                built[node.Name] = graph.AddOperation(prefix + node.Name, TFOpDefs.Get(node.Op), inputs, drafts[node.Name].Attrs);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                TFThrow.Malformed(node.Name, $"({node.Op}) {e.Message}");
            }
        }

        if (returnElements is not null)
        {
            returns = [.. returnElements.Select(r => ReturnElement(r, built))];
        }

        return returns;
    }

    private static Dictionary<string, TFTensor> InputMap(TFGraph graph, IReadOnlyDictionary<string, TFTensor>? inputMap, Dictionary<string, NodeDef> nodes)
    {
        var map = new Dictionary<string, TFTensor>(StringComparer.Ordinal);
        if (inputMap is null)
        {
            return map;
        }

        string[] missing = [.. inputMap.Keys.Where(k => !nodes.ContainsKey(NodeOf(k)))];
        if (missing.Length > 0)
        {
            TFThrow.InputMapUnknown(missing);
        }

        foreach ((string key, TFTensor tensor) in inputMap)
        {
            if (tensor is null || !ReferenceEquals(tensor.graph, graph))
            {
                TFThrow.InputMapForeign(key);
            }

            if (key.Contains(':', StringComparison.Ordinal) && !key.EndsWith(":0", StringComparison.Ordinal))
            {
                TFThrow.InputMapOutput(key);
            }

            map[NodeOf(key)] = tensor;
        }

        return map;
    }

    private static TFOperationDraft Draft(NodeDef node)
    {
        if (!TFImportSpecs.TryGet(node.Op, out TFAttrSpec[] specs, out _))
        {
            TFThrow.UnsupportedOp(node.Name, node.Op, TFImportSpecs.SupportedOps);
        }

        var attrs = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (string key in node.Attr.Keys)
        {
            if (!key.StartsWith('_') && !specs.Any(s => s.Name == key))
            {
                TFThrow.Unsupported(node.Name, node.Op, $"attribute '{key}'", "(unknown to this op here)", string.Join(", ", specs.Select(s => s.Name)));
            }

            if (key.StartsWith('_') && node.Attr[key].ValueCase == AttrValue.ValueOneofCase.S)
            {
                attrs[key] = node.Attr[key].S.ToStringUtf8();
            }
        }

        foreach (TFAttrSpec spec in specs)
        {
            object value = node.Attr.TryGetValue(spec.Name, out AttrValue? proto)
                ? Convert(node, spec, proto, attrs)
                : spec.Default ?? Missing(node, spec.Name);
            if (!spec.Check(value))
            {
                TFThrow.Unsupported(node.Name, node.Op, $"attribute '{spec.Name}'", Describe(value), spec.Supported);
            }

            attrs[spec.Name] = value;
        }

        return new TFOperationDraft(node.Name, attrs, node.Input.Count);
    }

    private static object Convert(NodeDef node, TFAttrSpec spec, AttrValue proto, Dictionary<string, object> attrs)
    {
        object? value = (spec.Kind, proto.ValueCase) switch
        {
            (TFAttrKind.Type, AttrValue.ValueOneofCase.Type) => TFProtoTypes.FromProto(proto.Type) ?? (object)proto.Type,
            (TFAttrKind.String, AttrValue.ValueOneofCase.S) => proto.S.ToStringUtf8(),
            (TFAttrKind.Bool, AttrValue.ValueOneofCase.B) => proto.B,
            (TFAttrKind.Int, AttrValue.ValueOneofCase.I) => proto.I,
            (TFAttrKind.IntList, AttrValue.ValueOneofCase.List) => proto.List.I.ToArray(),
            (TFAttrKind.Shape, AttrValue.ValueOneofCase.Shape) => new TFShapeAttr(TFGraphDefShapes.Partial(node.Name, proto.Shape, spec.Name)),
            (TFAttrKind.Tensor, AttrValue.ValueOneofCase.Tensor) => attrs.TryGetValue("dtype", out object? d) && d is TFDataType dtype
                ? TFTensorProtoReader.Read(node.Name, proto.Tensor, dtype)
                : null,
            _ => null,
        };
        if (value is DataType unsupported)
        {
            TFThrow.Unsupported(node.Name, node.Op, $"attribute '{spec.Name}'", unsupported.ToString(), spec.Supported);
        }

        if (value is null)
        {
            TFThrow.Malformed(node.Name, $"({node.Op}) attribute '{spec.Name}' is a {proto.ValueCase} value; expected a {spec.Kind} value.");
        }

        return value;
    }

    /// <summary>Kahn's order over data inputs (no recursion); a missing input or a cycle is malformed.</summary>
    private static List<NodeDef> Order(GraphDef graphDef, Dictionary<string, NodeDef> nodes, Dictionary<string, TFTensor> map)
    {
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeDef>>(StringComparer.Ordinal);
        var ready = new Queue<NodeDef>();
        foreach (NodeDef node in graphDef.Node)
        {
            int count = 0;
            foreach (string input in node.Input)
            {
                if (input.StartsWith('^'))
                {
                    TFThrow.Unsupported(node.Name, node.Op, "control input", $"'{input}'", "data inputs only");
                }

                string source = NodeOf(input);
                if (input.Contains(':', StringComparison.Ordinal) && !input.EndsWith(":0", StringComparison.Ordinal))
                {
                    TFThrow.Malformed(node.Name, $"input '{input}' names an output other than 0; these ops have one output.");
                }

                if (map.ContainsKey(source))
                {
                    continue;
                }

                if (!nodes.ContainsKey(source))
                {
                    TFThrow.Malformed(node.Name, $"input '{input}' is not a node of the GraphDef (nor in input_map).");
                }

                count++;
                if (!consumers.TryGetValue(source, out List<NodeDef>? list))
                {
                    consumers[source] = list = [];
                }

                list.Add(node);
            }

            pending[node.Name] = count;
            if (count == 0)
            {
                ready.Enqueue(node);
            }
        }

        var order = new List<NodeDef>(graphDef.Node.Count);
        while (ready.TryDequeue(out NodeDef? node))
        {
            order.Add(node);
            foreach (NodeDef consumer in consumers.GetValueOrDefault(node.Name) ?? [])
            {
                if (--pending[consumer.Name] == 0)
                {
                    ready.Enqueue(consumer);
                }
            }
        }

        if (order.Count != graphDef.Node.Count)
        {
            string inCycle = graphDef.Node.First(n => pending[n.Name] > 0).Name;
            TFThrow.Malformed(inCycle, "the GraphDef has a cycle through this node.");
        }

        return order;
    }

    private static void CheckInputTypes(List<NodeDef> order, Dictionary<string, NodeDef> nodes, Dictionary<string, TFOperationDraft> drafts, Dictionary<string, TFTensor> map)
    {
        foreach (NodeDef node in order)
        {
            TFImportSpecs.TryGet(node.Op, out _, out var expected);
            TFDataType[][] types = expected(drafts[node.Name]);
            if (types.Length != node.Input.Count)
            {
                TFThrow.Malformed(node.Name, $"({node.Op}) has {node.Input.Count} inputs; expected {types.Length}.");
            }

            for (int i = 0; i < types.Length; i++)
            {
                string source = NodeOf(node.Input[i]);
                TFDataType actual = map.TryGetValue(source, out TFTensor? mapped) ? mapped.dtype : OutputType(drafts[source], nodes[source].Op);
                if (Array.IndexOf(types[i], actual) < 0)
                {
                    TFThrow.Malformed(node.Name, $"({node.Op}) input {i} ('{node.Input[i]}') is {actual.ToTFName()}; expected {string.Join(" or ", types[i].Select(t => t.ToTFName()))}.");
                }
            }
        }
    }

    private static TFDataType OutputType(TFOperationDraft draft, string op) => op switch
    {
        "Placeholder" or "Const" => (TFDataType)draft.Attrs["dtype"],
        "Shape" => (TFDataType)draft.Attrs["out_type"],
        _ => (TFDataType)draft.Attrs["T"],
    };

    private static TFTensor Resolve(string input, Dictionary<string, TFOperation> built, Dictionary<string, TFTensor> map)
    {
        string source = NodeOf(input);
        return map.TryGetValue(source, out TFTensor? mapped) ? mapped : built[source].output;
    }

    private static ITensorOrOperation ReturnElement(string element, Dictionary<string, TFOperation> built)
    {
        string source = NodeOf(element);
        if (!built.TryGetValue(source, out TFOperation? op) || (element.Contains(':', StringComparison.Ordinal) && !element.EndsWith(":0", StringComparison.Ordinal)))
        {
            TFThrow.ReturnElementUnknown(element);
            return null!;
        }

        return element.Contains(':', StringComparison.Ordinal) ? op.output : op;
    }

    private static string NodeOf(string input)
    {
        int colon = input.LastIndexOf(':');
        return colon < 0 ? input : input[..colon];
    }

    private static object Missing(NodeDef node, string attr)
    {
        TFThrow.Malformed(node.Name, $"({node.Op}) has no attribute '{attr}', which it requires.");
        return null!;
    }

    private static string Describe(object value) => value switch
    {
        long[] list => "[" + string.Join(", ", list) + "]",
        string s => $"\"{s}\"",
        TFDataType t => TFProtoTypes.ToProto(t).ToString(),
        _ => value.ToString() ?? "",
    };
}
