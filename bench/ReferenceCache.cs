using System.Runtime.InteropServices;

namespace AtrousConv.Bench;

/// <summary>
/// Keeps the reference output of each shape in the temp directory. The scalar reference takes ~20 s for shape E,
/// and BenchmarkDotNet runs every setup in a fresh process (3 launches × 2 thread counts × 2 engines), which would
/// spend minutes recomputing the same array. The key holds the module version ids of the library and of this
/// bench: builds are deterministic, so they change exactly when the reference code or the input generator does,
/// and a stale file is never read.
/// </summary>
internal static class ReferenceCache
{
    public static float[] GetOrCompute(Problem problem)
    {
        string directory = Path.Combine(Path.GetTempPath(), "atrousconv-bench-reference");
        string key = $"{problem.Shape.Name}.{Mvid(typeof(Convolution))}.{Mvid(typeof(ReferenceCache))}.f32";
        string path = Path.Combine(directory, key);
        if (File.Exists(path))
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == (long)problem.OutputLength * sizeof(float))
            {
                return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            }
        }

        float[] reference = problem.ComputeReference();
        Directory.CreateDirectory(directory);
        foreach (string stale in Directory.GetFiles(directory, $"{problem.Shape.Name}.*.f32"))
        {
            File.Delete(stale); // older builds' results: keeps the directory at one file per shape
        }

        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, MemoryMarshal.AsBytes(reference.AsSpan()).ToArray());
        File.Move(temporary, path, overwrite: true); // atomic: a concurrent reader sees the whole file or none
        return reference;
    }

    private static Guid Mvid(Type type) => type.Assembly.ManifestModule.ModuleVersionId;
}
