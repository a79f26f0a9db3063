namespace AtrousConv.Parity.Cli;

/// <summary>One subcommand of the parity runner: <c>dotnet run --project parity -- NAME ARGS</c>.</summary>
/// <param name="Name">The first argument that selects it, e.g. <c>graphs</c>.</param>
/// <param name="Arguments">Its arguments as the usage shows them, e.g. <c>DIR</c>.</param>
/// <param name="Summary">One line: what it does.</param>
/// <param name="Run">Runs it on the arguments after the name; returns an <see cref="ExitCodes"/> value.</param>
public sealed record CliCommand(string Name, string Arguments, string Summary, Func<IReadOnlyList<string>, CliContext, int> Run);

/// <summary>Where a command writes: results to <see cref="Out"/>, usage errors and diagnostics to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error);

/// <summary>The runner's exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Everything checked passed (or help was asked for).</summary>
    public const int Passed = 0;

    /// <summary>At least one case failed.</summary>
    public const int Failed = 1;

    /// <summary>A wrong argument, or a folder or manifest that cannot be read: nothing was checked.</summary>
    public const int Usage = 2;
}
