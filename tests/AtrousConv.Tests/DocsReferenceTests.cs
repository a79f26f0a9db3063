using System.Text.RegularExpressions;

namespace AtrousConv.Tests;

/// <summary>
/// A clone must be complete: no comment, document or script may point outside the repository (docs/README.md,
/// docs/contributing.md). The rules name the documents the project started from, which live outside it, and
/// every relative link of a Markdown file must reach a file or folder of the repository.
/// </summary>
[TestClass]
public sealed partial class DocsReferenceTests
{
    /// <summary>Pages that other branches add to docs/ and docs/README.md links already; empty this list once they are merged.</summary>
    private static readonly string[] PendingPages = [];

    private static readonly string[] Extensions = [".cs", ".md", ".csproj", ".props", ".py", ".sh", ".json", ".txt", ".sln"];

    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "BenchmarkDotNet.Artifacts", "TestResults", "golden"];

    /// <summary>The rules: a name, what must not occur, whether it applies inside docs/ too, and a text it must catch.</summary>
    private static readonly (string Name, Regex Pattern, bool InDocs, string Example)[] Rules =
    [
        ("the shared folder", new Regex(@"\.\./shared|shared/(parity|spec|design|peers|hooks)\b"), true, "see ../shared/spec"),
        ("the original fixture format document (docs/fixture-format.md is ours)", new Regex(@"FORMAT\.md"), true, "FORMAT.md's rules"),
        ("the original performance notes (docs/kernel-design.md is ours)", new Regex(@"perf-anchors"), true, "perf-anchors §7"),
        ("the original design notes", new Regex(@"architecture\.md|style-anchors"), true, "style-anchors.md"),
        ("tf-semantics without docs/ (cite docs/tf-semantics.md §N)", new Regex(@"(?<!docs/)tf-semantics"), false, "tf-semantics §14"),
    ];

    public static IEnumerable<object[]> RuleNames => Rules.Select(r => new object[] { r.Name });

    [TestMethod]
    [DynamicData(nameof(RuleNames))]
    public void NoReferenceOutsideTheRepository(string rule)
    {
        var (_, pattern, inDocs, example) = Rules.Single(r => r.Name == rule);
        Assert.IsTrue(pattern.IsMatch(example), $"the rule '{rule}' must catch \"{example}\"");

        var offenders = (
            from file in Files()
            where inDocs || !file.Relative.StartsWith("docs/", StringComparison.Ordinal)
            from line in File.ReadLines(file.Path).Select((text, index) => (text, number: index + 1))
            where pattern.IsMatch(line.text)
            select $"{file.Relative}:{line.number}: {line.text.Trim()}").ToList();

        Assert.IsEmpty(offenders, $"references to {rule}:\n{string.Join("\n", offenders)}");
    }

    [TestMethod]
    public void MarkdownLinksReachFilesOfTheRepository()
    {
        var broken = (
            from file in Files()
            where file.Relative.EndsWith(".md", StringComparison.Ordinal)
            from match in MarkdownLink().Matches(File.ReadAllText(file.Path))
            let target = match.Groups["target"].Value
            where !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal)
            let resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, target))
            let relative = Path.GetRelativePath(RepositoryFiles.Root, resolved).Replace('\\', '/')
            where relative.StartsWith("..", StringComparison.Ordinal)
                || !(File.Exists(resolved) || Directory.Exists(resolved) || PendingPages.Contains(relative))
            select $"{file.Relative}: ({target})").ToList();

        Assert.IsEmpty(broken, $"links to nothing in the repository:\n{string.Join("\n", broken)}");
    }

    private static IEnumerable<(string Path, string Relative)> Files()
    {
        string root = RepositoryFiles.Root;
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            foreach (string sub in Directory.EnumerateDirectories(folder).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
            {
                pending.Push(sub);
            }

            foreach (string path in Directory.EnumerateFiles(folder))
            {
                string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                bool text = Extensions.Contains(Path.GetExtension(path)) || relative == ".ci/run";
                if (text && !relative.EndsWith(nameof(DocsReferenceTests) + ".cs", StringComparison.Ordinal))
                {
                    yield return (path, relative);
                }
            }
        }
    }

    [GeneratedRegex(@"\]\((?<target>[^)#\s]+)(#[^)\s]*)?\)")]
    private static partial Regex MarkdownLink();
}
