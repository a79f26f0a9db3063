using AtrousConv.Parity.Graphs;
using AtrousConv.Parity.Npy;
using AtrousConv.TensorFlow.Framework;
using AtrousConv.TensorFlow.GraphDefs;

namespace AtrousConv.Tests;

/// <summary>
/// The parity runner's graph commands: <c>graphs</c> on TensorFlow's six GraphDefs, <c>export-graphs</c> then
/// <c>graphs</c> on what we wrote, and the runner's failure reports.
/// </summary>
[TestClass]
public sealed class ParityGraphsTests
{
    /// <summary>Ops TensorFlow 2.21's default CPU kernels run as exported (Conv2DBackpropInput only with dilations 1).</summary>
    private static readonly HashSet<string> CpuOps =
    [
        "Placeholder", "Const", "Identity", "SpaceToBatchND", "BatchToSpaceND", "Conv2DBackpropInput", "Conv2D",
        "Conv2DBackpropFilter", "Shape", "StridedSlice", "Pack", "AddV2", "Sub", "Mul", "FloorDiv", "FloorMod",
    ];

    private static readonly Lazy<string> Exported = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), "atrous-export-graphs-" + Guid.NewGuid().ToString("N"));
        (int exit, string output, string error) = Run("export-graphs", folder);
        Assert.AreEqual(0, exit, output + error);
        return folder;
    });

    public static IEnumerable<object[]> ExportedCases => GraphCases.All.Select(c => new object[] { c.Name });

    [ClassCleanup]
    public static void RemoveExport()
    {
        if (Exported.IsValueCreated)
        {
            Directory.Delete(Exported.Value, recursive: true);
        }
    }

    [TestMethod]
    public void GraphsRunsTensorFlowsSixGraphs()
    {
        (int exit, string output, string error) = Run("graphs", GraphFixture.Folder);

        string[] lines = Lines(output);
        Assert.AreEqual(0, exit, output + error);
        Assert.AreEqual("6 passed, 0 failed, 0 skipped", lines[^1]);
        foreach (GraphManifestEntry entry in GraphFixture.Manifest)
        {
            Assert.IsTrue(lines.Any(l => l.StartsWith($"ok {entry.Name} err/scale ", StringComparison.Ordinal) && l.EndsWith("(binary and text)", StringComparison.Ordinal)), output);
        }
    }

    [TestMethod]
    public void ExportedGraphsAllPass()
    {
        (int exit, string output, string error) = Run("graphs", Exported.Value);

        Assert.AreEqual(0, exit, output + error);
        Assert.AreEqual($"{GraphCases.All.Count} passed, 0 failed, 0 skipped", Lines(output)[^1], output);
    }

    [TestMethod]
    [DynamicData(nameof(ExportedCases))]
    public void ExportedGraphHoldsOnlyWhatTensorFlowsCpuKernelsRun(string name)
    {
        GraphDef graph = GraphDefFormat.Load(Path.Combine(Exported.Value, name + ".pb"));

        foreach (NodeDef node in graph.Node)
        {
            Assert.Contains(node.Op, CpuOps, $"{name}: node {node.Name}");
            if (node.Op == "Conv2DBackpropInput" && node.Attr.TryGetValue("dilations", out AttrValue? dilations))
            {
                Assert.IsTrue(dilations.List.I.All(d => d == 1), $"{name}: {node.Name} has dilations {dilations.List.I}");
            }
        }

        Assert.AreEqual(graph, GraphDefFormat.Load(Path.Combine(Exported.Value, name + ".pbtxt")), name);
        Assert.AreEqual(File.ReadAllText(Path.Combine(Exported.Value, name + ".pbtxt")), GraphDefFormat.ToText(graph), name);
    }

    [TestMethod]
    public void WrongOutputIsReportedAsFailure()
    {
        string folder = CopyOfTensorFlowsGraphs();
        try
        {
            string npz = Path.Combine(folder, "atrous_r2_same.npz");
            var arrays = NpzArchive.Read(npz).ToDictionary();
            float[] output = (float[])arrays["output"].Data.Clone();
            output[5] += 1e-3f;
            arrays["output"] = arrays["output"] with { Data = output };
            NpzWriter.Write(npz, arrays);

            (int exit, string report, _) = Run("graphs", folder);

            Assert.AreEqual(1, exit, report);
            Assert.AreEqual("5 passed, 1 failed, 0 skipped", Lines(report)[^1]);
            StringAssert.Contains(report, "FAIL atrous_r2_same: (binary) beyond tolerance");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void BrokenTextFormIsReportedWithItsForm()
    {
        string folder = CopyOfTensorFlowsGraphs();
        try
        {
            File.WriteAllText(Path.Combine(folder, "atrous_r1_same.pbtxt"), "node { name: \"value\" op: ");

            (int exit, string report, _) = Run("graphs", folder);

            Assert.AreEqual(1, exit, report);
            StringAssert.Contains(report, "FAIL atrous_r1_same: (text) InvalidDataException: Invalid text GraphDef at 1:26");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void MissingManifestExitsWithTwo()
    {
        (int exit, _, string error) = Run("graphs", Path.Combine(Path.GetTempPath(), "no-such-graph-folder-" + Guid.NewGuid().ToString("N")));

        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "no readable manifest.json");
    }

    [TestMethod]
    public void OtherArgumentsAreNotGraphCommands()
    {
        Assert.IsNull(GraphCommands.TryRun(["--verbose"], TextWriter.Null, TextWriter.Null));
        Assert.IsNull(GraphCommands.TryRun([], TextWriter.Null, TextWriter.Null));
        Assert.AreEqual(2, GraphCommands.TryRun(["graphs"], TextWriter.Null, TextWriter.Null));
    }

    private static (int Exit, string Output, string Error) Run(string command, string folder)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = GraphCommands.TryRun([command, folder], output, error) ?? -1;
        return (exit, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string CopyOfTensorFlowsGraphs()
    {
        string folder = Path.Combine(Path.GetTempPath(), "atrous-graphs-copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(GraphFixture.Folder))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }
}
