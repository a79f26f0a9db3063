using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>
/// Per-thread workspace that outlives a call: pinned arrays (they never move, so their addresses stay valid), grown
/// on demand and kept, so a steady stream of calls allocates nothing. Each slot has one owner; a thread uses a slot
/// for one purpose at a time. Very large requests are served by a fresh array that is not kept.
/// </summary>
internal static unsafe class ThreadBuffers
{
    /// <summary>The slots: kernel workspace of a worker, packed filters, and converted copies of the caller's tensors.</summary>
    public const int Workspace = 0, PackedFilters = 1, InputCopy = 2, OutputCopy = 3, GradientCopy = 4;

    private const int SlotCount = 5;

    /// <summary>Buffers above this size are not kept: one huge call must not pin its memory for the thread's lifetime.</summary>
    private const long MaxKeptBytes = 64L << 20;

    [ThreadStatic]
    private static byte[]?[]? slots;

    /// <summary>A 64-byte aligned block of at least <paramref name="bytes"/> bytes, valid until the same thread asks for the same slot again.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="bytes">The size.</param>
    /// <param name="owner">Keeps an unkept array alive: hold it until the block is no longer used.</param>
    /// <returns>The block.</returns>
    public static byte* Get(int slot, long bytes, out byte[] owner)
    {
        long needed = checked(Math.Max(bytes, 1) + 64);
        slots ??= new byte[]?[SlotCount];
        byte[]? array = slots[slot];
        if (array is null || array.LongLength < needed)
        {
            array = GC.AllocateUninitializedArray<byte>(checked((int)needed), pinned: true);
            if (needed <= MaxKeptBytes)
            {
                slots[slot] = array;
            }
        }

        owner = array;
        byte* start = (byte*)Unsafe.AsPointer(ref array[0]);
        return (byte*)(((nuint)start + 63) & ~(nuint)63);
    }

    /// <summary>A typed block of <paramref name="count"/> elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="slot">The slot.</param>
    /// <param name="count">Elements.</param>
    /// <param name="owner">Keeps an unkept array alive.</param>
    /// <returns>The block.</returns>
    public static T* Get<T>(int slot, long count, out byte[] owner)
        where T : unmanaged => (T*)Get(slot, checked(count * sizeof(T)), out owner);
}
