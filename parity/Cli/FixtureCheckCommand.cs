using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Report;

namespace AtrousConv.Parity.Cli;

/// <summary>The default command: every case of a fixture folder (docs/fixture-format.md), the report, the verdict.</summary>
public static class FixtureCheckCommand
{
    public const string Arguments = "[--verbose] [DIR]";

    public const string Summary = "check every case of the fixture folder DIR (default: parity/golden); --verbose prints every verdict";

    /// <summary>Runs the fixture check.</summary>
    /// <param name="arguments">Options and at most one folder.</param>
    /// <param name="context">Where to write.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static int Run(IReadOnlyList<string> arguments, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        bool verbose = arguments.Any(a => a is "--verbose" or "-v");
        string[] folders = arguments.Where(a => a is not ("--verbose" or "-v")).ToArray();
        if (folders.Length > 1)
        {
            return ParityCli.UsageError(context, $"one fixture folder at most, got {folders.Length}: {string.Join(" ", folders)}");
        }

        string? folder = FixtureLocator.Resolve(folders.Length > 0 ? folders[0] : null);
        if (folder is null || !Directory.Exists(folder))
        {
            context.Error.WriteLine(folder is null
                ? $"parity: no default fixture folder (parity/{FixtureLocator.GoldenFolder} next to {FixtureLocator.ProjectFile}); pass a folder."
                : $"parity: fixture folder '{folder}' does not exist.");
            return ExitCodes.Usage;
        }

        IReadOnlyList<CaseVerdict> verdicts;
        try
        {
            var run = ParityRunner.Run(folder);
            verdicts = run.Verdicts;
            context.Out.WriteLine($"parity: {folder} (set '{run.Manifest.Set ?? "?"}', format '{run.Manifest.Format ?? "?"}', {run.Manifest.Cases.Count} cases)");
        }
        catch (InvalidDataException e)
        {
            context.Error.WriteLine($"parity: {e.Message}");
            return ExitCodes.Usage;
        }

        if (verbose)
        {
            // Every verdict with its reason: what ours threw, the numbers of each comparison.
            foreach (CaseVerdict verdict in verdicts)
            {
                context.Out.WriteLine($"{verdict.Outcome.ToString().ToUpperInvariant(),-7} {verdict.Case}: {verdict.Reason}");
            }
        }

        foreach (string line in ParityReport.Lines(verdicts))
        {
            context.Out.WriteLine(line);
        }

        return verdicts.Any(v => v.Outcome == CaseOutcome.Failed) ? ExitCodes.Failed : ExitCodes.Passed;
    }
}
