using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// Lower bounds of squared distances for 16 training images at once: the sum over coordinates of
/// (query[j] - group[j][lane])², where a group stores its 16 images coordinate-major
/// (<c>group[j * 16 + lane]</c>). Each lane accumulates its coordinates in order with fused multiply-adds,
/// so the 512-bit, 256-bit and scalar paths return identical floats.
/// </summary>
internal static class ProjectedBound
{
    /// <summary>Images per group.</summary>
    public const int Lanes = 16;

    /// <summary>Returns a bit per lane (bit i = lane i) whose bound is at most <paramref name="threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Survivors(ReadOnlySpan<float> query, ReadOnlySpan<float> group, float threshold)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Survivors512(query, group, threshold);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Survivors256(query, group, threshold);
        }

        return SurvivorsScalar(query, group, threshold);
    }

    /// <summary>Writes the 16 bounds (the plain reference every vector path must equal).</summary>
    internal static void BoundsScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> group, Span<float> bounds)
    {
        Check(query, group);
        for (int lane = 0; lane < Lanes; lane++)
        {
            float acc = 0;
            for (int j = 0; j < query.Length; j++)
            {
                float d = query[j] - group[(j * Lanes) + lane];
                acc = MathF.FusedMultiplyAdd(d, d, acc);
            }

            bounds[lane] = acc;
        }
    }

    internal static uint SurvivorsScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> group, float threshold)
    {
        Span<float> bounds = stackalloc float[Lanes];
        BoundsScalar(query, group, bounds);
        uint mask = 0;
        for (int lane = 0; lane < Lanes; lane++)
        {
            mask |= bounds[lane] <= threshold ? 1u << lane : 0;
        }

        return mask;
    }

    internal static uint Survivors512(ReadOnlySpan<float> query, ReadOnlySpan<float> group, float threshold)
    {
        Check(query, group);
        ref float g = ref MemoryMarshal.GetReference(group);
        var acc = Vector512<float>.Zero;
        for (int j = 0; j < query.Length; j++)
        {
            var d = Vector512.Create(query[j]) - Vector512.LoadUnsafe(ref g, (nuint)(j * Lanes));
            acc = Vector512.FusedMultiplyAdd(d, d, acc);
        }

        return (uint)Vector512.LessThanOrEqual(acc, Vector512.Create(threshold)).ExtractMostSignificantBits();
    }

    internal static uint Survivors256(ReadOnlySpan<float> query, ReadOnlySpan<float> group, float threshold)
    {
        Check(query, group);
        ref float g = ref MemoryMarshal.GetReference(group);
        var low = Vector256<float>.Zero;
        var high = Vector256<float>.Zero;
        for (int j = 0; j < query.Length; j++)
        {
            var q = Vector256.Create(query[j]);
            var dLow = q - Vector256.LoadUnsafe(ref g, (nuint)(j * Lanes));
            var dHigh = q - Vector256.LoadUnsafe(ref g, (nuint)((j * Lanes) + 8));
            low = Vector256.FusedMultiplyAdd(dLow, dLow, low);
            high = Vector256.FusedMultiplyAdd(dHigh, dHigh, high);
        }

        var t = Vector256.Create(threshold);
        return (uint)(Vector256.LessThanOrEqual(low, t).ExtractMostSignificantBits() | (Vector256.LessThanOrEqual(high, t).ExtractMostSignificantBits() << 8));
    }

    /// <summary>Writes the 16 bounds with the widest vector path (for the seed selection and tests).</summary>
    internal static void Bounds(ReadOnlySpan<float> query, ReadOnlySpan<float> group, Span<float> bounds)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            BoundsScalar(query, group, bounds);
            return;
        }

        Check(query, group);
        ref float g = ref MemoryMarshal.GetReference(group);
        var acc = Vector512<float>.Zero;
        for (int j = 0; j < query.Length; j++)
        {
            var d = Vector512.Create(query[j]) - Vector512.LoadUnsafe(ref g, (nuint)(j * Lanes));
            acc = Vector512.FusedMultiplyAdd(d, d, acc);
        }

        acc.CopyTo(bounds);
    }

    private static void Check(ReadOnlySpan<float> query, ReadOnlySpan<float> group)
    {
        if (group.Length < query.Length * Lanes)
        {
            throw new ArgumentException($"Expected a group of {query.Length * Lanes} values for {query.Length} coordinates, got {group.Length}.", nameof(group));
        }
    }
}
