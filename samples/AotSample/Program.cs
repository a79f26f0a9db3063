using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AtrousConv;

// One tf.nn.atrous_conv2d_transpose, checked against a closed form, on every kernel this process can run.
// Exit code 0: every kernel gave the closed form exactly; 1: a mismatch (the first one is printed).
//
// The case: value[n, y, x, c] = y + 1 and filters[a, b, o, c] = a + 1 (both independent of the other indices),
// SAME padding, stride 1, rate r. The transposed convolution is the gradient of the forward one:
//   output[n, i, j, o] = Σ_c Σ_a Σ_b filters[a, b, o, c] · value[n, i + top − a·r, j + left − b·r, c]
// over the taps that land inside the value, with top = left = ((k − 1)·r) / 2 (SAME: the total padding of the
// dilated k-tap filter, (k − 1)·r, split with the smaller half on top/left). The sum separates into
//   output[n, i, j, o] = C · Rows(i) · Cols(j),  Rows(i) = Σ_{a valid} (a + 1)·(i + top − a·r + 1),  Cols(j) = #{b valid}
// All terms are small integers, so float32 gives them exactly and the check is bit for bit.
const int batch = 1, height = 9, width = 7, inChannels = 4, outChannels = 32, k = 3, rate = 2;
int pad = (k - 1) * rate / 2;

float[] value = new float[batch * height * width * inChannels];
for (int i = 0; i < value.Length; i++)
{
    value[i] = (i / (width * inChannels) % height) + 1;
}

float[] filters = new float[k * k * outChannels * inChannels];
for (int i = 0; i < filters.Length; i++)
{
    filters[i] = (i / (k * outChannels * inChannels)) + 1;
}

Console.WriteLine($"AtrousConv AOT sample on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, "
    + $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}");
Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256 accelerated: {Vector256.IsHardwareAccelerated}, "
    + $"Vector128 accelerated: {Vector128.IsHardwareAccelerated}; the default kernel runs {DefaultKernel()}");

var kernels = new List<KernelVariant> { KernelVariant.Auto, KernelVariant.Scalar };
if (Vector256.IsHardwareAccelerated)
{
    kernels.Add(KernelVariant.Vector256);
}

if (Vector512.IsHardwareAccelerated)
{
    kernels.Add(KernelVariant.Vector512);
}

int failures = 0;
foreach (KernelVariant kernel in kernels)
{
    float[] output = new float[batch * height * width * outChannels];
    Convolution.AtrousConv2DTranspose<float>(
        new ReadOnlyTensorSpan<float>(value, [batch, height, width, inChannels]),
        new ReadOnlyTensorSpan<float>(filters, [k, k, outChannels, inChannels]),
        new TensorSpan<float>(output, [batch, height, width, outChannels]),
        rate, Padding.Same, new ConvolutionOptions { Kernel = kernel });
    string? mismatch = FirstMismatch(output);
    Console.WriteLine($"  {kernel,-9} {(mismatch is null ? "matches the closed form" : "MISMATCH " + mismatch)}");
    failures += mismatch is null ? 0 : 1;
}

Console.WriteLine(failures == 0 ? "ok" : $"FAILED on {failures} kernel(s)");
return failures == 0 ? 0 : 1;

string? FirstMismatch(float[] output)
{
    for (int i = 0; i < height; i++)
    {
        for (int j = 0; j < width; j++)
        {
            float expected = inChannels * Rows(i) * Cols(j);
            for (int o = 0; o < outChannels; o++)
            {
                float actual = output[(((i * width) + j) * outChannels) + o];
                if (actual != expected)
                {
                    return $"at [0, {i}, {j}, {o}]: {actual}, expected {expected}";
                }
            }
        }
    }

    return null;
}

float Rows(int i)
{
    float sum = 0;
    for (int a = 0; a < k; a++)
    {
        int y = i + pad - (a * rate);
        sum += y is >= 0 and < height ? (a + 1) * (y + 1) : 0;
    }

    return sum;
}

float Cols(int j)
{
    int count = 0;
    for (int b = 0; b < k; b++)
    {
        int x = j + pad - (b * rate);
        count += x is >= 0 and < width ? 1 : 0;
    }

    return count;
}

static string DefaultKernel() =>
    Vector512.IsHardwareAccelerated ? "Vector512 (512-bit vectors)"
    : Vector256.IsHardwareAccelerated ? "Vector256 (256-bit vectors)"
    : "Scalar (no 256/512-bit vectors: publish with IlcInstructionSet, see the README)";
