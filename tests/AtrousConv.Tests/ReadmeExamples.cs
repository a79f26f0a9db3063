using System.Globalization;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// The README's examples. <see cref="SnippetCompilesAndRunsAsPasted"/> compiles and runs every C# block of the README
/// (and of the package's readme) as a console program of its own, using lines included; the methods here run the
/// same statements with checks of their results, and <see cref="ReadmeStatementsAreTheOnesCheckedHere"/> checks they
/// are verbatim the README's, so the README cannot drift from code that works.
/// </summary>
[TestClass]
public sealed partial class ReadmeExamples
{
    [TestMethod]
    public void TensorFlowFace()
    {
        // README: TensorFlow's face
        using var graph = tf.Graph().as_default();
        var value = tf.constant(new float[1 * 5 * 5 * 3], [1, 5, 5, 3]);
        var filters = tf.constant(new float[3 * 3 * 2 * 3], [3, 3, 2, 3]);            // [kh, kw, out_channels, in_channels]
        TFTensor y = tf.nn.atrous_conv2d_transpose(value, filters, new[] { 1, 5, 5, 2 }, rate: 2, padding: "SAME");
        Console.WriteLine($"{y.name} {string.Join(",", y.shape)}");                     // atrous_conv2d_transpose/BatchToSpaceND:0 1,5,5,2
        float[] result = y.ToArray<float>();                                              // computed here, by our kernel
        TFTensor?[] grads = tf.gradients(y, [value, filters]);                           // registered gradients
        // README end

        Assert.AreEqual("atrous_conv2d_transpose/BatchToSpaceND:0", y.name);
        CollectionAssert.AreEqual(new long[] { 1, 5, 5, 2 }, y.shape);
        Assert.AreEqual(50, result.Length);
        CollectionAssert.AreEqual(new long[] { 1, 5, 5, 3 }, grads[0]!.shape);
        CollectionAssert.AreEqual(new long[] { 3, 3, 2, 3 }, grads[1]!.shape);
    }

    [TestMethod]
    public void DotNetFace()
    {
        // README: .NET face
        float[] x = new float[1 * 64 * 64 * 16], w = new float[3 * 3 * 8 * 16], y = new float[1 * 64 * 64 * 8];
        Convolution.AtrousConv2DTranspose<float>(
            new ReadOnlyTensorSpan<float>(x, [1, 64, 64, 16]),
            new ReadOnlyTensorSpan<float>(w, [3, 3, 8, 16]),
            new TensorSpan<float>(y, [1, 64, 64, 8]),                                    // writes here, allocates nothing
            rate: 2, Padding.Same);

        long[] shape = Conv2DTransposeGeometry.InferAtrousOutputShape([1, 64, 64, 16], [3, 3, 8, 16], rate: 2, Padding.Valid);
        Tensor<Half> half = Convolution.Conv2DTranspose<Half>(                           // strides and dilations together
            new ReadOnlyTensorSpan<Half>(new Half[1 * 4 * 4 * 2], [1, 4, 4, 2]),
            new ReadOnlyTensorSpan<Half>(new Half[3 * 3 * 3 * 2], [3, 3, 3, 2]),
            outputShape: [1, 12, 11, 3], strides: [2, 2], Padding.Valid, dilations: [2, 2]);
        // README end

        CollectionAssert.AreEqual(new long[] { 1, 68, 68, 8 }, shape);
        Assert.AreEqual(1 * 12 * 11 * 3, half.FlattenedLength);
        Assert.IsTrue(y.All(v => v == 0));
    }

    [TestMethod]
    public void FitAFilterByGradientDescent()
    {
        // README: training
        var random = new Random(1);
        nint[] xShape = [2, 12, 12, 3], wShape = [3, 3, 4, 3], yShape = [2, 12, 12, 4];
        double[] x = Enumerable.Range(0, 2 * 12 * 12 * 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] hidden = Enumerable.Range(0, 3 * 3 * 4 * 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] target = new double[2 * 12 * 12 * 4];
        Convolution.AtrousConv2DTranspose<double>(new(x, xShape), new(hidden, wShape), new TensorSpan<double>(target, yShape), rate: 2, Padding.Same);

        double[] w = new double[hidden.Length], y = new double[target.Length];           // start from zero
        double[] gradX = new double[x.Length], gradW = new double[w.Length];
        double firstLoss = 0, loss = 0;
        for (int step = 0; step < 300; step++)
        {
            Convolution.AtrousConv2DTranspose<double>(new(x, xShape), new(w, wShape), new TensorSpan<double>(y, yShape), rate: 2, Padding.Same);
            double[] residual = y.Zip(target, (a, b) => a - b).ToArray();              // d(loss)/dy for loss = ½‖y − target‖²
            loss = 0.5 * residual.Sum(r => r * r);
            firstLoss = step == 0 ? loss : firstLoss;
            Convolution.AtrousConv2DTransposeGradients<double>(new(x, xShape), new(w, wShape), new(residual, yShape),
                new TensorSpan<double>(gradX, xShape), new TensorSpan<double>(gradW, wShape), rate: 2, Padding.Same);
            for (int k = 0; k < w.Length; k++)
            {
                w[k] -= 0.02 * gradW[k];
            }
        }

        Console.WriteLine($"loss {firstLoss:E2} -> {loss:E2}");
        // README end

        Assert.IsTrue(loss < firstLoss * 1e-8, $"loss fell from {firstLoss:E2} only to {loss:E2}");
        Assert.IsTrue(w.Zip(hidden).All(p => Math.Abs(p.First - p.Second) < 1e-4), "the hidden filter is recovered");
    }

