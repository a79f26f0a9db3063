using System.IO.Compression;

namespace AtrousConv.Parity.Npy;

/// <summary>Writes NumPy's <c>.npz</c> as <c>numpy.savez</c> does: a zip of stored (uncompressed) <c>name.npy</c> entries.</summary>
public static class NpzWriter
{
    /// <summary>Writes the arrays to a file, in the order given.</summary>
    /// <param name="path">The file; replaced if it exists.</param>
    /// <param name="arrays">The arrays by name (written as <c>name.npy</c>).</param>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        using FileStream file = File.Create(path);
        Write(file, arrays);
    }

    /// <summary>Writes the arrays to a stream, in the order given.</summary>
    /// <param name="stream">Where the zip goes; left open.</param>
    /// <param name="arrays">The arrays by name (written as <c>name.npy</c>).</param>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach ((string name, NpyArray array) in arrays)
        {
            ZipArchiveEntry entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
            using Stream data = entry.Open();
            data.Write(NpyWriter.Write(array));
        }
    }
}
