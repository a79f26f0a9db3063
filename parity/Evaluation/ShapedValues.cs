namespace AtrousConv.Parity.Evaluation;

/// <summary>A result as the runner compares it: its shape and its row-major values widened to double.</summary>
/// <param name="Shape">The lengths.</param>
/// <param name="Values">Row-major values.</param>
public sealed record ShapedValues(long[] Shape, double[] Values);
