namespace AtrousConv.Contract;

/// <summary>Which way a <see cref="Conv2DTransposeGeometry"/> is run.</summary>
internal enum ConvDirection
{
    /// <summary>The transposed convolution: value-shaped input → output-shaped result (<c>Conv2DBackpropInput</c>).</summary>
    Transpose,

    /// <summary>Its adjoint, the forward convolution: output-shaped input → value-shaped result (<c>Conv2D</c>); also the
    /// gradient of the transposed op with respect to <c>value</c>, and <c>atrous_conv2d</c>.</summary>
    Adjoint,
}
