namespace AtrousConv.Bench;

/// <summary>
/// Marks a benchmark that times the scalar reference kernel: <see cref="BenchConfig"/> runs it only on shapes where
/// one call is cheap (<see cref="ShapeCase.TimeReference"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ReferenceKernelAttribute : Attribute;
