using AtrousConv.Parity;
using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Graphs;
using AtrousConv.Parity.Report;

// dotnet run -c Release --project parity -- [--verbose] [FIXTURE_DIR]
// Exit code: 0 when no case failed; 1 when some failed; 2 when the folder or its manifest cannot be read.
// Also: `graphs DIR` and `export-graphs DIR` (GraphDefs, parity/Graphs/GraphCommands.cs).
if (GraphCommands.TryRun(args, Console.Out, Console.Error) is int graphExit)
{
    return graphExit;
}

bool verbose = args.Contains("--verbose") || args.Contains("-v");
string[] folders = args.Where(a => a is not ("--verbose" or "-v")).ToArray();
string? folder = FixtureLocator.Resolve(folders.Length > 0 ? folders[0] : null);
if (folder is null || !Directory.Exists(folder))
{
    Console.Error.WriteLine(folder is null
        ? $"parity: no default fixture folder (parity/{FixtureLocator.GoldenFolder} next to {FixtureLocator.ProjectFile}); pass a folder."
        : $"parity: fixture folder '{folder}' does not exist.");
    return 2;
}

IReadOnlyList<CaseVerdict> verdicts;
try
{
    var run = ParityRunner.Run(folder);
    verdicts = run.Verdicts;
    Console.WriteLine($"parity: {folder} (set '{run.Manifest.Set ?? "?"}', format '{run.Manifest.Format ?? "?"}', {run.Manifest.Cases.Count} cases)");
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine($"parity: {e.Message}");
    return 2;
}

if (verbose)
{
    // Every verdict with its reason: what ours threw, the numbers of each comparison.
    foreach (CaseVerdict verdict in verdicts)
    {
        Console.WriteLine($"{verdict.Outcome.ToString().ToUpperInvariant(),-7} {verdict.Case}: {verdict.Reason}");
    }
}

foreach (string line in ParityReport.Lines(verdicts))
{
    Console.WriteLine(line);
}

return verdicts.Any(v => v.Outcome == CaseOutcome.Failed) ? 1 : 0;
