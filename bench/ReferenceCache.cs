using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AtrousConv.Bench;

/// <summary>
/// Keeps reference outputs in the temp directory. The scalar reference takes ~25 s for shape E (each op, each
/// element type), and BenchmarkDotNet runs every setup in a fresh process (launches × thread counts × engines),
/// which would spend minutes recomputing the same array. The key holds the module version ids of the library and
/// of this bench: builds are deterministic, so they change exactly when the reference code or the input generator
/// does, and a stale file is never read.
/// </summary>
internal static class ReferenceCache
{
    /// <summary>The forward op's float32 reference.</summary>
    public static float[] GetOrCompute(Problem problem) => GetOrCompute(problem.Shape.Name, problem.OutputLength, problem.ComputeReference);

    /// <param name="name">
    /// What was computed, unique per op and shape ("A", "value-gradient-A", …): no '.' after the shape name,
    /// so the stale-file pattern of "A" cannot match "A-subnormal" or another op's files.
    /// </param>
    /// <param name="length">The expected element count; a file of another size is recomputed.</param>
    /// <param name="compute">The reference computation.</param>
    public static T[] GetOrCompute<T>(string name, int length, Func<T[]> compute)
        where T : unmanaged
    {
        string directory = Path.Combine(Path.GetTempPath(), "atrousconv-bench-reference");
        string type = ElementTypes.ShortName<T>();
        string path = Path.Combine(directory, $"{name}.{Mvid(typeof(Convolution))}.{Mvid(typeof(ReferenceCache))}.{type}");
        if (File.Exists(path))
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == (long)length * Unsafe.SizeOf<T>())
            {
                return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
            }
        }

        T[] reference = compute();
        Directory.CreateDirectory(directory);
        foreach (string stale in Directory.GetFiles(directory, $"{name}.*.{type}"))
        {
            File.Delete(stale); // older builds' results: keeps the directory at one file per op, shape and type
        }

        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, MemoryMarshal.AsBytes(reference.AsSpan()).ToArray());
        File.Move(temporary, path, overwrite: true); // atomic: a concurrent reader sees the whole file or none
        return reference;
    }

    private static Guid Mvid(Type type) => type.Assembly.ManifestModule.ModuleVersionId;
}
