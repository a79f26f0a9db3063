namespace AtrousConv.Bench;

/// <summary>
/// One benchmark problem: an NHWC float32 <c>value</c>, filters <c>[kh, kw, Cout, Cin]</c>, a rate and a padding.
/// </summary>
/// <param name="Name">The short name used on the command line, in quick-mode lines and in BenchmarkDotNet's Shape column.</param>
/// <param name="Batch">N.</param>
/// <param name="Height">H of <c>value</c>.</param>
/// <param name="Width">W of <c>value</c>.</param>
/// <param name="InChannels">Cin.</param>
/// <param name="OutChannels">Cout.</param>
/// <param name="KernelHeight">kh.</param>
/// <param name="KernelWidth">kw.</param>
/// <param name="Rate">The atrous rate.</param>
/// <param name="Padding">SAME or VALID.</param>
/// <param name="Subnormal">Whether every <c>value</c> element is a float32 subnormal (filters stay normal).</param>
/// <param name="TimeReference">
/// Whether BenchmarkDotNet also times the scalar reference kernel here (forward op and both gradients): only where
/// one reference call takes about a second or less on the 2-core VM, so the suites keep to their time budget.
/// </param>
internal sealed record ShapeCase(
    string Name, int Batch, int Height, int Width, int InChannels, int OutChannels,
    int KernelHeight, int KernelWidth, int Rate, Padding Padding, bool Subnormal, bool TimeReference)
{
    public long[] ValueShape => [Batch, Height, Width, InChannels];

    public long[] FiltersShape => [KernelHeight, KernelWidth, OutChannels, InChannels];

    /// <summary>The library decides the output shape (SAME keeps H, W; VALID adds (k − 1)·rate), so the bench cannot drift from it.</summary>
    public long[] OutputShape => Conv2DTransposeGeometry.InferAtrousOutputShape(ValueShape, FiltersShape, Rate, Padding);

    /// <summary>Multiply-adds of one call (every tap that lands inside the output counts; this ignores the border, it is for orientation only).</summary>
    public long MultiplyAdds => (long)Batch * Height * Width * InChannels * OutChannels * KernelHeight * KernelWidth;
}
