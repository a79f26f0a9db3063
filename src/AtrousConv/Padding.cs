namespace AtrousConv;

/// <summary>TensorFlow's two padding schemes for the transposed convolutions.</summary>
public enum Padding
{
    /// <summary><c>"SAME"</c>: the forward convolution keeps the spatial size (per stride); the dilated kernel is centred, the odd pixel of padding going bottom/right.</summary>
    Same,

    /// <summary><c>"VALID"</c>: no padding; the output grows by the dilated kernel's extent minus one.</summary>
    Valid,
}
