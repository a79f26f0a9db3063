using AtrousConv.Parity.Cli;

// dotnet run -c Release --project parity -- [COMMAND] [ARGS]; --help lists the commands and the exit codes
// (0 every case passed, 1 a case failed, 2 usage error or unreadable folder). Without a command: the fixture check
// of a folder (default parity/golden), `[--verbose] [DIR]`.
// A subcommand is one line of this table: name, arguments, summary, and a function of (arguments, context).
CliCommand[] commands =
[
];

return ParityCli.Run(args, commands, new CliContext(Console.Out, Console.Error));
