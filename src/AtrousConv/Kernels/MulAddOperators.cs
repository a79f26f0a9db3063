using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Kernels;

/// <summary>
/// <c>a·b + c</c> for one element type at every width the kernels use. Floating types use fused multiply-add,
/// rounded once, so the scalar, Vector128, Vector256 and Vector512 paths give bit-identical results for the same
/// summation order. int32 multiplies and adds modulo 2^32, as TensorFlow's int32 kernel does.
/// </summary>
/// <typeparam name="T">The accumulation type.</typeparam>
internal interface IMulAdd<T>
    where T : unmanaged
{
    static abstract T MulAdd(T a, T b, T c);

    static abstract T Add(T a, T b);

    static abstract Vector128<T> MulAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c);

    static abstract Vector256<T> MulAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c);

    static abstract Vector512<T> MulAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c);
}

/// <summary>float32: fused multiply-add (RyuJIT never contracts <c>a*b+c</c> by itself).</summary>
internal readonly struct SingleMulAdd : IMulAdd<float>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MulAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
}

/// <summary>float64: fused multiply-add.</summary>
internal readonly struct DoubleMulAdd : IMulAdd<double>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MulAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Add(double a, double b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MulAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MulAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MulAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
}

/// <summary>int32: wrapping multiply and add (two's complement), as TensorFlow computes int32 convolutions.</summary>
internal readonly struct Int32MulAdd : IMulAdd<int>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MulAdd(int a, int b, int c) => unchecked((a * b) + c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add(int a, int b) => unchecked(a + b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MulAdd(Vector128<int> a, Vector128<int> b, Vector128<int> c) => (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulAdd(Vector256<int> a, Vector256<int> b, Vector256<int> c) => (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulAdd(Vector512<int> a, Vector512<int> b, Vector512<int> c) => (a * b) + c;
}
