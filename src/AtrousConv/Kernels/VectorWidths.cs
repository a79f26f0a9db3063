using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace AtrousConv.Kernels;

/// <summary>
/// One vector width for the generic micro-kernels (<see cref="TileWide{T, TVec, TWidth}"/>,
/// <see cref="TileTriple{T, TVec, TWidth}"/>, <see cref="TileNarrow{T, TVec, TWidth}"/>): load, broadcast, store and multiply-add on <typeparamref name="TVec"/>,
/// and the tile rows that fit this width's register file. Every member is a constant or a single intrinsic after
/// inlining, so the JIT compiles one specialised body per width (as TensorPrimitives writes an operator once per width).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVec">The vector type.</typeparam>
internal unsafe interface IVectorWidth<T, TVec>
    where T : unmanaged
    where TVec : struct
{
    /// <summary>Elements per vector.</summary>
    static abstract int Lanes { get; }

    /// <summary>Rows of the two-vector tile (a multiple of 3, 6 or 12): 2·rows accumulators, 2 panel vectors and a broadcast.</summary>
    static abstract int WideRows { get; }

    /// <summary>Rows of the one-vector tile (a multiple of 4, 8 to 16): rows accumulators, 1 panel vector and a broadcast.</summary>
    static abstract int NarrowRows { get; }

    /// <summary>Rows of the short two-vector tile that ends a row whose length the wide tile does not divide
    /// (two thirds of the wide tile: <c>3·ShortWideRows</c> is a multiple of <see cref="WideRows"/>, so at most two short
    /// tiles fit any remainder).</summary>
    static abstract int ShortWideRows { get; }

    /// <summary>Rows of the tiny two-vector tile, a third height for a row's ends where the short tile is 8 rows (a
    /// 32-register file): 4 there, 0 where the short tile is already 4. A tap's reach that ends 4 pixels into a row
    /// then costs 4 rows of padding products, not 8 (C's 36-pixel VALID rows: 100 products per 3 taps, not 108).</summary>
    static abstract int TinyWideRows { get; }

    /// <summary>Rows of the three-vector tile (<see cref="TileTriple{T, TVec, TWidth}"/>: 3·rows accumulators, 3
    /// panel vectors and a broadcast): 4 on a 16-register file, 0 where the width has none (a 32-register file keeps
    /// its two-vector tile of 12 rows).</summary>
    static abstract int TripleRows { get; }

    static abstract TVec Load(T* source);

    static abstract TVec Broadcast(T* source);

    static abstract void Store(T* destination, TVec value);

    static abstract TVec MulAdd(TVec a, TVec b, TVec c);

    /// <summary>Lane <c>k</c> of the result is lane <c>indices[k]</c> of <paramref name="source"/>; the indices are
    /// integers of <typeparamref name="T"/>'s size (4 or 8 bytes), each below <see cref="Lanes"/> (the native shuffle:
    /// no fix-up for indices out of range, which the plain one spends a compare and a mask on).</summary>
    static abstract TVec Permute(TVec source, TVec indices);
}

/// <summary>
/// Vector128 (SSE/AVX without 256-bit acceleration, ARM64 AdvSimd). x64 has 16 xmm registers: 6×2 (12 accumulators)
/// and 8×1; ARM64 has 32 q registers: 12×2 (24 accumulators) and 16×1, the AVX-512 shapes.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Width128<T, TOp> : IVectorWidth<T, Vector128<T>>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Lanes => Vector128<T>.Count;

    public static int WideRows => AdvSimd.Arm64.IsSupported ? 12 : 6;

    public static int NarrowRows => AdvSimd.Arm64.IsSupported ? 16 : 8;

    public static int ShortWideRows => AdvSimd.Arm64.IsSupported ? 8 : 4;

    public static int TinyWideRows => AdvSimd.Arm64.IsSupported ? 4 : 0;

    public static int TripleRows => AdvSimd.Arm64.IsSupported ? 0 : 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T* source) => Vector128.Create(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector128<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MulAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) => TOp.MulAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Permute(Vector128<T> source, Vector128<T> indices) =>
        sizeof(T) == 4 ? Vector128.ShuffleNative(source.AsInt32(), indices.AsInt32()).As<int, T>() : Vector128.ShuffleNative(source.AsInt64(), indices.AsInt64()).As<long, T>();
}

/// <summary>Vector256 (AVX2 + FMA): 16 ymm registers, so 6×2 (12 accumulators, the classic BLIS AVX2 shape) and 8×1.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Width256<T, TOp> : IVectorWidth<T, Vector256<T>>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Lanes => Vector256<T>.Count;

    public static int WideRows => 6;

    public static int NarrowRows => 8;

    public static int ShortWideRows => 4;

    public static int TinyWideRows => 0;

    public static int TripleRows => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T* source) => Vector256.Create(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector256<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MulAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => TOp.MulAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Permute(Vector256<T> source, Vector256<T> indices) =>
        sizeof(T) == 4 ? Vector256.ShuffleNative(source.AsInt32(), indices.AsInt32()).As<int, T>() : Vector256.ShuffleNative(source.AsInt64(), indices.AsInt64()).As<long, T>();
}

/// <summary>Vector512 (AVX-512): 32 zmm registers, so 12×2 (24 accumulators) and 16×1.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">Its multiply-add.</typeparam>
internal readonly unsafe struct Width512<T, TOp> : IVectorWidth<T, Vector512<T>>
    where T : unmanaged
    where TOp : IMulAdd<T>
{
    public static int Lanes => Vector512<T>.Count;

    public static int WideRows => 12;

    public static int NarrowRows => 16;

    public static int ShortWideRows => 8;

    public static int TinyWideRows => 4;

    public static int TripleRows => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T* source) => Vector512.Create(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector512<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MulAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => TOp.MulAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Permute(Vector512<T> source, Vector512<T> indices) =>
        sizeof(T) == 4 ? Vector512.ShuffleNative(source.AsInt32(), indices.AsInt32()).As<int, T>() : Vector512.ShuffleNative(source.AsInt64(), indices.AsInt64()).As<long, T>();
}
