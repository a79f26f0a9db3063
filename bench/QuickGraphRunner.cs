using AtrousConv.TensorFlow;
using static AtrousConv.Bench.InterleavedTiming;

namespace AtrousConv.Bench;

/// <summary>
/// <c>--quick-graph</c>: issue 8's session benchmark without BenchmarkDotNet. On shapes A and E, one thread, each
/// pair alternates round by round (<see cref="InterleavedTiming"/>), so a busy machine's slow phases hit both sides
/// of a ratio alike: the session run into a caller's value against the direct call into a destination (neither
/// allocates a result), the session run against the direct call into a new tensor (both allocate it), and the
/// session run against the direct call into a destination. Each is timed by the wall clock and by the process's
/// processor time (<c>CLOCK</c> <c>wall</c> or <c>cpu</c>: the second leaves out what other processes take from the
/// run's one core). Only the result lines go to stdout: <c>quick-graph SHAPE CLOCK PAIR direct_ms session_ms ratio</c>.
/// </summary>
internal static class QuickGraphRunner
{
    private const double BudgetSeconds = 6.0;
    private static readonly ConvolutionOptions OneThread = new() { MaxDegreeOfParallelism = 1 };

    public static int Run(TextWriter output, TextWriter log)
    {
        output.WriteLine("# quick-graph SHAPE CLOCK PAIR direct_ms session_ms session/direct (1 thread, medians)");
        foreach (string shape in (ReadOnlySpan<string>)["A", "E"])
        {
            var problem = new Problem(ShapeCatalog.Get(shape));
            var destination = new float[problem.OutputLength];
            problem.Run(destination, OneThread);
            using var graph = new ImportedGraph(problem, OneThread, destination);
            var sessionDestination = new TFValue(new float[problem.OutputLength], problem.Shape.OutputShape);
            (string Pair, Action Direct, Action Session)[] pairs =
            [
                ("into-destination", () => problem.Run(destination, OneThread), () => graph.RunInto(sessionDestination)),
                ("new-result", () => problem.RunNew(OneThread), () => graph.Run()),
                ("session-new-vs-direct-into", () => problem.Run(destination, OneThread), () => graph.Run()),
            ];
            foreach (bool cpu in (ReadOnlySpan<bool>)[false, true])
            {
                string clock = cpu ? "cpu" : "wall";
                foreach ((string pair, Action direct, Action session) in pairs)
                {
                    (double directMs, double sessionMs) = Measure(direct, session, BudgetSeconds, log, $"{shape} {clock} {pair}", cpu);
                    output.WriteLine(Invariant($"quick-graph {shape} {clock} {pair} {directMs:F3} {sessionMs:F3} {sessionMs / directMs:F3}"));
                }
            }
        }

        return 0;
    }
}
