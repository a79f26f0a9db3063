namespace AtrousConv.Tests;

/// <summary>The repository the tests were built from, for tests that read its documents and sources.</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository root: the first folder above the test binaries with README.md and src/.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The code of every <c>```csharp</c> block of a Markdown file, in order.</summary>
    /// <param name="relativePath">The file, relative to the root.</param>
    /// <returns>The blocks' text.</returns>
    public static string[] CSharpBlocks(string relativePath)
    {
        string markdown = File.ReadAllText(Path.Combine(Root, relativePath));
        return markdown.Split("```csharp").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToArray();
    }

    private static string FindRoot()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "README.md")) || !Directory.Exists(Path.Combine(root, "src")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no README.md above the test binaries");
        }

        return root;
    }
}
