using System.Numerics.Tensors;

namespace AtrousConv.TensorFlow;

/// <summary>How each kind of operation computes its values: through the .NET face, on the operation's geometry.</summary>
internal static class TFEvaluation
{
    /// <summary>The transposed convolution of <c>inputs[0]</c> with <c>inputs[1]</c>.</summary>
    public static Array Transpose(TFOperation op) => Dispatch(op, new TransposeRun());

    /// <summary>The forward convolution (the geometry's adjoint) of <c>inputs[0]</c> with <c>inputs[1]</c>.</summary>
    public static Array Adjoint(TFOperation op) => Dispatch(op, new AdjointRun());

    /// <summary>The filter gradient of the geometry for value <c>inputs[0]</c> and upstream gradient <c>inputs[1]</c>.</summary>
    public static Array FilterGradient(TFOperation op) => Dispatch(op, new FilterGradientRun());

    /// <summary>The element-wise sum of all inputs.</summary>
    public static Array AddN(TFOperation op) => op.output.dtype switch
    {
        TFDataType.Float32 => Sum<float>(op),
        TFDataType.Float64 => Sum<double>(op),
        TFDataType.Float16 => SumWidened(op, v => (float)(Half)v, f => (Half)f),
        TFDataType.BFloat16 => SumWidened(op, v => ((BFloat16)v).ToSingle(), BFloat16.FromSingle),
        TFDataType.Int32 => Sum<int>(op),
        _ => throw new InvalidOperationException($"dtype {op.output.dtype} passed validation; this is a bug."),
    };

    private interface IRun
    {
        T[] Run<T>(TFOperation op, T[] first, T[] second)
            where T : unmanaged;
    }

    private static Array Dispatch<TRun>(TFOperation op, TRun run)
        where TRun : IRun => op.output.dtype switch
        {
            TFDataType.Float32 => Typed<float, TRun>(op, run),
            TFDataType.Float64 => Typed<double, TRun>(op, run),
            TFDataType.Float16 => Typed<Half, TRun>(op, run),
            TFDataType.BFloat16 => Typed<BFloat16, TRun>(op, run),
            TFDataType.Int32 => Typed<int, TRun>(op, run),
            _ => throw new InvalidOperationException($"dtype {op.output.dtype} passed validation; this is a bug."),
        };

    private static T[] Typed<T, TRun>(TFOperation op, TRun run)
        where T : unmanaged
        where TRun : IRun => run.Run(op, (T[])op.inputs[0].Values, (T[])op.inputs[1].Values);

    private static nint[] Lengths(long[] shape) => Array.ConvertAll(shape, d => checked((nint)d));

    private static int[] Strides(Conv2DTransposeGeometry g) => [checked((int)g.StrideHeight), checked((int)g.StrideWidth)];

    private static int[] Dilations(Conv2DTransposeGeometry g) => [checked((int)g.DilationHeight), checked((int)g.DilationWidth)];

    private static T[] Flat<T>(Tensor<T> tensor)
    {
        var result = new T[tensor.FlattenedLength];
        tensor.FlattenTo(result);
        return result;
    }

    private static T[] Sum<T>(TFOperation op)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var result = (T[])((T[])op.inputs[0].Values).Clone();
        for (int i = 1; i < op.inputs.Count; i++)
        {
            var other = (T[])op.inputs[i].Values;
            for (int k = 0; k < result.Length; k++)
            {
                result[k] += other[k];
            }
        }

        return result;
    }

    private static T[] SumWidened<T>(TFOperation op, Func<object, float> widen, Func<float, T> narrow)
    {
        var sum = new float[((Array)op.inputs[0].Values).Length];
        foreach (TFTensor input in op.inputs)
        {
            Array values = input.Values;
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += widen(values.GetValue(k)!);
            }
        }

        return Array.ConvertAll(sum, f => narrow(f));
    }

    private readonly struct TransposeRun : IRun
    {
        public T[] Run<T>(TFOperation op, T[] first, T[] second)
            where T : unmanaged
        {
            Conv2DTransposeGeometry g = op.Geometry!;
            var result = new T[g.OutputElementCount];
            Convolution.Conv2DTranspose(
                new ReadOnlyTensorSpan<T>(first, Lengths(g.ValueShape)), new ReadOnlyTensorSpan<T>(second, Lengths(g.FiltersShape)),
                new TensorSpan<T>(result, Lengths(g.OutputShape)), Strides(g), g.Padding, Dilations(g));
            return result;
        }
    }

    private readonly struct AdjointRun : IRun
    {
        public T[] Run<T>(TFOperation op, T[] first, T[] second)
            where T : unmanaged
        {
            Conv2DTransposeGeometry g = op.Geometry!;
            return Flat(Convolution.Conv2D(
                new ReadOnlyTensorSpan<T>(first, Lengths(g.OutputShape)), new ReadOnlyTensorSpan<T>(second, Lengths(g.FiltersShape)), Strides(g), g.Padding, Dilations(g)));
        }
    }

    private readonly struct FilterGradientRun : IRun
    {
        public T[] Run<T>(TFOperation op, T[] first, T[] second)
            where T : unmanaged
        {
            Conv2DTransposeGeometry g = op.Geometry!;
            return Flat(Convolution.Conv2DTransposeFilterGradient(
                new ReadOnlyTensorSpan<T>(first, Lengths(g.ValueShape)), new ReadOnlyTensorSpan<T>(second, Lengths(g.OutputShape)), g.FiltersShape, Strides(g), g.Padding, Dilations(g)));
        }
    }
}
