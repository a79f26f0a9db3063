using System.Reflection;
using System.Reflection.Emit;

namespace AtrousConv.Tests;

/// <summary>
/// The layers reach one way (docs/kernel-design.md; faces → contract → kernels): read from the built AtrousConv
/// assembly itself — every type's base types, fields, signatures and every type, method and field token in its
/// method bodies — this fails when kernels use a face or TensorFlow type, the contract uses a kernel, face or
/// TensorFlow type, or the TensorFlow face uses a kernel type directly.
/// </summary>
/// <remarks>
/// Internal types sit in the namespace of their folder (<c>AtrousConv.Contract</c>, <c>AtrousConv.Faces</c>,
/// <c>AtrousConv.Kernels</c>, <c>AtrousConv.TensorFlow</c>). Public types stay in the root namespace <c>AtrousConv</c>
/// where users find them, so those are classified by the folder their source is in, listed below: a new public
/// root type fails <see cref="EveryRootTypeIsClassified"/> until it is added here. The files directly in
/// <c>src/AtrousConv/</c> (<see cref="Padding"/>, <see cref="BFloat16"/>, the options) are vocabulary every layer may use.
/// </remarks>
[TestClass]
public sealed class LayerTests
{
    private enum Layer
    {
        Vocabulary,
        Contract,
        Faces,
        Kernels,
        TensorFlow,
    }

    /// <summary>The root-namespace types, by the folder of their source.</summary>
    private static readonly Dictionary<string, Layer> RootTypes = new()
    {
        ["AtrousConv.Padding"] = Layer.Vocabulary, // src/AtrousConv/Padding.cs
        ["AtrousConv.BFloat16"] = Layer.Vocabulary, // src/AtrousConv/BFloat16.cs
        ["AtrousConv.ConvolutionOptions"] = Layer.Vocabulary, // src/AtrousConv/ConvolutionOptions.cs
        ["AtrousConv.KernelVariant"] = Layer.Vocabulary, // src/AtrousConv/ConvolutionOptions.cs
        ["AtrousConv.Conv2DTransposeGeometry"] = Layer.Contract, // src/AtrousConv/Contract/
        ["AtrousConv.AtrousLowering"] = Layer.Contract, // src/AtrousConv/Contract/
        ["AtrousConv.AtrousConv2DLowering"] = Layer.Contract, // src/AtrousConv/Contract/
        ["AtrousConv.Convolution"] = Layer.Faces, // src/AtrousConv/Faces/
    };

    /// <summary>What each layer must never use.</summary>
    private static readonly Dictionary<Layer, Layer[]> Forbidden = new()
    {
        [Layer.Vocabulary] = [Layer.Contract, Layer.Faces, Layer.Kernels, Layer.TensorFlow],
        [Layer.Contract] = [Layer.Faces, Layer.Kernels, Layer.TensorFlow],
        [Layer.Kernels] = [Layer.Faces, Layer.TensorFlow],
        [Layer.TensorFlow] = [Layer.Kernels],
        [Layer.Faces] = [Layer.TensorFlow],
    };

    private static readonly Assembly Library = typeof(Convolution).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [TestMethod]
    public void EveryRootTypeIsClassified()
    {
        string[] unclassified = [.. Library.GetTypes().Where(t => t.Namespace == "AtrousConv" && !t.IsNested && !RootTypes.ContainsKey(t.FullName!)).Select(t => t.FullName!)];
        Assert.AreEqual(0, unclassified.Length, $"classify these root-namespace types in LayerTests.RootTypes by their source folder: {string.Join(", ", unclassified)}");
    }

    [TestMethod]
    public void LayersReachOnlyDownward()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Type type in Library.GetTypes())
        {
            if (LayerOf(type) is not Layer from)
            {
                continue;
            }

            foreach (Type used in Uses(type))
            {
                if (LayerOf(used) is Layer to && Forbidden[from].Contains(to))
                {
                    violations.Add($"{Outermost(type).FullName} ({from}) uses {used.FullName} ({to})");
                }
            }
        }

        Assert.AreEqual(0, violations.Count, "layer violations:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheScanSeesUsesInsideMethodBodies()
    {
        // The scan must find what only a method body mentions, or the test above would pass vacuously: the .NET face
        // calls the kernels' executor only inside its methods, and the contract's factories throw through ThrowHelper.
        Assert.IsTrue(Uses(typeof(Convolution)).Any(t => t.FullName == "AtrousConv.Kernels.ConvTransposeExecutor"));
        Assert.IsTrue(Uses(typeof(Conv2DTransposeGeometry)).Any(t => t.FullName == "AtrousConv.Contract.ThrowHelper"));
    }

    private static Layer? LayerOf(Type type)
    {
        type = Outermost(type);
        if (type.Assembly != Library)
        {
            return null;
        }

        return type.Namespace switch
        {
            "AtrousConv.Contract" => Layer.Contract,
            "AtrousConv.Faces" => Layer.Faces,
            "AtrousConv.Kernels" => Layer.Kernels,
            "AtrousConv.TensorFlow" => Layer.TensorFlow,
            "AtrousConv" => RootTypes.TryGetValue(type.FullName!, out Layer layer) ? layer : null,
            _ => null, // compiler-generated helpers (<PrivateImplementationDetails>, embedded attributes)
        };
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    /// <summary>Every type <paramref name="type"/> mentions: base types, members' signatures, and its method bodies' tokens.</summary>
    private static HashSet<Type> Uses(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType)
            {
                foreach (Type argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (FieldInfo field in type.GetFields(all))
        {
            Add(field.FieldType);
        }

        foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo m)
            {
                Add(m.ReturnType);
            }

            foreach (ParameterInfo parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            foreach (Type t in BodyTokens(method))
            {
                Add(t);
            }
        }

        return found;
    }

    /// <summary>The declaring and value types of every type, method and field token in a method body.</summary>
    private static IEnumerable<Type> BodyTokens(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int k = 0;
        while (k < il.Length)
        {
            short value = il[k] == 0xFE ? (short)(0xFE00 | il[k + 1]) : il[k];
            k += il[k] == 0xFE ? 2 : 1;
            OpCode op = OpCodesByValue[value];
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = method.Module.ResolveMember(BitConverter.ToInt32(il, k), typeArguments, methodArguments);
                switch (member)
                {
                    case Type t:
                        yield return t;
                        break;
                    case FieldInfo f:
                        yield return f.DeclaringType!;
                        yield return f.FieldType;
                        break;
                    case MethodBase m:
                        yield return m.DeclaringType!;
                        if (m is MethodInfo { IsGenericMethod: true } generic)
                        {
                            foreach (Type a in generic.GetGenericArguments())
                            {
                                yield return a;
                            }
                        }

                        break;
                }
            }

            k += OperandSize(op.OperandType, il, k);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
