using AtrousConv.Parity;
using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Tests;

/// <summary>The repository's golden fixtures (parity/golden), found from the test binaries' location and loaded once.</summary>
internal static class ParityFixtures
{
    private static readonly Lazy<string> LazyFolder = new(() =>
        FixtureLocator.DefaultFolder() ?? throw new InvalidOperationException($"no parity/{FixtureLocator.GoldenFolder} folder above {AppContext.BaseDirectory}"));

    private static readonly Lazy<Dictionary<string, ParityCase>> LazyCases = new(() =>
        ManifestLoader.Load(Folder).Cases.ToDictionary(c => c.Id ?? throw new InvalidDataException("a case without id"), StringComparer.Ordinal));

    public static string Folder => LazyFolder.Value;

    public static IEnumerable<ParityCase> Cases => LazyCases.Value.Values.OrderBy(c => c.Id, StringComparer.Ordinal);

    public static ParityCase Case(string id) => LazyCases.Value[id];
}
