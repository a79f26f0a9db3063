using System.Globalization;
using System.Text;

namespace AtrousConv.TensorFlow.GraphDefs;

/// <summary>
/// Python's <c>repr</c>/<c>str</c> of a float, which TensorFlow's text GraphDefs use for float and double fields:
/// the shortest digits that round-trip the double, fixed notation when the decimal exponent is in [-4, 16) (with
/// <c>.0</c> when integral), otherwise <c>d.ddde±XX</c> with at least two exponent digits; <c>inf</c>,
/// <c>-inf</c>, <c>nan</c>. A float32 field is widened to double first, as Python does.
/// </summary>
internal static class PythonFloat
{
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // .NET's "E16" is not shortest; "R" is shortest-round-trip. Split it into digits and a decimal exponent.
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        (string digits, int exponent) = Decompose(shortest);
        var text = new StringBuilder();
        if (value < 0)
        {
            text.Append('-');
        }

        if (exponent is >= -4 and < 16)
        {
            AppendFixed(text, digits, exponent);
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+')
                .Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Digits without leading/trailing zeros and the exponent of the first digit: 0.00123 → ("123", -3).</summary>
    private static (string Digits, int Exponent) Decompose(string shortest)
    {
        int e = shortest.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? shortest : shortest[..e];
        int exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        string integerPart = point < 0 ? mantissa : mantissa[..point];
        string fraction = point < 0 ? string.Empty : mantissa[(point + 1)..];
        string all = integerPart + fraction;
        int firstNonZero = 0;
        while (all[firstNonZero] == '0')
        {
            firstNonZero++;
        }

        string digits = all[firstNonZero..].TrimEnd('0');
        return (digits, exponent + integerPart.Length - 1 - firstNonZero);
    }

    private static void AppendFixed(StringBuilder text, string digits, int exponent)
    {
        if (exponent < 0)
        {
            text.Append("0.").Append('0', -exponent - 1).Append(digits);
            return;
        }

        if (digits.Length <= exponent + 1)
        {
            text.Append(digits).Append('0', exponent + 1 - digits.Length).Append(".0");
            return;
        }

        text.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
    }
}