    /// <summary>Every C# block of the README and of the package's readme, as a program of its own.</summary>
    public static IEnumerable<object[]> Snippets =>
        new[] { "README.md", Path.Combine("src", "AtrousConv", "PACKAGE.md") }
            .SelectMany(file => RepositoryFiles.CSharpBlocks(file).Select((_, i) => new object[] { $"{file} block {i + 1}", file, i }));

    [TestMethod]
    [DynamicData(nameof(Snippets))]
    public void SnippetCompilesAndRunsAsPasted(string name, string file, int index)
    {
        string snippet = RepositoryFiles.CSharpBlocks(file)[index];
        (var errors, byte[]? assembly) = SnippetCompiler.Compile(snippet, TensorFlowNetStandIn);

        Assert.IsEmpty(errors, $"{name} does not compile as pasted:\n{string.Join("\n", errors)}");
        SnippetCompiler.Run(assembly!);
    }

    [TestMethod]
    public void ReadmeStatementsAreTheOnesCheckedHere()
    {
        string source = Normalize(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "tests", "AtrousConv.Tests", "ReadmeExamples.cs")));
        string[] blocks = RepositoryFiles.CSharpBlocks("README.md");
        Assert.IsGreaterThanOrEqualTo(4, blocks.Length, "the README shows the TensorFlow face, the .NET face, training and TensorFlow.NET");

        // The TensorFlow.NET block needs the stand-in: SnippetCompilesAndRunsAsPasted runs it, and the test below.
        foreach (string block in blocks.Where(b => !b.Contains(TensorFlowNetUsing, StringComparison.Ordinal)))
        {
            string statements = string.Join("\n", block.Split('\n').Where(line => !UsingDirective().IsMatch(line.Trim())));
            StringAssert.Contains(source, Normalize(statements), "a README example is not in ReadmeExamples.cs");
        }
    }

    [TestMethod]
    public void TensorFlowNetAliasResolvesTheAmbiguity()
    {
        string block = RepositoryFiles.CSharpBlocks("README.md").Single(b => b.Contains(TensorFlowNetUsing, StringComparison.Ordinal));
        string[] lines = block.Split('\n');
        Assert.IsTrue(lines.Any(l => l.StartsWith("using atf = AtrousConv.TensorFlow.tf;", StringComparison.Ordinal)), "the README shows the alias");

        // The same file with our namespace imported instead of the aliases: `tf` is ambiguous there.
        string imported = string.Join("\n", lines.Where(l => !l.StartsWith("using atf", StringComparison.Ordinal) && !l.StartsWith("using TFTensor", StringComparison.Ordinal)))
            .Replace("atf.", "tf.", StringComparison.Ordinal)
            .Replace(TensorFlowNetUsing, TensorFlowNetUsing + "\nusing AtrousConv.TensorFlow;", StringComparison.Ordinal);
        (var errors, _) = SnippetCompiler.Compile(imported, TensorFlowNetStandIn);

        Assert.IsTrue(errors.Any(e => e.Id == "CS0229" && e.GetMessage(CultureInfo.InvariantCulture).Contains("tf", StringComparison.Ordinal)),
            $"expected an ambiguity on tf, got: {string.Join("; ", errors)}");
    }

    private const string TensorFlowNetUsing = "using static Tensorflow.Binding;";

    /// <summary>TensorFlow.NET's shape where it meets ours: a static class Binding with a member tf (TensorFlow.NET cannot be referenced here).</summary>
    private const string TensorFlowNetStandIn = """
        namespace Tensorflow
        {
            public sealed class tensorflow
            {
                public object constant(object value) => value;
            }

            public static class Binding
            {
                public static tensorflow tf { get; } = new();
            }
        }
        """;

    [GeneratedRegex(@"^using (static )?[\w.]+( = [\w.]+)?;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    private static string Normalize(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
}
