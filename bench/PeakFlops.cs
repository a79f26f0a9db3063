using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AtrousConv.Bench;

/// <summary>
/// <c>--peak</c>: this core's float32 FMA peak, measured with 24 independent Vector512 (else Vector256) fused
/// multiply-add chains in a small leaf method — the number the kernels' GFLOP/s are a fraction of. The CPU can change
/// between machines, so the results files quote this measurement rather than a datasheet.
/// </summary>
internal static class PeakFlops
{
    public static int Run(TextWriter output)
    {
        bool wide = Vector512.IsHardwareAccelerated;
        long iterations = 20_000_000;
        double best = 0;
        for (int round = 0; round < 9; round++)
        {
            var watch = Stopwatch.StartNew();
            float sink = wide ? Chains512(iterations) : Chains256(iterations);
            watch.Stop();
            double flops = iterations * 24.0 * (wide ? 16 : 8) * 2;
            best = Math.Max(best, flops / watch.Elapsed.TotalSeconds / 1e9);
            GC.KeepAlive(sink);
        }

        output.WriteLine($"peak {(wide ? "Vector512" : "Vector256")} fp32 FMA, 1 core: {best:F1} GFLOP/s (best of 9 rounds)");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(long n)
    {
        Vector512<float> a = Vector512.Create(1e-7f), b = Vector512.Create(0.999f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        Vector512<float> c12 = a, c13 = a, c14 = a, c15 = a, c16 = a, c17 = a, c18 = a, c19 = a, c20 = a, c21 = a, c22 = a, c23 = a;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, b, a); c1 = Vector512.FusedMultiplyAdd(c1, b, a); c2 = Vector512.FusedMultiplyAdd(c2, b, a);
            c3 = Vector512.FusedMultiplyAdd(c3, b, a); c4 = Vector512.FusedMultiplyAdd(c4, b, a); c5 = Vector512.FusedMultiplyAdd(c5, b, a);
            c6 = Vector512.FusedMultiplyAdd(c6, b, a); c7 = Vector512.FusedMultiplyAdd(c7, b, a); c8 = Vector512.FusedMultiplyAdd(c8, b, a);
            c9 = Vector512.FusedMultiplyAdd(c9, b, a); c10 = Vector512.FusedMultiplyAdd(c10, b, a); c11 = Vector512.FusedMultiplyAdd(c11, b, a);
            c12 = Vector512.FusedMultiplyAdd(c12, b, a); c13 = Vector512.FusedMultiplyAdd(c13, b, a); c14 = Vector512.FusedMultiplyAdd(c14, b, a);
            c15 = Vector512.FusedMultiplyAdd(c15, b, a); c16 = Vector512.FusedMultiplyAdd(c16, b, a); c17 = Vector512.FusedMultiplyAdd(c17, b, a);
            c18 = Vector512.FusedMultiplyAdd(c18, b, a); c19 = Vector512.FusedMultiplyAdd(c19, b, a); c20 = Vector512.FusedMultiplyAdd(c20, b, a);
            c21 = Vector512.FusedMultiplyAdd(c21, b, a); c22 = Vector512.FusedMultiplyAdd(c22, b, a); c23 = Vector512.FusedMultiplyAdd(c23, b, a);
        }

        Vector512<float> sum = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15 + c16 + c17 + c18 + c19 + c20 + c21 + c22 + c23;
        return sum[0];
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(long n)
    {
        Vector256<float> a = Vector256.Create(1e-7f), b = Vector256.Create(0.999f);
        Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (long i = 0; i < 2 * n; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, b, a); c1 = Vector256.FusedMultiplyAdd(c1, b, a); c2 = Vector256.FusedMultiplyAdd(c2, b, a);
            c3 = Vector256.FusedMultiplyAdd(c3, b, a); c4 = Vector256.FusedMultiplyAdd(c4, b, a); c5 = Vector256.FusedMultiplyAdd(c5, b, a);
            c6 = Vector256.FusedMultiplyAdd(c6, b, a); c7 = Vector256.FusedMultiplyAdd(c7, b, a); c8 = Vector256.FusedMultiplyAdd(c8, b, a);
            c9 = Vector256.FusedMultiplyAdd(c9, b, a); c10 = Vector256.FusedMultiplyAdd(c10, b, a); c11 = Vector256.FusedMultiplyAdd(c11, b, a);
        }

        Vector256<float> sum = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
        return sum[0];
    }
}
