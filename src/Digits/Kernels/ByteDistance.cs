using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// Exact integer distances between two byte vectors (pixels 0-255). Integer arithmetic has no rounding, so
/// every path (512-, 256-, 128-bit and scalar) returns the same value bit for bit. The public methods take the
/// widest path the CPU accelerates for the length; the overloads with a <see cref="SimdWidth"/> run one path, so
/// tests can check each against the scalar definition. The loop is written once per width
/// (<see cref="Aggregate512{TOperator}"/>, <see cref="Aggregate256{TOperator}"/>,
/// <see cref="Aggregate128{TOperator}"/>, <see cref="AggregateScalar{TOperator}"/>); the math lives in small
/// operator structs, one per distance, written once per width on <see cref="IntegerSimd"/>.
/// </summary>
/// <remarks>
/// Sums fit in 32 bits for vectors up to <see cref="MaxLength"/> elements (255² x 33,000 &lt; 2³¹); callers check lengths.
/// </remarks>
internal static class ByteDistance
{
    /// <summary>Largest vector length whose squared distance or dot product cannot overflow an <see cref="int"/>.</summary>
    public const int MaxLength = 33_000;

    // Elements between two checks of the bound in SquaredL2Bounded.
    private const int BoundedBlock = 128;

    /// <summary>Sum of (a[i] - b[i])², exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SquaredL2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate<SquaredDifference>(a, b);

    /// <summary>Sum of |a[i] - b[i]|, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int L1(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate<AbsoluteDifference>(a, b);

    /// <summary>Sum of a[i] * b[i], exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate<Product>(a, b);

