using System.Numerics.Tensors;
using AtrousConv.TensorFlow;

namespace AtrousConv.Tests;

/// <summary>
/// The README's examples, compiled and run. <see cref="ReadmeExamplesAreCompiled"/> checks that every C# block of the
/// README stands here verbatim, so the README cannot drift from code that works.
/// </summary>
[TestClass]
public sealed class ReadmeExamples
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
        long[] xShape = [2, 12, 12, 3], wShape = [3, 3, 4, 3], yShape = [2, 12, 12, 4];
        double[] x = Enumerable.Range(0, 2 * 12 * 12 * 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] hidden = Enumerable.Range(0, 3 * 3 * 4 * 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] target = Flat(Convolution.AtrousConv2DTranspose<double>(new(x, Dims(xShape)), new(hidden, Dims(wShape)), rate: 2, Padding.Same));

        double[] w = new double[hidden.Length];                                          // start from zero
        double firstLoss = 0, loss = 0;
        for (int step = 0; step < 300; step++)
        {
            double[] y = Flat(Convolution.AtrousConv2DTranspose<double>(new(x, Dims(xShape)), new(w, Dims(wShape)), rate: 2, Padding.Same));
            double[] residual = y.Zip(target, (a, b) => a - b).ToArray();              // d(loss)/dy for loss = ½‖y − target‖²
            loss = 0.5 * residual.Sum(r => r * r);
            firstLoss = step == 0 ? loss : firstLoss;
            (_, Tensor<double> gradW) = Convolution.AtrousConv2DTransposeGradients<double>(
                new(x, Dims(xShape)), new(w, Dims(wShape)), new(residual, Dims(yShape)), rate: 2, Padding.Same);
            double[] g = Flat(gradW);
            for (int k = 0; k < w.Length; k++)
            {
                w[k] -= 0.02 * g[k];
            }
        }
        // README end

        Console.WriteLine($"loss {firstLoss:E2} -> {loss:E2}");
        Assert.IsTrue(loss < firstLoss * 1e-8, $"loss fell from {firstLoss:E2} only to {loss:E2}");
        Assert.IsTrue(w.Zip(hidden).All(p => Math.Abs(p.First - p.Second) < 1e-4), "the hidden filter is recovered");
    }

    [TestMethod]
    public void ReadmeExamplesAreCompiled()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "README.md")) || !Directory.Exists(Path.Combine(root, "src")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no README.md above the test binaries");
        }

        string source = Normalize(File.ReadAllText(Path.Combine(root, "tests", "AtrousConv.Tests", "ReadmeExamples.cs")));
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string[] blocks = readme.Split("```csharp").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToArray();
        Assert.IsTrue(blocks.Length >= 3, "the README shows the TensorFlow face, the .NET face and training");
        foreach (string block in blocks)
        {
            StringAssert.Contains(source, Normalize(block), "a README example is not in ReadmeExamples.cs");
        }
    }

    private static string Normalize(string text) =>
        string.Join("\n", text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    private static nint[] Dims(long[] shape) => Array.ConvertAll(shape, d => (nint)d);

    private static T[] Flat<T>(Tensor<T> tensor)
    {
        var result = new T[tensor.FlattenedLength];
        tensor.FlattenTo(result);
        return result;
    }
}
