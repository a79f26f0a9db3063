using SharpFuzz;

namespace AtrousConv.Fuzz;

/// <summary>
/// Entry of the fuzz harness: <c>validation</c> (default) decodes bytes into a call of the .NET face, <c>graphdef</c>
/// imports bytes as a binary GraphDef. Any exception outside the ArgumentException family escapes and is a finding;
/// <c>--replay FILE...</c> runs inputs once without AFL (for a finding's regression test).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        string target = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "validation";
        Action<ReadOnlySpan<byte>> run = target switch
        {
            "validation" => ValidationTarget.Run,
#if GRAPH_IMPORT
            "graphdef" => GraphDefTarget.Run,
#endif
            _ => throw new ArgumentException($"unknown target '{target}'; expected validation" +
#if GRAPH_IMPORT
                " or graphdef"
#else
                " (graphdef needs -p:GraphImport=true)"
#endif
                , nameof(args)),
        };

        int replay = Array.IndexOf(args, "--replay");
        if (replay >= 0)
        {
            foreach (string file in args[(replay + 1)..])
            {
                run(File.ReadAllBytes(file));
                Console.WriteLine($"{file}: ok");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            run(buffer.ToArray());
        });
        return 0;
    }
}
