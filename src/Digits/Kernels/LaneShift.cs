using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Digits.Kernels;

/// <summary>
/// Two vectors taken as one row of floats, read <c>count</c> lanes further on: lanes count.. of
/// <c>lower</c>, then the first lanes of <c>upper</c>. The row kernels use it to add neighbouring columns
/// without storing a row and reading it back at an unaligned offset. Each width uses the CPU's own
/// instruction (<c>valignd</c>; <c>vperm2i128</c> + <c>vpalignr</c>; <c>palignr</c> or NEON <c>ext</c>),
/// with a portable twin; tests hold every one to the definition.
/// </summary>
internal static class LaneShift
{
    /// <summary>Lanes <paramref name="count"/>..15 of <paramref name="lower"/>, then lanes 0..count-1 of <paramref name="upper"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Right(Vector512<float> lower, Vector512<float> upper, [ConstantExpected(Min = 1, Max = 2)] byte count)
        => Avx512F.IsSupported ? Avx512F.AlignRight32(upper.AsUInt32(), lower.AsUInt32(), count).AsSingle() : RightPortable(lower, upper, count);

    /// <summary>Lanes <paramref name="count"/>..7 of <paramref name="lower"/>, then lanes 0..count-1 of <paramref name="upper"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Right(Vector256<float> lower, Vector256<float> upper, [ConstantExpected(Min = 1, Max = 2)] byte count)
    {
        if (Avx2.IsSupported)
        {
            // [lower's high half | upper's low half], then a per-half byte shift pairs each half with its successor.
            var middle = Avx2.Permute2x128(lower.AsByte(), upper.AsByte(), 0x21);
            return (count == 1 ? Avx2.AlignRight(middle, lower.AsByte(), 4) : Avx2.AlignRight(middle, lower.AsByte(), 8)).AsSingle();
        }

        return RightPortable(lower, upper, count);
    }

    /// <summary>Lanes <paramref name="count"/>..3 of <paramref name="lower"/>, then lanes 0..count-1 of <paramref name="upper"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Right(Vector128<float> lower, Vector128<float> upper, [ConstantExpected(Min = 1, Max = 2)] byte count)
    {
        if (Ssse3.IsSupported)
        {
            return (count == 1 ? Ssse3.AlignRight(upper.AsByte(), lower.AsByte(), 4) : Ssse3.AlignRight(upper.AsByte(), lower.AsByte(), 8)).AsSingle();
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.ExtractVector128(lower, upper, count);
        }

        return RightPortable(lower, upper, count);
    }

    // The portable twins: the definition, lane by lane.
    internal static Vector512<float> RightPortable(Vector512<float> lower, Vector512<float> upper, int count)
    {
        Span<float> row = stackalloc float[32];
        lower.CopyTo(row);
        upper.CopyTo(row[16..]);
        return Vector512.Create((ReadOnlySpan<float>)row.Slice(count, 16));
    }

    internal static Vector256<float> RightPortable(Vector256<float> lower, Vector256<float> upper, int count)
    {
        Span<float> row = stackalloc float[16];
        lower.CopyTo(row);
        upper.CopyTo(row[8..]);
        return Vector256.Create((ReadOnlySpan<float>)row.Slice(count, 8));
    }

    internal static Vector128<float> RightPortable(Vector128<float> lower, Vector128<float> upper, int count)
    {
        Span<float> row = stackalloc float[8];
        lower.CopyTo(row);
        upper.CopyTo(row[4..]);
        return Vector128.Create((ReadOnlySpan<float>)row.Slice(count, 4));
    }
}
