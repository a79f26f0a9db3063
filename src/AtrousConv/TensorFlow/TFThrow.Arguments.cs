using System.Diagnostics.CodeAnalysis;

namespace AtrousConv.TensorFlow;

/// <summary>The TensorFlow face's argument errors of the ops and builders, one method per reason, with TensorFlow's texts where TensorFlow has one.</summary>
internal static partial class TFThrow
{
    [DoesNotReturn]
    public static void AtrousPaddingString(string padding) =>
        Argument(nameof(padding), $"`padding` must be either 'VALID' or 'SAME'. Received: padding={padding}");

    [DoesNotReturn]
    public static void Conv2DPaddingString(string padding) =>
        Argument(nameof(padding), $"`padding` must be one of 'SAME' or 'VALID'. Received: padding={padding}");

    [DoesNotReturn]
    public static void ExplicitPaddingString() =>
        Argument("padding", "'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list. Expected \"SAME\" or \"VALID\".");

    [DoesNotReturn]
    public static void OpPaddingNotAllowed(string padding) =>
        Argument(nameof(padding), $"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: \"SAME\", \"VALID\", \"EXPLICIT\" (explicit padding lists are not supported here). Expected \"SAME\" or \"VALID\".");

    [DoesNotReturn]
    public static void FiltersDTypeDiffers(TFTensor value, TFTensor filters) =>
        Argument(nameof(filters),
            $"cannot compute Conv2DBackpropInput as input #2(zero-based) was expected to be a {filters.dtype.ToTFName()} tensor but is a {value.dtype.ToTFName()} tensor: " +
            $"value has dtype {value.dtype.ToTFName()} and filters {filters.dtype.ToTFName()}. Expected both of one dtype.");

    [DoesNotReturn]
    public static void DTypeNotAllowed(TFTensor value) =>
        Argument(nameof(value), $"Value for attr 'T' of {value.dtype.ToTFName()} is not in the list of allowed values: half, bfloat16, float, double, int32. Received value.dtype={value.dtype.ToTFName()}.");

    [DoesNotReturn]
    public static void SequenceInBatchOrDepth(string paramName, int[] values) =>
        Argument(paramName, $"Current implementation does not yet support {paramName} in the batch and depth dimensions. Received: {paramName}=[{string.Join(", ", values)}]; expected [1, h, w, 1].");

    [DoesNotReturn]
    public static void SequenceLength(string paramName, int[] values) =>
        Argument(paramName, $"{paramName} should be of length 1, 2 or 4. Received: {paramName}=[{string.Join(", ", values)}] of length {values.Length}");

    [DoesNotReturn]
    public static void DataFormatNotNhwc(string dataFormat) =>
        Argument("data_format", $"data_format={dataFormat}: only NHWC is supported (TensorFlow's CPU kernel: Conv2DCustomBackpropInputOp only supports NHWC). Expected \"NHWC\".");

    [DoesNotReturn]
    public static void NotRank4(string paramName, TFTensor tensor, string layout) =>
        Argument(paramName, $"{paramName} must have rank 4 {layout}, but {tensor.name} has shape {TFShapes.Tuple(tensor.Dims)}.");

    [DoesNotReturn]
    public static void FilterSizeUnknown(long[] filtersShape) =>
        Argument("filters", $"filters.shape={TFShapes.Tuple(filtersShape)}: the filter height and width must be known when atrous_conv2d_transpose is built; expected them static.");

    [DoesNotReturn]
    public static void ShapesUnknown(long[] value, long[] filters) =>
        Argument(nameof(value), $"atrous_conv2d here needs every dimension of value {TFShapes.Tuple(value)} and filters {TFShapes.Tuple(filters)} known when it is built; expected fully defined shapes.");

    [DoesNotReturn]
    public static void OutputShapeNotVector(TFTensor tensor) =>
        Argument("output_shape", $"output_shape must be a 1-D tensor, but {tensor.name} has shape {TFShapes.Tuple(tensor.Dims)}.");

    [DoesNotReturn]
    public static void OutputShapeNotInteger(TFTensor tensor) =>
        Argument("output_shape", $"output_shape must be an int32 or int64 tensor, but {tensor.name} has dtype {tensor.dtype.ToTFName()}.");

    [DoesNotReturn]
    public static void ShapeArithmeticTypes(string op, TFTensor x, TFTensor y) =>
        Argument(nameof(y), $"{op} here takes int32 (or int64) tensors of one dtype (shape arithmetic); got {x.dtype.ToTFName()} and {y.dtype.ToTFName()}.");

    [DoesNotReturn]
    public static void IncompatibleShapes(TFOperation op, TFTensor x, TFTensor y) =>
        Argument(nameof(y), $"{op.name} ({op.type}): Incompatible shapes: {TFShapes.Bracketed(x.Dims!)} vs. {TFShapes.Bracketed(y.Dims!)}.");

