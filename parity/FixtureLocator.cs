using System.Reflection;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Parity;

/// <summary>
/// Finds the default fixture folder, <c>parity/golden</c>, wherever the binaries run (the runner's bin folder, the
/// test project's): walk up from the executable looking for it, else use the project folder recorded at build time.
/// </summary>
public static class FixtureLocator
{
    public const string ProjectFile = "AtrousConv.Parity.csproj";
    public const string GoldenFolder = "golden";

    /// <summary>The default fixture folder, or <see langword="null"/> if there is none.</summary>
    /// <returns>The absolute folder path.</returns>
    public static string? DefaultFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // Either inside the parity project, or at a folder that holds it (the repository root).
            foreach (string project in new[] { dir.FullName, Path.Combine(dir.FullName, "parity") })
            {
                if (IsGoldenOf(project))
                {
                    return Path.Combine(project, GoldenFolder);
                }
            }
        }

        string? recorded = typeof(FixtureLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ParityProjectDirectory")?.Value;
        return recorded is not null && IsGoldenOf(recorded) ? Path.Combine(recorded, GoldenFolder) : null;
    }

    /// <summary>The folder to run: the argument (absolute, or relative to the current directory), else the default.</summary>
    /// <param name="argument">The command-line folder, if any.</param>
    /// <returns>The absolute folder path, or <see langword="null"/> if no default exists.</returns>
    public static string? Resolve(string? argument) => string.IsNullOrWhiteSpace(argument) ? DefaultFolder() : Path.GetFullPath(argument);

    private static bool IsGoldenOf(string projectFolder) =>
        File.Exists(Path.Combine(projectFolder, ProjectFile)) && File.Exists(Path.Combine(projectFolder, GoldenFolder, ManifestLoader.FileName));
}
