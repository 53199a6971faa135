using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Digits.Kernels;

/// <summary>
/// The two integer instructions the byte and 16-bit kernels are built on, per vector width: x86's own
/// instruction where the CPU has it (<c>pmaddwd</c>, <c>psadbw</c>), otherwise a portable twin written with the
/// cross-platform vector operations (NEON on ARM64). Every twin gives exactly the instruction's result (the
/// multiply-add) or the same total over the vector (the absolute differences); tests hold each twin to the
/// instruction and to plain arithmetic.
/// </summary>
internal static class IntegerSimd
{
    /// <summary>result[i] = a[2i] b[2i] + a[2i + 1] b[2i + 1], in 32 bits (<c>pmaddwd</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAddAdjacent(Vector512<short> a, Vector512<short> b)
        => Avx512BW.IsSupported ? Avx512BW.MultiplyAddAdjacent(a, b) : MultiplyAddAdjacentPortable(a, b);

    /// <inheritdoc cref="MultiplyAddAdjacent(Vector512{short}, Vector512{short})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddAdjacent(Vector256<short> a, Vector256<short> b)
        => Avx2.IsSupported ? Avx2.MultiplyAddAdjacent(a, b) : MultiplyAddAdjacentPortable(a, b);

    /// <inheritdoc cref="MultiplyAddAdjacent(Vector512{short}, Vector512{short})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAddAdjacent(Vector128<short> a, Vector128<short> b)
        => Sse2.IsSupported ? Sse2.MultiplyAddAdjacent(a, b) : MultiplyAddAdjacentPortable(a, b);

    /// <summary>acc plus the sum of |a[i] - b[i]|, spread over acc's lanes (<c>psadbw</c> where the CPU has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AddAbsoluteDifferences(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
        => Avx512BW.IsSupported ? acc + Avx512BW.SumAbsoluteDifferences(a, b).AsInt32() : AddAbsoluteDifferencesPortable(acc, a, b);

    /// <inheritdoc cref="AddAbsoluteDifferences(Vector512{int}, Vector512{byte}, Vector512{byte})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AddAbsoluteDifferences(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
        => Avx2.IsSupported ? acc + Avx2.SumAbsoluteDifferences(a, b).AsInt32() : AddAbsoluteDifferencesPortable(acc, a, b);

    /// <inheritdoc cref="AddAbsoluteDifferences(Vector512{int}, Vector512{byte}, Vector512{byte})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> AddAbsoluteDifferences(Vector128<int> acc, Vector128<byte> a, Vector128<byte> b)
        => Sse2.IsSupported ? acc + Sse2.SumAbsoluteDifferences(a, b).AsInt32() : AddAbsoluteDifferencesPortable(acc, a, b);

    // The portable twins. Each 32-bit lane holds a pair of 16-bit values: shifting left then arithmetically right
    // by 16 sign-extends the even one, an arithmetic shift right by 16 the odd one. |a - b| of bytes is
    // max - min; two widenings give 32-bit lanes (510 at most after the first sum, so nothing overflows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> MultiplyAddAdjacentPortable(Vector512<short> a, Vector512<short> b)
    {
        Vector512<int> x = a.AsInt32(), y = b.AsInt32();
        return (Vector512.ShiftRightArithmetic(x << 16, 16) * Vector512.ShiftRightArithmetic(y << 16, 16))
            + (Vector512.ShiftRightArithmetic(x, 16) * Vector512.ShiftRightArithmetic(y, 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> MultiplyAddAdjacentPortable(Vector256<short> a, Vector256<short> b)
    {
        Vector256<int> x = a.AsInt32(), y = b.AsInt32();
        return (Vector256.ShiftRightArithmetic(x << 16, 16) * Vector256.ShiftRightArithmetic(y << 16, 16))
            + (Vector256.ShiftRightArithmetic(x, 16) * Vector256.ShiftRightArithmetic(y, 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> MultiplyAddAdjacentPortable(Vector128<short> a, Vector128<short> b)
    {
        Vector128<int> x = a.AsInt32(), y = b.AsInt32();
        return (Vector128.ShiftRightArithmetic(x << 16, 16) * Vector128.ShiftRightArithmetic(y << 16, 16))
            + (Vector128.ShiftRightArithmetic(x, 16) * Vector128.ShiftRightArithmetic(y, 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> AddAbsoluteDifferencesPortable(Vector512<int> acc, Vector512<byte> a, Vector512<byte> b)
    {
        var (lo, hi) = Vector512.Widen(Vector512.Max(a, b) - Vector512.Min(a, b));
        var (pairsLo, pairsHi) = Vector512.Widen(lo + hi);
        return acc + (pairsLo + pairsHi).AsInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> AddAbsoluteDifferencesPortable(Vector256<int> acc, Vector256<byte> a, Vector256<byte> b)
    {
        var (lo, hi) = Vector256.Widen(Vector256.Max(a, b) - Vector256.Min(a, b));
        var (pairsLo, pairsHi) = Vector256.Widen(lo + hi);
        return acc + (pairsLo + pairsHi).AsInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> AddAbsoluteDifferencesPortable(Vector128<int> acc, Vector128<byte> a, Vector128<byte> b)
    {
        var (lo, hi) = Vector128.Widen(Vector128.Max(a, b) - Vector128.Min(a, b));
        var (pairsLo, pairsHi) = Vector128.Widen(lo + hi);
        return acc + (pairsLo + pairsHi).AsInt32();
    }
}
