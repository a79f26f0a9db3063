using AtrousConv.Parity.Cli;

namespace AtrousConv.Tests;

/// <summary>
/// The parity runner's command line (parity/Program.cs, <see cref="ParityCli"/>): help, usage errors and the exit
/// codes the README documents, on tiny fixture folders written here (one case each, no TensorFlow arrays needed).
/// </summary>
[TestClass]
public sealed class ParityCliTests
{
    // An atrous_conv2d_transpose case with rate 0: TensorFlow raises, and so must ours.
    private const string RateZero =
        """{ "id": "cli-0", "op": "atrous_conv2d_transpose", "kind": "KIND", "dtype": "float32", "rate": 0, "padding": "SAME", "value_shape": [1, 3, 3, 1], "filters_shape": [3, 3, 1, 1], "output_shape": [1, 3, 3, 1], "output_shape_as": "list", "error": { "type": "ValueError", "message": "`rate` cannot be less than one. Received: rate=0" }, "result_shape": [1, 3, 3, 1] }""";

    public static IEnumerable<object[]> Invocations =>
    [
        // arguments (FOLDER: a fixture folder made for the row), case kind in that folder, exit code, text expected, in stdout (true) or stderr
        [new[] { "--help" }, "", ExitCodes.Passed, "exit codes:", true],
        [new[] { "-h" }, "", ExitCodes.Passed, "[--verbose] [DIR]", true],
        [new[] { "--bogus" }, "", ExitCodes.Usage, "usage: dotnet run -c Release --project parity --", false],
        [new[] { "FOLDER", "FOLDER" }, "error", ExitCodes.Usage, "one fixture folder at most", false],
        [new[] { "FOLDER/missing" }, "error", ExitCodes.Usage, "does not exist", false],
        [new[] { "FOLDER" }, "", ExitCodes.Usage, "no manifest.json", false],
        [new[] { "FOLDER" }, "error", ExitCodes.Passed, "1 passed, 0 failed, 0 skipped", true],
        [new[] { "--verbose", "FOLDER" }, "error", ExitCodes.Passed, "PASSED  cli-0: rejected", true],
        [new[] { "FOLDER" }, "accepted", ExitCodes.Failed, "0 passed, 1 failed, 0 skipped", true],
    ];

    [TestMethod]
    [DynamicData(nameof(Invocations))]
    public void ExitCodeAndText(string[] arguments, string kind, int exitCode, string expected, bool inStdout)
    {
        string folder = Directory.CreateTempSubdirectory("parity-cli-").FullName;
        try
        {
            if (kind.Length > 0)
            {
                File.WriteAllText(Path.Combine(folder, "manifest.json"),
                    $$"""{ "format": "atrous-conv-golden/1", "set": "cli", "cases": [ {{RateZero.Replace("KIND", kind, StringComparison.Ordinal)}} ] }""");
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            string[] args = Array.ConvertAll(arguments, a => a.Replace("FOLDER", folder, StringComparison.Ordinal));
            int code = ParityCli.Run(args, [], new CliContext(output, error));

            Assert.AreEqual(exitCode, code, $"stdout: {output}\nstderr: {error}");
            StringAssert.Contains(inStdout ? output.ToString() : error.ToString(), expected);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void SubcommandsAreDispatchedAndListed()
    {
        var seen = new List<string>();
        CliCommand probe = new("probe", "DIR", "a command of this test", (rest, _) =>
        {
            seen.AddRange(rest);
            return ExitCodes.Failed;
        });
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = ParityCli.Run(["probe", "some/dir"], [probe], new CliContext(output, error));

        Assert.AreEqual(ExitCodes.Failed, code);
        CollectionAssert.AreEqual(new[] { "some/dir" }, seen);
        StringAssert.Contains(ParityCli.Help([probe]), "probe DIR");
        StringAssert.Contains(ParityCli.Help([probe]), "a command of this test");
    }
}
