using AtrousConv.Bench;
using BenchmarkDotNet.Running;

// --quick: a two-minute interleaved comparison without BenchmarkDotNet. Otherwise BenchmarkDotNet, with its own
// arguments, plus --shapes A,F to pick shapes by name.
if (args.Contains("--quick"))
{
    return QuickRunner.Run(Console.Out, Console.Error);
}

var rest = new List<string>();
var shapes = new List<string>();
for (int k = 0; k < args.Length; k++)
{
    if (args[k] == "--shapes" && k + 1 < args.Length)
    {
        shapes.AddRange(args[++k].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
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

// Without a filter BenchmarkSwitcher would ask on the console which benchmarks to run; default to all.
if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h"))
{
    rest.AddRange(["--filter", "*"]);
}

// BenchmarkDotNet ignores --job when the config brings its own default job, so ours steps aside for an explicit one
// (e.g. --job Dry for a smoke run).
bool explicitJob = rest.Any(a => a is "--job" or "-j");
BenchmarkSwitcher.FromAssembly(typeof(ConvTransposeBenchmarks).Assembly).Run([.. rest], BenchConfig.Create(shapes, withJob: !explicitJob));
return 0;