    /// <summary><see cref="SquaredL2(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> on one path (scalar when the vectors are shorter than one vector of that width).</summary>
    internal static int SquaredL2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, SimdWidth width) => Aggregate<SquaredDifference>(a, b, width);

    /// <summary><see cref="L1(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> on one path.</summary>
    internal static int L1(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, SimdWidth width) => Aggregate<AbsoluteDifference>(a, b, width);

    /// <summary><see cref="Dot(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> on one path.</summary>
    internal static int Dot(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, SimdWidth width) => Aggregate<Product>(a, b, width);

    /// <summary>
    /// Sum of (a[i] - b[i])², exactly, unless a prefix of the sum already exceeds <paramref name="limit"/>: then
    /// some partial sum larger than <paramref name="limit"/> (and at most the full sum) is returned early. The
    /// bound is checked every 128 elements on every path; put the most varying elements first to stop soonest.
    /// </summary>
    public static int SquaredL2Bounded(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        CheckLengths(a, b);
        if (Vector512.IsHardwareAccelerated && a.Length >= Vector512<byte>.Count)
        {
            return Bounded512(a, b, limit);
        }

        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<byte>.Count)
        {
            return Bounded256(a, b, limit);
        }

        if (Vector128.IsHardwareAccelerated && a.Length >= Vector128<byte>.Count)
        {
            return Bounded128(a, b, limit);
        }

        return BoundedScalar(a, b, limit);
    }

    /// <summary><see cref="SquaredL2Bounded(ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/> on one path.</summary>
    internal static int SquaredL2Bounded(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit, SimdWidth width)
    {
        CheckLengths(a, b);
        return width switch
        {
            SimdWidth.Bits512 when a.Length >= Vector512<byte>.Count => Bounded512(a, b, limit),
            SimdWidth.Bits256 when a.Length >= Vector256<byte>.Count => Bounded256(a, b, limit),
            SimdWidth.Bits128 when a.Length >= Vector128<byte>.Count => Bounded128(a, b, limit),
            _ => BoundedScalar(a, b, limit),
        };
    }

    /// <summary>Gets the path the public methods take for vectors of at least 64 elements (for reports).</summary>
    public static SimdWidth Path => SimdWidths.Widest;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Aggregate<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
    {
        CheckLengths(a, b);
        if (Vector512.IsHardwareAccelerated && a.Length >= Vector512<byte>.Count)
        {
            return Aggregate512<TOperator>(a, b);
        }

        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<byte>.Count)
        {
            return Aggregate256<TOperator>(a, b);
        }

        if (Vector128.IsHardwareAccelerated && a.Length >= Vector128<byte>.Count)
        {
            return Aggregate128<TOperator>(a, b);
        }

        return AggregateScalar<TOperator>(a, b);
    }

    private static int Aggregate<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, SimdWidth width)
        where TOperator : struct, IByteOperator
    {
        CheckLengths(a, b);
        return width switch
        {
            SimdWidth.Bits512 when a.Length >= Vector512<byte>.Count => Aggregate512<TOperator>(a, b),
            SimdWidth.Bits256 when a.Length >= Vector256<byte>.Count => Aggregate256<TOperator>(a, b),
            SimdWidth.Bits128 when a.Length >= Vector128<byte>.Count => Aggregate128<TOperator>(a, b),
            _ => AggregateScalar<TOperator>(a, b),
        };
    }

    private static int AggregateScalar<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
    {
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += TOperator.Invoke(a[i], b[i]);
        }

        return sum;
    }

    // The vector paths need a.Length >= one vector; every operator maps (0, 0) to 0, so blanked lanes add nothing.
    private static int Aggregate512<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
        => Rest512<TOperator>(a, b, 0, Vector512<int>.Zero);

    // Adds the elements from i on to acc: whole vectors, then the last full vector ending exactly at the end
    // with the lanes already counted blanked to zero in both inputs.
    private static int Rest512<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int i, Vector512<int> acc)
        where TOperator : struct, IByteOperator
    {
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        for (; i <= a.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
        {
            acc = TOperator.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector512<byte>.Count;
            var keep = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(i - start)));
            acc = TOperator.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)start) & keep, Vector512.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector512.Sum(acc);
    }

    private static int Aggregate256<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
        => Rest256<TOperator>(a, b, 0, Vector256<int>.Zero);

    // Adds the elements from i on to acc: whole vectors, then the last full vector ending exactly at the end
    // with the lanes already counted blanked to zero in both inputs.
    private static int Rest256<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int i, Vector256<int> acc)
        where TOperator : struct, IByteOperator
    {
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        for (; i <= a.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            acc = TOperator.Accumulate(acc, Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector256<byte>.Count;
            var keep = Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)(i - start)));
            acc = TOperator.Accumulate(acc, Vector256.LoadUnsafe(ref pa, (nuint)start) & keep, Vector256.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector256.Sum(acc);
    }

    private static int Aggregate128<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
        => Rest128<TOperator>(a, b, 0, Vector128<int>.Zero);

    // Adds the elements from i on to acc: whole vectors, then the last full vector ending exactly at the end
    // with the lanes already counted blanked to zero in both inputs.
    private static int Rest128<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int i, Vector128<int> acc)
        where TOperator : struct, IByteOperator
    {
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        for (; i <= a.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
        {
            acc = TOperator.Accumulate(acc, Vector128.LoadUnsafe(ref pa, (nuint)i), Vector128.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector128<byte>.Count;
            var keep = Vector128.GreaterThanOrEqual(Vector128<byte>.Indices, Vector128.Create((byte)(i - start)));
            acc = TOperator.Accumulate(acc, Vector128.LoadUnsafe(ref pa, (nuint)start) & keep, Vector128.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector128.Sum(acc);
    }

    // The bounded sums: blocks of 128 elements with a check after each, then the rest as Aggregate adds it.
    private static int BoundedScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += SquaredDifference.Invoke(a[i], b[i]);
            if ((i & (BoundedBlock - 1)) == BoundedBlock - 1 && sum > limit)
            {
                return sum;
            }
        }

        return sum;
    }

    private static int Bounded512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector512<int>.Zero;
        int i = 0;
        for (; i <= a.Length - BoundedBlock; i += BoundedBlock)
        {
            for (int v = 0; v < BoundedBlock; v += Vector512<byte>.Count)
            {
                acc = SquaredDifference.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)(i + v)), Vector512.LoadUnsafe(ref pb, (nuint)(i + v)));
            }

            int partial = Vector512.Sum(acc);
            if (partial > limit)
            {
                return partial;
            }
        }

        return Rest512<SquaredDifference>(a, b, i, acc);
    }

    private static int Bounded256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<int>.Zero;
        int i = 0;
        for (; i <= a.Length - BoundedBlock; i += BoundedBlock)
        {
            for (int v = 0; v < BoundedBlock; v += Vector256<byte>.Count)
            {
                acc = SquaredDifference.Accumulate(acc, Vector256.LoadUnsafe(ref pa, (nuint)(i + v)), Vector256.LoadUnsafe(ref pb, (nuint)(i + v)));
            }

            int partial = Vector256.Sum(acc);
            if (partial > limit)
            {
                return partial;
            }
        }

        return Rest256<SquaredDifference>(a, b, i, acc);
    }

    private static int Bounded128(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector128<int>.Zero;
        int i = 0;
        for (; i <= a.Length - BoundedBlock; i += BoundedBlock)
        {
            for (int v = 0; v < BoundedBlock; v += Vector128<byte>.Count)
            {
                acc = SquaredDifference.Accumulate(acc, Vector128.LoadUnsafe(ref pa, (nuint)(i + v)), Vector128.LoadUnsafe(ref pb, (nuint)(i + v)));
            }

            int partial = Vector128.Sum(acc);
            if (partial > limit)
            {
                return partial;
            }
        }

        return Rest128<SquaredDifference>(a, b, i, acc);
    }

    private static void CheckLengths(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            ThrowLengths(a.Length, b.Length);
        }
    }

    private static void ThrowLengths(int a, int b)
        => throw new ArgumentException($"Expected vectors of equal length, got {a} and {b}.", nameof(b));

    /// <summary>The math of one distance, per element and per vector width; (0, 0) must contribute 0.</summary>
    private interface IByteOperator
    {
        static abstract int Invoke(byte a, byte b);

        static abstract Vector512<int> Accumulate(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b);

        static abstract Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b);

        static abstract Vector128<int> Accumulate(Vector128<int> acc, Vector128<byte> a, Vector128<byte> b);
    }

    /// <summary>(a - b)²: widen to 16 bits, subtract, multiply-add adjacent pairs into 32 bits.</summary>
    private readonly struct SquaredDifference : IByteOperator
    {
        public static int Invoke(byte a, byte b) => (a - b) * (a - b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Accumulate(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
        {
            var (aLo, aHi) = Vector512.Widen(a);
            var (bLo, bHi) = Vector512.Widen(b);
            var dLo = (aLo - bLo).AsInt16();
            var dHi = (aHi - bHi).AsInt16();
            return acc + IntegerSimd.MultiplyAddAdjacent(dLo, dLo) + IntegerSimd.MultiplyAddAdjacent(dHi, dHi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
        {
            var (aLo, aHi) = Vector256.Widen(a);
            var (bLo, bHi) = Vector256.Widen(b);
            var dLo = (aLo - bLo).AsInt16();
            var dHi = (aHi - bHi).AsInt16();
            return acc + IntegerSimd.MultiplyAddAdjacent(dLo, dLo) + IntegerSimd.MultiplyAddAdjacent(dHi, dHi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Accumulate(Vector128<int> acc, Vector128<byte> a, Vector128<byte> b)
        {
            var (aLo, aHi) = Vector128.Widen(a);
            var (bLo, bHi) = Vector128.Widen(b);
            var dLo = (aLo - bLo).AsInt16();
            var dHi = (aHi - bHi).AsInt16();
            return acc + IntegerSimd.MultiplyAddAdjacent(dLo, dLo) + IntegerSimd.MultiplyAddAdjacent(dHi, dHi);
        }
    }

    /// <summary>|a - b|, summed over the vector (<see cref="IntegerSimd.AddAbsoluteDifferences(Vector512{int}, Vector512{byte}, Vector512{byte})"/>).</summary>
    private readonly struct AbsoluteDifference : IByteOperator
    {
        public static int Invoke(byte a, byte b) => Math.Abs(a - b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Accumulate(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b) => IntegerSimd.AddAbsoluteDifferences(acc, a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b) => IntegerSimd.AddAbsoluteDifferences(acc, a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Accumulate(Vector128<int> acc, Vector128<byte> a, Vector128<byte> b) => IntegerSimd.AddAbsoluteDifferences(acc, a, b);
    }

    /// <summary>a * b: widen to 16 bits and multiply-add adjacent pairs into 32 bits.</summary>
    private readonly struct Product : IByteOperator
    {
        public static int Invoke(byte a, byte b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Accumulate(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
        {
            var (aLo, aHi) = Vector512.Widen(a);
            var (bLo, bHi) = Vector512.Widen(b);
            return acc + IntegerSimd.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + IntegerSimd.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
        {
            var (aLo, aHi) = Vector256.Widen(a);
            var (bLo, bHi) = Vector256.Widen(b);
            return acc + IntegerSimd.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + IntegerSimd.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<int> Accumulate(Vector128<int> acc, Vector128<byte> a, Vector128<byte> b)
        {
            var (aLo, aHi) = Vector128.Widen(a);
            var (bLo, bHi) = Vector128.Widen(b);
            return acc + IntegerSimd.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + IntegerSimd.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
        }
    }
}
