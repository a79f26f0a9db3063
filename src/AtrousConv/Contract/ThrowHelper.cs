using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AtrousConv.Contract;

/// <summary>
/// The one place that builds exceptions. Every message names the parameter, shows the bad values and says what
/// was expected, so a caller can fix the call without reading our source. Methods never return: callers stay small
/// and the JIT keeps the throwing code out of hot paths. The contract's rules each have a method named by reason
/// (ThrowHelper.Geometry.cs); the generic builders below serve the other layers' own messages. Hidden from stack
/// traces, so a trace ends at the rule that failed.
/// </summary>
[StackTraceHidden]
internal static partial class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void OutOfRange(string paramName, object? actual, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actual, message);

    [DoesNotReturn]
    public static void NotSupported(string paramName, string message) => throw new ArgumentException(message, paramName);

    /// <summary>Formats a shape as TensorFlow prints a Python list: <c>[1, 5, 5, 2]</c>.</summary>
    public static string Shape(ReadOnlySpan<long> dims)
    {
        var parts = new string[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            parts[i] = dims[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Formats a shape as TensorFlow prints a <c>TensorShape</c>: <c>(1, 5, 5, 2)</c>, <c>(3,)</c>.</summary>
    public static string TupleShape(ReadOnlySpan<long> dims)
    {
        if (dims.Length == 1)
        {
            return "(" + dims[0].ToString(CultureInfo.InvariantCulture) + ",)";
        }

        var parts = new string[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            parts[i] = dims[i].ToString(CultureInfo.InvariantCulture);
        }

        return "(" + string.Join(", ", parts) + ")";
    }

    public static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
