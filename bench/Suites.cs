namespace AtrousConv.Bench;

/// <summary>The BenchmarkDotNet suites by their <c>--suite</c> names, in run order.</summary>
internal static class Suites
{
    public static IReadOnlyDictionary<string, Type> ByName { get; } = new Dictionary<string, Type>
    {
        ["forward"] = typeof(ConvTransposeBenchmarks),
        ["backward"] = typeof(GradientBenchmarks),
        ["conv"] = typeof(AtrousConvBenchmarks),
        ["train"] = typeof(TrainingStepBenchmarks),
        ["dtypes"] = typeof(ElementTypeBenchmarks),
        ["graph"] = typeof(ImportedGraphBenchmarks),
    };

    /// <param name="names">Names from the command line; empty for all suites.</param>
    public static Type[] Select(IReadOnlyCollection<string> names)
    {
        foreach (string name in names.Where(n => !ByName.ContainsKey(n)))
        {
            throw new ArgumentException($"Unknown suite '{name}'; expected one of {string.Join(", ", ByName.Keys)}.", nameof(names));
        }

        return [.. ByName.Where(s => names.Count == 0 || names.Contains(s.Key)).Select(s => s.Value)];
    }
}
