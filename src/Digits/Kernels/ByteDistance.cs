using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Digits.Kernels;

/// <summary>
/// Exact integer distances between two byte vectors (pixels 0-255). Integer arithmetic has no
/// rounding, so every path (512-bit, 256-bit, 128-bit, scalar) returns the same value bit for bit.
/// <see cref="SquaredL2"/> and friends pick the widest path the CPU accelerates; the per-width
/// methods are internal so tests can check each against the scalar reference.
/// </summary>
/// <remarks>
/// Sums fit in 32 bits for vectors up to 33,000 elements (255² x 33,000 &lt; 2³¹); callers check lengths.
/// </remarks>
internal static class ByteDistance
{
    /// <summary>Largest vector length whose squared distance or dot product cannot overflow an <see cref="int"/>.</summary>
    public const int MaxLength = 33_000;

    /// <summary>Sum of (a[i] - b[i])², exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SquaredL2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (Avx512BW.IsSupported && a.Length >= Vector512<byte>.Count)
        {
            return SquaredL2Avx512(a, b);
        }

        if (Avx2.IsSupported && a.Length >= Vector256<byte>.Count)
        {
            return SquaredL2Avx2(a, b);
        }

        return SquaredL2Scalar(a, b);
    }

    /// <summary>Sum of |a[i] - b[i]|, exactly.</summary>
    public static int L1(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (Avx512BW.IsSupported && a.Length >= Vector512<byte>.Count)
        {
            return L1Avx512(a, b);
        }

        if (Avx2.IsSupported && a.Length >= Vector256<byte>.Count)
        {
            return L1Avx2(a, b);
        }

        return L1Scalar(a, b);
    }

    /// <summary>Sum of a[i] * b[i], exactly.</summary>
    public static int Dot(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (Avx512BW.IsSupported && a.Length >= Vector512<byte>.Count)
        {
            return DotAvx512(a, b);
        }

        if (Avx2.IsSupported && a.Length >= Vector256<byte>.Count)
        {
            return DotAvx2(a, b);
        }

        return DotScalar(a, b);
    }

    internal static int SquaredL2Scalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    internal static int L1Scalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }

    internal static int DotScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static int SquaredL2Avx512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        ref byte pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref byte pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var acc = Vector512<int>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
        {
            acc = AccumulateSquares512(acc, Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            // The last full vector ends at the array's end; lanes already counted are blanked in both inputs.
            int start = a.Length - Vector512<byte>.Count;
            var keep = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(i - start)));
            var va = Vector512.LoadUnsafe(ref pa, (nuint)start) & keep;
            var vb = Vector512.LoadUnsafe(ref pb, (nuint)start) & keep;
            acc = AccumulateSquares512(acc, va, vb);
        }

        return Vector512.Sum(acc);
    }

    internal static int SquaredL2Avx2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        ref byte pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref byte pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var acc = Vector256<int>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            acc = AccumulateSquares256(acc, Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector256<byte>.Count;
            var keep = Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)(i - start)));
            acc = AccumulateSquares256(acc, Vector256.LoadUnsafe(ref pa, (nuint)start) & keep, Vector256.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector256.Sum(acc);
    }

    internal static int L1Avx512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        ref byte pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref byte pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var acc = Vector512<ulong>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
        {
            acc += Avx512BW.SumAbsoluteDifferences(Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i)).AsUInt64();
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector512<byte>.Count;
            var keep = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(i - start)));
            acc += Avx512BW.SumAbsoluteDifferences(Vector512.LoadUnsafe(ref pa, (nuint)start) & keep, Vector512.LoadUnsafe(ref pb, (nuint)start) & keep).AsUInt64();
        }

        return (int)Vector512.Sum(acc);
    }

    internal static int L1Avx2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        ref byte pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref byte pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var acc = Vector256<ulong>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            acc += Avx2.SumAbsoluteDifferences(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i)).AsUInt64();
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector256<byte>.Count;
            var keep = Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)(i - start)));
            acc += Avx2.SumAbsoluteDifferences(Vector256.LoadUnsafe(ref pa, (nuint)start) & keep, Vector256.LoadUnsafe(ref pb, (nuint)start) & keep).AsUInt64();
        }

        return (int)Vector256.Sum(acc);
    }

    internal static int DotAvx512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        ref byte pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref byte pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var acc = Vector512<int>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector512<byte>.Count; i += Vector512<byte>.Count)
        {
            acc = AccumulateProducts512(acc, Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector512<byte>.Count;
            var keep = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create((byte)(i - start)));
            acc = AccumulateProducts512(acc, Vector512.LoadUnsafe(ref pa, (nuint)start) & keep, Vector512.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector512.Sum(acc);
    }

    internal static int DotAvx2(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        CheckLengths(a, b);
        ref byte pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        ref byte pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(b);
        var acc = Vector256<int>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            acc = AccumulateProducts256(acc, Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i));
        }

        if (i < a.Length)
        {
            int start = a.Length - Vector256<byte>.Count;
            var keep = Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)(i - start)));
            acc = AccumulateProducts256(acc, Vector256.LoadUnsafe(ref pa, (nuint)start) & keep, Vector256.LoadUnsafe(ref pb, (nuint)start) & keep);
        }

        return Vector256.Sum(acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> AccumulateSquares512(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
    {
        var (aLo, aHi) = Vector512.Widen(a);
        var (bLo, bHi) = Vector512.Widen(b);
        var dLo = (aLo - bLo).AsInt16();
        var dHi = (aHi - bHi).AsInt16();
        return acc + Avx512BW.MultiplyAddAdjacent(dLo, dLo) + Avx512BW.MultiplyAddAdjacent(dHi, dHi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AccumulateSquares256(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
    {
        var (aLo, aHi) = Vector256.Widen(a);
        var (bLo, bHi) = Vector256.Widen(b);
        var dLo = (aLo - bLo).AsInt16();
        var dHi = (aHi - bHi).AsInt16();
        return acc + Avx2.MultiplyAddAdjacent(dLo, dLo) + Avx2.MultiplyAddAdjacent(dHi, dHi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> AccumulateProducts512(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
    {
        var (aLo, aHi) = Vector512.Widen(a);
        var (bLo, bHi) = Vector512.Widen(b);
        return acc + Avx512BW.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + Avx512BW.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AccumulateProducts256(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
    {
        var (aLo, aHi) = Vector256.Widen(a);
        var (bLo, bHi) = Vector256.Widen(b);
        return acc + Avx2.MultiplyAddAdjacent(aLo.AsInt16(), bLo.AsInt16()) + Avx2.MultiplyAddAdjacent(aHi.AsInt16(), bHi.AsInt16());
    }

    private static void CheckLengths(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Expected vectors of equal length, got {a.Length} and {b.Length}.", nameof(b));
        }
    }
}
