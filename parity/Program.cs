using AtrousConv.Parity.Cli;
using AtrousConv.Parity.Graphs;

// dotnet run -c Release --project parity -- [COMMAND] [ARGS]; --help lists the commands and the exit codes
// (0 every case passed, 1 a case failed, 2 usage error or unreadable folder). Without a command: the fixture check
// of a folder (default parity/golden), `[--verbose] [DIR]`.
// A subcommand is one line of this table: name, arguments, summary, and a function of (arguments, context).
CliCommand[] commands =
[
    new("graphs", "DIR", "import each GraphDef of DIR/manifest.json, feed `value`, compare `output` by the fixture rules",
        (arguments, context) => GraphCommands.TryRun(["graphs", .. arguments], context.Out, context.Error) ?? ExitCodes.Usage),
    new("export-graphs", "DIR", "write GraphDefs built by our TensorFlow face, their arrays and a manifest into DIR",
        (arguments, context) => GraphCommands.TryRun(["export-graphs", .. arguments], context.Out, context.Error) ?? ExitCodes.Usage),
];

return ParityCli.Run(args, commands, new CliContext(Console.Out, Console.Error));
