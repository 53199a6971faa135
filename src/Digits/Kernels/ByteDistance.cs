using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Digits.Kernels;

/// <summary>
/// Exact integer distances between two byte vectors (pixels 0-255). Integer arithmetic has no rounding, so
/// every path (512-bit, 256-bit, scalar) returns the same value bit for bit. The public methods pick the
/// widest path the CPU accelerates; the per-width methods are internal so tests can check each against the
/// scalar reference. The loop is written once (<see cref="Aggregate512{TOperator}"/>,
/// <see cref="Aggregate256{TOperator}"/>, <see cref="AggregateScalar{TOperator}"/>); the math lives in small
/// operator structs, one per distance.
/// </summary>
/// <remarks>
/// Sums fit in 32 bits for vectors up to <see cref="MaxLength"/> elements (255² x 33,000 &lt; 2³¹); callers check lengths.
/// </remarks>
internal static class ByteDistance
{
    /// <summary>Largest vector length whose squared distance or dot product cannot overflow an <see cref="int"/>.</summary>
    public const int MaxLength = 33_000;

    /// <summary>Sum of (a[i] - b[i])², exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SquaredL2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate<SquaredDifference>(a, b);

    /// <summary>Sum of |a[i] - b[i]|, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int L1(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate<AbsoluteDifference>(a, b);

    /// <summary>Sum of a[i] * b[i], exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate<Product>(a, b);

    /// <summary>
    /// Sum of (a[i] - b[i])², exactly, unless a prefix of the sum already exceeds <paramref name="limit"/>: then
    /// some partial sum larger than <paramref name="limit"/> is returned early. Put the most varying elements
    /// first to stop soonest.
    /// </summary>
    public static int SquaredL2Bounded(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        if (!Avx512BW.IsSupported || a.Length < Vector512<byte>.Count)
        {
            return SquaredL2BoundedScalar(a, b, limit);
        }

        CheckLengths(a, b);
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector512<int>.Zero;
        int i = 0;
        for (; i <= a.Length - (2 * Vector512<byte>.Count); i += 2 * Vector512<byte>.Count)
        {
            acc = SquaredDifference.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i));
            acc = SquaredDifference.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)(i + 64)), Vector512.LoadUnsafe(ref pb, (nuint)(i + 64)));
            int partial = Vector512.Sum(acc);
            if (partial > limit)
            {
                return partial;
            }
        }

        for (; i <= a.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
        {
            acc = SquaredDifference.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector512<byte>.Count;
            var keep = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(i - start)));
            acc = SquaredDifference.Accumulate(acc, Vector512.LoadUnsafe(ref pa, (nuint)start) & keep, Vector512.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector512.Sum(acc);
    }

    /// <summary>The reference for <see cref="SquaredL2Bounded"/>: same contract, checked every 128 elements.</summary>
    internal static int SquaredL2BoundedScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int limit)
    {
        CheckLengths(a, b);
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += SquaredDifference.Invoke(a[i], b[i]);
            if ((i & 127) == 127 && sum > limit)
            {
                return sum;
            }
        }

        return sum;
    }

    internal static int SquaredL2Scalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => AggregateScalar<SquaredDifference>(a, b);

    internal static int L1Scalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => AggregateScalar<AbsoluteDifference>(a, b);

    internal static int DotScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => AggregateScalar<Product>(a, b);

    internal static int SquaredL2Avx512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate512<SquaredDifference>(a, b);

    internal static int L1Avx512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate512<AbsoluteDifference>(a, b);

    internal static int DotAvx512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate512<Product>(a, b);

    internal static int SquaredL2Avx2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate256<SquaredDifference>(a, b);

    internal static int L1Avx2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate256<AbsoluteDifference>(a, b);

    internal static int DotAvx2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Aggregate256<Product>(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Aggregate<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
    {
        if (Avx512BW.IsSupported && a.Length >= Vector512<byte>.Count)
        {
            return Aggregate512<TOperator>(a, b);
        }

        if (Avx2.IsSupported && a.Length >= Vector256<byte>.Count)
        {
            return Aggregate256<TOperator>(a, b);
        }

        return AggregateScalar<TOperator>(a, b);
    }

    private static int AggregateScalar<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
    {
        CheckLengths(a, b);
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += TOperator.Invoke(a[i], b[i]);
        }

        return sum;
    }

    // Whole vectors, then the last full vector ending exactly at the end with the lanes already counted
    // blanked to zero in both inputs (every operator maps (0, 0) to 0). Needs a.Length >= 64.
    private static int Aggregate512<TOperator>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOperator : struct, IByteOperator
    {
        CheckLengths(a, b);
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector512<int>.Zero;
        int i = 0;
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
    {
        CheckLengths(a, b);
        ref byte pa = ref MemoryMarshal.GetReference(a);
        ref byte pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<int>.Zero;
        int i = 0;
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

    private static void CheckLengths(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Expected vectors of equal length, got {a.Length} and {b.Length}.", nameof(b));
        }
    }

    /// <summary>The math of one distance, per element and per vector width; (0, 0) must contribute 0.</summary>
    private interface IByteOperator
    {
        static abstract int Invoke(byte a, byte b);

        static abstract Vector512<int> Accumulate(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b);

        static abstract Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b);
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
            return acc + Avx512BW.MultiplyAddAdjacent(dLo, dLo) + Avx512BW.MultiplyAddAdjacent(dHi, dHi);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
        {
            var (aLo, aHi) = Vector256.Widen(a);
            var (bLo, bHi) = Vector256.Widen(b);
            var dLo = (aLo - bLo).AsInt16();
            var dHi = (aHi - bHi).AsInt16();
            return acc + Avx2.MultiplyAddAdjacent(dLo, dLo) + Avx2.MultiplyAddAdjacent(dHi, dHi);
        }
    }

    /// <summary>|a - b|: the sum-of-absolute-differences instruction leaves each 8-byte group's total in a 64-bit lane whose upper half is 0.</summary>
    private readonly struct AbsoluteDifference : IByteOperator
    {
        public static int Invoke(byte a, byte b) => Math.Abs(a - b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> Accumulate(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
            => acc + Avx512BW.SumAbsoluteDifferences(a, b).AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
            => acc + Avx2.SumAbsoluteDifferences(a, b).AsInt32();
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
            return acc + Avx512BW.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + Avx512BW.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<int> Accumulate(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
        {
            var (aLo, aHi) = Vector256.Widen(a);
            var (bLo, bHi) = Vector256.Widen(b);
            return acc + Avx2.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + Avx2.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
        }
    }
}
