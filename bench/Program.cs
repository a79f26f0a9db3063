using AtrousConv.Bench;
using BenchmarkDotNet.Running;

// --peak: this core's FMA peak. --quick / --quick-backward / --quick-graph: interleaved comparisons of a few minutes without BenchmarkDotNet. Otherwise
// BenchmarkDotNet, with its own arguments, plus --suite forward,backward,… and --shapes A,F to pick suites and shapes.
if (args.Contains("--quick"))
{
    return QuickRunner.Run(Console.Out, Console.Error);
}

if (args.Contains("--peak"))
{
    return PeakFlops.Run(Console.Out);
}

if (args.Contains("--quick-graph"))
{
    return QuickGraphRunner.Run(Console.Out, Console.Error);
}

if (args.Contains("--quick-backward"))
{
    return QuickBackwardRunner.Run(Console.Out, Console.Error);
}

var rest = new List<string>();
var shapes = new List<string>();
var suites = new List<string>();
for (int k = 0; k < args.Length; k++)
{
    if (args[k] is "--shapes" or "--suite" && k + 1 < args.Length)
    {
        (args[k] == "--shapes" ? shapes : suites).AddRange(args[++k].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
    else
    {
        rest.Add(args[k]);
    }
}

foreach (string shape in shapes)
{
    _ = ShapeCatalog.Get(shape); // fail fast on a typo rather than run nothing
}

Type[] selected = Suites.Select(suites);

// Without a filter BenchmarkSwitcher would ask on the console which benchmarks to run; default to all.
if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h"))
{
    rest.AddRange(["--filter", "*"]);
}

// One run for all selected suites: BenchmarkDotNet builds once and prints one table per suite.
BenchmarkSwitcher.FromTypes(selected).Run([.. rest], BenchConfig.Create(shapes));
return 0;
