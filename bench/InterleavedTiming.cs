using System.Diagnostics;
using System.Globalization;

namespace AtrousConv.Bench;

/// <summary>
/// The quick modes' measurement, without BenchmarkDotNet: two calls alternate round by round (and swap who goes
/// first), so the VM's slow phases hit both alike; medians discard the outliers.
/// </summary>
internal static class InterleavedTiming
{
    private const double WarmupSeconds = 0.5, SampleSeconds = 0.02;
    private const int MinRounds = 5, MaxRounds = 41;

    /// <param name="first">One engine's call.</param>
    /// <param name="second">The other's.</param>
    /// <param name="budgetSeconds">Time for the timed rounds (at least <see cref="MinRounds"/> rounds are taken whatever it costs).</param>
    /// <param name="log">Gets one line on rounds and calls per sample.</param>
    /// <param name="label">Names the measurement in that line.</param>
    /// <param name="processorTime">Time samples by the process's processor time instead of the wall clock: on a
    /// shared machine the time other processes take from a one-thread run then does not count (the process's own
    /// threads, the GC's included, still do).</param>
    /// <returns>Median milliseconds per call of each.</returns>
    public static (double FirstMs, double SecondMs) Measure(Action first, Action second, double budgetSeconds, TextWriter log, string label, bool processorTime = false)
    {
        double firstOnce = WarmUp(first), secondOnce = WarmUp(second);
        int firstReps = Repetitions(firstOnce), secondReps = Repetitions(secondOnce);
        int rounds = Math.Clamp((int)(budgetSeconds / ((firstOnce * firstReps) + (secondOnce * secondReps))), MinRounds, MaxRounds);
        var firstMs = new double[rounds];
        var secondMs = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            if (r % 2 == 0)
            {
                firstMs[r] = Sample(first, firstReps, processorTime);
                secondMs[r] = Sample(second, secondReps, processorTime);
            }
            else
            {
                secondMs[r] = Sample(second, secondReps, processorTime);
                firstMs[r] = Sample(first, firstReps, processorTime);
            }
        }

        log.WriteLine(Invariant($"# {label}: {rounds} rounds, {firstReps} / {secondReps} calls per sample"));
        return (Median(firstMs), Median(secondMs));
    }

    public static double GeoMean(IEnumerable<double> values) => Math.Exp(values.Average(Math.Log));

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs for half a second (and at least twice), long enough for tiered JIT to promote the hot methods (after
    /// ~30 calls and a 100 ms delay). Returns the fastest call, in seconds, to size the samples.
    /// </summary>
    private static double WarmUp(Action run)
    {
        var total = Stopwatch.StartNew();
        double fastest = double.MaxValue;
        for (int calls = 0; calls < 2 || total.Elapsed.TotalSeconds < WarmupSeconds; calls++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return fastest;
    }

    /// <summary>Calls per sample: tiny shapes are repeated so a sample is long against timer and call overhead.</summary>
    private static int Repetitions(double secondsPerCall) => Math.Max(1, (int)Math.Ceiling(SampleSeconds / secondsPerCall));

    private static double Sample(Action run, int repetitions, bool processorTime)
    {
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpuStart = processorTime ? process.TotalProcessorTime : default;
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; k < repetitions; k++)
        {
            run();
        }

        if (processorTime)
        {
            process.Refresh();
            return (process.TotalProcessorTime - cpuStart).TotalMilliseconds / repetitions;
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / repetitions;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
