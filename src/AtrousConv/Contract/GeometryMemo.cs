namespace AtrousConv.Contract;

/// <summary>
/// Remembers the last few geometries each thread validated, keyed by everything that defines them (op, shapes,
/// rate or strides and dilations, padding), so a training loop that calls the same ops on the same shapes again
/// and again validates once and allocates nothing after that. A key that differs in any entry is validated anew.
/// </summary>
internal static class GeometryMemo
{
    /// <summary>Which factory made the geometry (part of the key).</summary>
    public enum Op : long
    {
        AtrousTranspose = 1,
        Transpose,
        AtrousForward,
    }

    private const int Entries = 4;

    [ThreadStatic]
    private static (long[] Key, Conv2DTransposeGeometry Geometry)[]? entries;

    [ThreadStatic]
    private static int next;

    /// <summary>The largest key <see cref="Key"/> writes: op, four parameters, padding, three shapes of up to eight dimensions with their ranks.</summary>
    public const int MaxKeyLength = 6 + (3 * 9);

    /// <summary>Writes the key of a call into <paramref name="buffer"/> and returns its used part (empty when a shape is too long to key).</summary>
    public static ReadOnlySpan<long> Key(Span<long> buffer, Op op, long p0, long p1, long p2, long p3, Padding padding, ReadOnlySpan<long> a, ReadOnlySpan<long> b, ReadOnlySpan<long> c)
    {
        if (a.Length > 8 || b.Length > 8 || c.Length > 8)
        {
            return [];
        }

        int k = 0;
        buffer[k++] = (long)op;
        buffer[k++] = p0;
        buffer[k++] = p1;
        buffer[k++] = p2;
        buffer[k++] = p3;
        buffer[k++] = (long)padding;
        k = Append(buffer, k, a);
        k = Append(buffer, k, b);
        k = Append(buffer, k, c);
        return buffer[..k];
    }

    public static bool TryGet(ReadOnlySpan<long> key, out Conv2DTransposeGeometry geometry)
    {
        geometry = null!;
        if (key.IsEmpty || entries is null)
        {
            return false;
        }

        foreach ((long[] Key, Conv2DTransposeGeometry Geometry) entry in entries)
        {
            if (entry.Key is not null && key.SequenceEqual(entry.Key))
            {
                geometry = entry.Geometry;
                return true;
            }
        }

        return false;
    }

    public static Conv2DTransposeGeometry Add(ReadOnlySpan<long> key, Conv2DTransposeGeometry geometry)
    {
        if (!key.IsEmpty)
        {
            entries ??= new (long[], Conv2DTransposeGeometry)[Entries];
            entries[next] = (key.ToArray(), geometry);
            next = (next + 1) % Entries;
        }

        return geometry;
    }

    private static int Append(Span<long> buffer, int k, ReadOnlySpan<long> shape)
    {
        buffer[k++] = shape.Length;
        shape.CopyTo(buffer[k..]);
        return k + shape.Length;
    }
}
