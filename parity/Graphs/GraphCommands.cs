namespace AtrousConv.Parity.Graphs;

/// <summary>
/// The parity runner's graph commands: <c>graphs DIR</c> (run a folder of GraphDefs, one line per graph, then
/// <c>N passed, N failed, N skipped</c>; exit 1 on any failure, 2 when the folder cannot be read) and
/// <c>export-graphs DIR</c> (write our GraphDefs, arrays and manifest into DIR).
/// </summary>
public static class GraphCommands
{
    /// <summary>Runs a graph command if <paramref name="args"/> names one.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where report lines go.</param>
    /// <param name="error">Where usage and folder errors go.</param>
    /// <returns>The exit code, or <see langword="null"/> when the arguments are not a graph command.</returns>
    public static int? TryRun(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0 || args[0] is not ("graphs" or "export-graphs"))
        {
            return null;
        }

        if (args.Count != 2)
        {
            error.WriteLine($"parity: usage: {args[0]} DIR");
            return 2;
        }

        try
        {
            return args[0] == "graphs" ? RunGraphs(args[1], output) : ExportGraphs(args[1], output);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"parity: {e.Message}");
            return 2;
        }
    }

    private static int RunGraphs(string folder, TextWriter output)
    {
        IReadOnlyList<GraphVerdict> verdicts = GraphRunner.Run(folder);
        foreach (GraphVerdict verdict in verdicts)
        {
            output.WriteLine(verdict.Line);
        }

        output.WriteLine(GraphVerdict.Summary(verdicts));
        return verdicts.Any(v => v.Outcome == Evaluation.CaseOutcome.Failed) ? 1 : 0;
    }

    private static int ExportGraphs(string folder, TextWriter output)
    {
        GraphManifest manifest = GraphExporter.Export(folder);
        foreach (GraphEntry entry in manifest.Graphs)
        {
            output.WriteLine($"wrote {entry.Name}: {entry.Ops?.Length} nodes, output {entry.Output}");
        }

        output.WriteLine($"export-graphs: {manifest.Graphs.Count} graphs in {folder}");
        return 0;
    }
}
