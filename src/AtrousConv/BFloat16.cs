using System.Globalization;
using System.Runtime.CompilerServices;

namespace AtrousConv;

/// <summary>
/// TensorFlow's <c>bfloat16</c>: the upper 16 bits of an IEEE float32 (1 sign, 8 exponent, 7 mantissa bits).
/// .NET has no such type; this one stores the raw bits, widens exactly to <see cref="float"/>, and narrows
/// with round-to-nearest-even as TensorFlow does (NaN stays NaN).
/// </summary>
public readonly struct BFloat16 : IEquatable<BFloat16>
{
    private BFloat16(ushort bits) => RawValue = bits;

    /// <summary>The raw bits: exactly the upper 16 bits of the equivalent <see cref="float"/>.</summary>
    public ushort RawValue { get; }

    /// <summary>Creates a value from its raw bits (as NumPy stores bfloat16 arrays: <c>&lt;u2</c>).</summary>
    /// <param name="bits">The upper 16 bits of a float32.</param>
    /// <returns>The value.</returns>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Rounds a <see cref="float"/> to the nearest bfloat16, ties to even; NaN gives a quiet NaN of the same sign.</summary>
    /// <param name="value">The value to narrow.</param>
    /// <returns>The nearest bfloat16.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BFloat16 FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return new BFloat16((ushort)((bits >> 16) | 0x0040));
        }

        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return new BFloat16((ushort)((bits + roundingBias) >> 16));
    }

    /// <summary>Widens to <see cref="float"/> exactly.</summary>
    /// <returns>The same value as a float32.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ToSingle() => BitConverter.UInt32BitsToSingle((uint)RawValue << 16);

    /// <summary>Rounds a <see cref="float"/> to bfloat16 (see <see cref="FromSingle(float)"/>).</summary>
    /// <param name="value">The value to narrow.</param>
    public static explicit operator BFloat16(float value) => FromSingle(value);

    /// <summary>Widens to <see cref="float"/> exactly.</summary>
    /// <param name="value">The value to widen.</param>
    public static implicit operator float(BFloat16 value) => value.ToSingle();

    /// <summary>IEEE equality, as <see cref="float"/> and <see cref="Half"/>: +0 equals −0, NaN equals nothing (not even itself).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(BFloat16 left, BFloat16 right) =>
        !IsNaN(left) && !IsNaN(right) && (left.RawValue == right.RawValue || IsZero(left) && IsZero(right));

    /// <summary>IEEE inequality: true when either is NaN.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(BFloat16 left, BFloat16 right) => !(left == right);

    /// <summary>
    /// Equality as <see cref="Half.Equals(Half)"/> defines it for collections and dictionaries: <c>==</c>, except
    /// that every NaN equals every NaN (so a NaN can be found again). +0 equals −0.
    /// </summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the two are equal.</returns>
    public bool Equals(BFloat16 other) => this == other || IsNaN(this) && IsNaN(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <summary>A hash consistent with <see cref="Equals(BFloat16)"/>: +0 and −0 hash alike, and so do all NaNs.</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => IsNaN(this) ? ExponentBits : IsZero(this) ? 0 : RawValue;

    private const ushort ExponentBits = 0x7F80;

    private static bool IsNaN(BFloat16 value) => (value.RawValue & 0x7FFF) > ExponentBits;

    private static bool IsZero(BFloat16 value) => (value.RawValue & 0x7FFF) == 0;

    /// <inheritdoc/>
    public override string ToString() => ToSingle().ToString(CultureInfo.InvariantCulture);
}
