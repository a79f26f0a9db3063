using System.Runtime.CompilerServices;

namespace AtrousConv.Kernels;

/// <summary>A 16-bit storage type computed in float32: widened exactly on the way in, rounded once on the way out.</summary>
/// <typeparam name="TStorage">The storage type.</typeparam>
internal interface IFloat32Storage<TStorage>
    where TStorage : unmanaged
{
    static abstract float Widen(TStorage value);

    static abstract TStorage Narrow(float value);
}

/// <summary>IEEE half: <see cref="Half"/>'s own conversions round to nearest even.</summary>
internal readonly struct HalfStorage : IFloat32Storage<Half>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Widen(Half value) => (float)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Half Narrow(float value) => (Half)value;
}

/// <summary>bfloat16: our <see cref="BFloat16"/>, round to nearest even.</summary>
internal readonly struct BFloat16Storage : IFloat32Storage<BFloat16>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Widen(BFloat16 value) => value.ToSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BFloat16 Narrow(float value) => BFloat16.FromSingle(value);
}

/// <summary>Reads an element of <typeparamref name="TIn"/> as the kernel's <typeparamref name="T"/>, and stores a result back.</summary>
/// <typeparam name="TIn">The caller's element type.</typeparam>
/// <typeparam name="T">The kernel's element type.</typeparam>
internal interface IElementLoad<TIn, T>
{
    static abstract T Load(TIn value);

    static abstract TIn Store(T value);
}

/// <summary>The kernel computes in the caller's type.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct SameType<T> : IElementLoad<T, T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Store(T value) => value;
}

/// <summary>The kernel computes a 16-bit storage type in float32.</summary>
/// <typeparam name="TStorage">The storage type.</typeparam>
/// <typeparam name="TFormat">Its conversions.</typeparam>
internal readonly struct Widened<TStorage, TFormat> : IElementLoad<TStorage, float>
    where TStorage : unmanaged
    where TFormat : IFloat32Storage<TStorage>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(TStorage value) => TFormat.Widen(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TStorage Store(float value) => TFormat.Narrow(value);
}
