namespace AtrousConv.Parity.Cli;

/// <summary>
/// The runner's command line: <c>--help</c>, a subcommand selected by its name (the first argument), else the
/// fixture check of a folder. A wrong argument prints a usage line and exits with <see cref="ExitCodes.Usage"/>.
/// </summary>
public static class ParityCli
{
    private const string Program = "dotnet run -c Release --project parity --";

    /// <summary>Runs the command the arguments name.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="commands">The subcommands besides the fixture check.</param>
    /// <param name="context">Where to write.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static int Run(IReadOnlyList<string> args, IReadOnlyList<CliCommand> commands, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(context);
        if (args.Any(a => a is "--help" or "-h" or "-?" or "help"))
        {
            context.Out.Write(Help(commands));
            return ExitCodes.Passed;
        }

        CliCommand? command = args.Count > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : null;
        IReadOnlyList<string> rest = command is null ? args : args.Skip(1).ToArray();
        string? unknown = rest.FirstOrDefault(a => a.StartsWith('-') && (command is not null || a is not ("--verbose" or "-v")));
        if (unknown is not null)
        {
            return UsageError(context, $"unknown option '{unknown}'");
        }

        return command is null ? FixtureCheckCommand.Run(rest, context) : command.Run(rest, context);
    }

    /// <summary>Reports a wrong argument: the reason and the usage line on standard error.</summary>
    /// <param name="context">Where to write.</param>
    /// <param name="reason">What was wrong.</param>
    /// <returns><see cref="ExitCodes.Usage"/>.</returns>
    public static int UsageError(CliContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Error.WriteLine($"parity: {reason}");
        context.Error.WriteLine($"usage: {Program} [COMMAND] [ARGS]   ({Program} --help for the commands and exit codes)");
        return ExitCodes.Usage;
    }

    /// <summary>The help text: commands, arguments, exit codes.</summary>
    /// <param name="commands">The subcommands besides the fixture check.</param>
    /// <returns>The text.</returns>
    public static string Help(IReadOnlyList<CliCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var rows = new List<(string Usage, string Summary)> { (FixtureCheckCommand.Arguments, FixtureCheckCommand.Summary) };
        rows.AddRange(commands.Select(c => ($"{c.Name} {c.Arguments}", c.Summary)));
        int width = rows.Max(r => r.Usage.Length);
        var text = new System.Text.StringBuilder();
        text.AppendLine("AtrousConv parity runner: checks the library against TensorFlow's fixtures (docs/fixture-format.md).");
        text.AppendLine();
        text.AppendLine($"usage: {Program} [COMMAND] [ARGS]");
        text.AppendLine();
        foreach ((string usage, string summary) in rows)
        {
            text.AppendLine($"  {usage.PadRight(width)}  {summary}");
        }

        text.AppendLine($"  {"--help".PadRight(width)}  this text");
        text.AppendLine();
        text.AppendLine("exit codes:");
        text.AppendLine($"  {ExitCodes.Passed}  every case passed (the last line reads 'N passed, 0 failed, N skipped')");
        text.AppendLine($"  {ExitCodes.Failed}  at least one case failed (each is printed with its reason)");
        text.AppendLine($"  {ExitCodes.Usage}  usage error: a wrong argument, a missing folder, an unreadable manifest");
        return text.ToString();
    }
}
