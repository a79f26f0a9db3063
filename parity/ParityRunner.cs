using AtrousConv.Parity.Evaluation;
using AtrousConv.Parity.Manifest;

namespace AtrousConv.Parity;

/// <summary>Runs every case of a fixture folder.</summary>
public static class ParityRunner
{
    /// <summary>Evaluates all cases of <paramref name="folder"/>, in manifest order.</summary>
    /// <param name="folder">A folder with manifest.json and the .npz files.</param>
    /// <returns>The manifest and the verdicts.</returns>
    /// <exception cref="InvalidDataException">The manifest is missing or unreadable.</exception>
    public static (ParityManifest Manifest, IReadOnlyList<CaseVerdict> Verdicts) Run(string folder)
    {
        ParityManifest manifest = ManifestLoader.Load(folder);
        return (manifest, manifest.Cases.Select(c => CaseEvaluator.Evaluate(c, folder)).ToList());
    }
}
