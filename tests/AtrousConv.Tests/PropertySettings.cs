namespace AtrousConv.Tests;

/// <summary>
/// The knobs of the property, hostile and aliasing tests, in one place: how many random cases, the seed, the thread
/// counts each case runs at (kernel variants come from <see cref="Variants.All"/>, the one list of them), and the
/// switch for the tests that need the kernels branch.
/// </summary>
internal static class PropertySettings
{
    /// <summary>
    /// Random cases per property in <c>dotnet test</c> (fast enough for CI on 2 cores); the environment variable
    /// <c>ATROUSCONV_PROPERTY_CASES</c> raises it for a long run (e.g. 100000).
    /// </summary>
    public static int Cases { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ATROUSCONV_PROPERTY_CASES"), out int n) && n > 0 ? n : 4000;

    /// <summary>A fixed seed, so a failure in CI replays; <c>ATROUSCONV_PROPERTY_SEED</c> overrides it (CsCheck seed text).</summary>
    public static string Seed { get; } = Environment.GetEnvironmentVariable("ATROUSCONV_PROPERTY_SEED") ?? "0N0XIzNsQ0O2";

    /// <summary>Thread counts every case runs at: inline, two workers, and more workers than the machine has cores.</summary>
    public static int[] ThreadCounts { get; } = [1, 2, 5];

    /// <summary>Every kernel variant at every thread count, as test data rows <c>[variant, threads]</c>.</summary>
    public static IEnumerable<object[]> Runs()
    {
        foreach (KernelVariant variant in Variants.All)
        {
            foreach (int threads in ThreadCounts)
            {
                yield return [variant, threads];
            }
        }
    }

    /// <summary>Each case of <paramref name="cases"/> (a row's leading arguments) at every run of <see cref="Runs"/>.</summary>
    public static IEnumerable<object[]> AtEveryRun(IEnumerable<object[]> cases) =>
        from c in cases from run in Runs() select (object[])[.. c, .. run];
}