    [DoesNotReturn]
    public static void SliceStrideZero(TFOperation op) => Argument("strides", $"{op.name}: strides[0] must be non-zero.");

    [DoesNotReturn]
    public static void SliceOutOfBounds(TFOperation op, long index, long length) =>
        Argument("begin", $"{op.name}: slice index {index} of dimension 0 out of bounds for a vector of length {length}.");

    [DoesNotReturn]
    public static void SpaceBatchShape(TFOperation op, string error) => Argument("input", $"{op.name} ({op.type}): {error}.");

    [DoesNotReturn]
    public static void PlaceholderShape(long[] shape) =>
        Argument(nameof(shape), $"shape={TFShapes.Bracketed(shape)} has a dimension below -1; expected sizes >= 0, or -1 for unknown.");

    [DoesNotReturn]
    public static void NoDType(Type element) =>
        Argument("values", $"Element type {element.Name} has no TensorFlow dtype here; expected float, double, Half, BFloat16, int, long or byte.");

    [DoesNotReturn]
    public static void ValueArray(Array data) =>
        Argument(nameof(data), $"data is a {data.GetType().Name}; expected a one-dimensional float[], double[], Half[], BFloat16[], int[], long[] or byte[].");

    [DoesNotReturn]
    public static void ValueCount(long[] shape, long count, long length) =>
        Argument(nameof(shape), $"shape={TFShapes.Bracketed(shape)} holds {count} elements but data has {length}; expected equal counts.");

    [DoesNotReturn]
    public static void StackEntries() =>
        Argument("values", "values must hold scalar int tensors and ints, at least one tensor (a list of ints is a tf.constant).");

    [DoesNotReturn]
    public static void StackNotScalars(IEnumerable<TFTensor> tensors) =>
        Argument("values", $"values must be scalars of one dtype; got {string.Join(", ", tensors.Select(t => $"{t.name} {t.dtype.ToTFName()} {TFShapes.Tuple(t.Dims)}"))}.");

    [DoesNotReturn]
    public static void NullX(int index) => Argument("xs", $"xs[{index}] is null; expected tensors of ys's graph.");

    [DoesNotReturn]
    public static void GradYsMismatch(TFTensor ys, TFTensor gradYs) =>
        Argument("grad_ys", $"grad_ys has shape {TFShapes.Tuple(gradYs.Dims)} and dtype {gradYs.dtype.ToTFName()}; expected ys's shape {TFShapes.Tuple(ys.Dims)} and dtype {ys.dtype.ToTFName()}.");

    [DoesNotReturn]
    public static void GradientCount(TFOperation op, int returned) =>
        Argument("ys", $"The gradient function of op type '{op.type}' ({op.name}) returned {returned} gradients for {op.inputs.Count} inputs; expected one per input (null where none).");

    [DoesNotReturn]
    public static void NotATensorName(string name) =>
        Argument(nameof(name), $"The name '{name}' looks like an (invalid) Operation name, not a Tensor. Tensor names must be of the form \"<op_name>:<output_index>\".");

    [DoesNotReturn]
    public static void DuplicateNode(string name) => Argument(nameof(name), $"Duplicate node name in graph: '{name}'; expected unique node names.");

    [DoesNotReturn]
    public static void NoAttr(TFOperation op, string name) =>
        Argument(nameof(name), $"Operation '{op.name}' has no attr named '{name}'; it has: {string.Join(", ", op.attrs.Keys)}.");

    [DoesNotReturn]
    public static void NullFetch() => Argument("fetches", "fetches holds a null tensor; expected tensors of the session's graph.");

    [DoesNotReturn]
    public static void NullFeed(TFTensor tensor) => Argument("feed_dict", $"The value fed for {tensor.name} is null; expected a TFValue.");

    [DoesNotReturn]
    public static void ImportNameClash(string node) =>
        Argument("graph_def", $"Node name '{node}' already exists in the graph; import with a name (prefix) or into another graph.");

    [DoesNotReturn]
    public static void InputMapUnknown(IEnumerable<string> missing) =>
        Argument("input_map", $"Attempted to map inputs that were not found in graph_def: [{string.Join(", ", missing)}]");

    [DoesNotReturn]
    public static void InputMapForeign(string key) => Argument("input_map", $"input_map['{key}'] must be a tensor of the graph imported into.");

    [DoesNotReturn]
    public static void InputMapOutput(string key) => Argument("input_map", $"input_map key '{key}': these ops have one output, ':0'.");

    [DoesNotReturn]
    public static void ReturnElementUnknown(string element) => Argument("return_elements", $"Requested return_element '{element}' not found in graph_def.");
}
