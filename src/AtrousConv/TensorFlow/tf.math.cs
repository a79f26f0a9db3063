using System.Diagnostics.CodeAnalysis;

#pragma warning disable CS8981 // tf.math is TensorFlow's lower-case name.

namespace AtrousConv.TensorFlow;

public static partial class tf
{
    /// <summary>The <c>tf.math</c> functions of the int32 shape arithmetic (Python's <c>//</c> and <c>%</c>).</summary>
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "TensorFlow's names, so ported code reads the same.")]
    public static class math
    {
        /// <summary>Python's <c>x // y</c>: <c>FloorDiv</c>.</summary>
        /// <param name="x">The dividend (a tensor or an int).</param>
        /// <param name="y">The divisor (a tensor or an int).</param>
        /// <returns>The floored quotient.</returns>
        public static TFTensor floordiv(object x, object y) => TFBuild.Binary("floordiv", "FloorDiv", Arg(x), Arg(y));

        /// <summary>Python's <c>x % y</c>: <c>FloorMod</c>.</summary>
        /// <param name="x">The dividend (a tensor or an int).</param>
        /// <param name="y">The divisor (a tensor or an int).</param>
        /// <returns>The remainder with the divisor's sign.</returns>
        public static TFTensor floormod(object x, object y) => TFBuild.Binary("mod", "FloorMod", Arg(x), Arg(y));

        private static object Arg(object v) => v switch
        {
            TFTensor t => t,
            int i => (long)i,
            long l => l,
            _ => throw new ArgumentException($"expected a tensor or an int, got {v?.GetType().Name ?? "null"}.", nameof(v)),
        };
    }
}
