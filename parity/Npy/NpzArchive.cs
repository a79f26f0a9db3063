using System.IO.Compression;

namespace AtrousConv.Parity.Npy;

/// <summary>NumPy's <c>.npz</c>: a zip (stored or deflated) of <c>name.npy</c> entries, read whole into memory.</summary>
public static class NpzArchive
{
    /// <summary>Reads every array of an <c>.npz</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The arrays by name (without <c>.npy</c>).</returns>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Read(file);
    }

    /// <summary>Reads every array of an <c>.npz</c> image.</summary>
    /// <param name="stream">The zip data.</param>
    /// <returns>The arrays by name (without <c>.npy</c>).</returns>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            using Stream data = entry.Open();
            using var buffer = new MemoryStream();
            data.CopyTo(buffer);
            string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            try
            {
                arrays[name] = NpyReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{entry.FullName}: {e.Message}", e);
            }
        }

        return arrays;
    }
}
