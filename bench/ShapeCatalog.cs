namespace AtrousConv.Bench;

/// <summary>The benchmarked shapes, in one place so BenchmarkDotNet and quick mode measure the same problems.</summary>
internal static class ShapeCatalog
{
    /// <summary>
    /// A–F from the brief, plus A with subnormal inputs (to show they cost no more than ~2× normal ones).
    /// The reference kernel is timed only for A, A-subnormal, B and F: forward ≤ ~0.6 s a call on the 2-core VM, the
    /// gradients ≤ ~1 s (A's value gradient ~1.0 s, its filter gradient ~0.4 s); C and D take ~2.5 s and E ~25 s,
    /// and BenchmarkDotNet's ~20 calls per process × 6 processes would eat the suite's 30-minute budget (C alone
    /// took 7.7 minutes with its reference).
    /// </summary>
    public static IReadOnlyList<ShapeCase> All { get; } =
    [
        new("A", 1, 64, 64, 64, 64, 3, 3, 2, Padding.Same, Subnormal: false, TimeReference: true),
        new("A-subnormal", 1, 64, 64, 64, 64, 3, 3, 2, Padding.Same, Subnormal: true, TimeReference: true),
        new("B", 1, 128, 128, 32, 32, 3, 3, 4, Padding.Same, Subnormal: false, TimeReference: true),
        new("C", 8, 32, 32, 128, 64, 3, 3, 2, Padding.Valid, Subnormal: false, TimeReference: false),
        new("D", 1, 256, 256, 16, 16, 5, 5, 3, Padding.Same, Subnormal: false, TimeReference: false),
        new("E", 4, 56, 56, 256, 256, 3, 3, 2, Padding.Same, Subnormal: false, TimeReference: false),
        new("F", 1, 33, 17, 3, 5, 2, 4, 3, Padding.Same, Subnormal: false, TimeReference: true),
    ];

    /// <summary>
    /// A–F: the suites after the forward one leave out A-subnormal, whose point (subnormal inputs cost no more) the
    /// forward suite already makes.
    /// </summary>
    public static IEnumerable<string> NormalNames => All.Where(s => !s.Subnormal).Select(s => s.Name);

    public static ShapeCase Get(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"Unknown shape '{name}'; expected one of {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
}
