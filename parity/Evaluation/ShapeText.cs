using System.Globalization;

namespace AtrousConv.Parity.Evaluation;

/// <summary>Shapes printed as TensorFlow's lists: <c>[1, 5, 5, 2]</c>.</summary>
public static class ShapeText
{
    public static string Of(IEnumerable<long>? shape) =>
        shape is null ? "(none)" : "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
