using System.Runtime.InteropServices;

namespace AtrousConv.Kernels;

/// <summary>A 64-byte aligned native buffer: kernel workspace outside the GC heap, freed deterministically.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly unsafe struct NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    public NativeBuffer(long length) =>
        Pointer = (T*)NativeMemory.AlignedAlloc(checked((nuint)(Math.Max(1, length) * sizeof(T))), 64);

    public T* Pointer { get; }

    public void Dispose() => NativeMemory.AlignedFree(Pointer);
}
