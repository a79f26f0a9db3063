namespace AtrousConv.Bench;

/// <summary>
/// A shape's forward problem in another element type: the float32 inputs converted once (<see cref="ElementTypes.FromSingle{T}(float)"/>),
/// a destination, and the check against the reference kernel run in the same type.
/// </summary>
internal static class ElementProblem
{
    /// <summary>Builds the typed inputs, runs ours once, checks it, and returns the call to time.</summary>
    public static Action Create<T>(string shape, ConvolutionOptions options)
        where T : unmanaged
    {
        var problem = new Problem(ShapeCatalog.Get(shape));
        T[] value = ElementTypes.FromSingle<T>(problem.Value), filters = ElementTypes.FromSingle<T>(problem.Filters);
        var destination = new T[problem.OutputLength];
        void Run() => problem.Run(value, filters, destination, options);

        Run();
        T[] reference = ReferenceCache.GetOrCompute(shape, problem.OutputLength, () =>
        {
            var result = new T[problem.OutputLength];
            problem.Run(value, filters, result, Problem.ReferenceOptions);
            return result;
        });
        ResultCheck.Require<T>($"{ElementTypes.ShortName<T>()}, shape {shape}", destination, reference, ElementTypes.Tolerance<T>());
        return Run;
    }
}
