using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// Lower bounds of squared distances for 16 training images at once: the sum over coordinates of
/// (query[j] - group[j][lane])², where a group stores its 16 images coordinate-major
/// (<c>group[j * 16 + lane]</c>). Each lane keeps four partial sums (coordinates j mod 4, each in order,
/// with fused multiply-adds, so four independent chains hide the multiply-add latency) and adds them as
/// (s0 + s1) + (s2 + s3); every path follows that order, so the 512-bit, 256-bit and scalar paths return
/// identical floats.
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
        Span<float> partial = stackalloc float[4];
        for (int lane = 0; lane < Lanes; lane++)
        {
            partial.Clear();
            for (int j = 0; j < query.Length; j++)
            {
                float d = query[j] - group[(j * Lanes) + lane];
                partial[j & 3] = MathF.FusedMultiplyAdd(d, d, partial[j & 3]);
            }

            bounds[lane] = (partial[0] + partial[1]) + (partial[2] + partial[3]);
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
        => (uint)Vector512.LessThanOrEqual(Bounds512(query, group), Vector512.Create(threshold)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Bounds512(ReadOnlySpan<float> query, ReadOnlySpan<float> group)
    {
        Check(query, group);
        ref float g = ref MemoryMarshal.GetReference(group);
        ref float q = ref MemoryMarshal.GetReference(query);
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int j = 0;
        for (; j <= query.Length - 4; j += 4)
        {
            var d0 = Vector512.Create(Unsafe.Add(ref q, j)) - Vector512.LoadUnsafe(ref g, (nuint)(j * Lanes));
            var d1 = Vector512.Create(Unsafe.Add(ref q, j + 1)) - Vector512.LoadUnsafe(ref g, (nuint)((j + 1) * Lanes));
            var d2 = Vector512.Create(Unsafe.Add(ref q, j + 2)) - Vector512.LoadUnsafe(ref g, (nuint)((j + 2) * Lanes));
            var d3 = Vector512.Create(Unsafe.Add(ref q, j + 3)) - Vector512.LoadUnsafe(ref g, (nuint)((j + 3) * Lanes));
            s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
            s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            s2 = Vector512.FusedMultiplyAdd(d2, d2, s2);
            s3 = Vector512.FusedMultiplyAdd(d3, d3, s3);
        }

        for (; j < query.Length; j++)
        {
            var d = Vector512.Create(Unsafe.Add(ref q, j)) - Vector512.LoadUnsafe(ref g, (nuint)(j * Lanes));
            switch (j & 3)
            {
                case 0: s0 = Vector512.FusedMultiplyAdd(d, d, s0); break;
                case 1: s1 = Vector512.FusedMultiplyAdd(d, d, s1); break;
                default: s2 = Vector512.FusedMultiplyAdd(d, d, s2); break;
            }
        }

        return (s0 + s1) + (s2 + s3);
    }

    internal static uint Survivors256(ReadOnlySpan<float> query, ReadOnlySpan<float> group, float threshold)
    {
        Check(query, group);
        var t = Vector256.Create(threshold);
        return (uint)(Vector256.LessThanOrEqual(Half256(query, group, 0), t).ExtractMostSignificantBits()
                      | (Vector256.LessThanOrEqual(Half256(query, group, 8), t).ExtractMostSignificantBits() << 8));
    }

    // Lanes [offset, offset + 8) with the same four-chain order as the scalar reference.
    private static Vector256<float> Half256(ReadOnlySpan<float> query, ReadOnlySpan<float> group, int offset)
    {
        ref float g = ref MemoryMarshal.GetReference(group);
        Span<Vector256<float>> sums = stackalloc Vector256<float>[4];
        sums.Clear();
        for (int j = 0; j < query.Length; j++)
        {
            var d = Vector256.Create(query[j]) - Vector256.LoadUnsafe(ref g, (nuint)((j * Lanes) + offset));
            sums[j & 3] = Vector256.FusedMultiplyAdd(d, d, sums[j & 3]);
        }

        return (sums[0] + sums[1]) + (sums[2] + sums[3]);
    }

    /// <summary>Writes the 16 bounds with the widest vector path (for the seed selection and tests).</summary>
    internal static void Bounds(ReadOnlySpan<float> query, ReadOnlySpan<float> group, Span<float> bounds)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            BoundsScalar(query, group, bounds);
            return;
        }

        Bounds512(query, group).CopyTo(bounds);
    }

    private static void Check(ReadOnlySpan<float> query, ReadOnlySpan<float> group)
    {
        if (group.Length < query.Length * Lanes)
        {
            throw new ArgumentException($"Expected a group of {query.Length * Lanes} values for {query.Length} coordinates, got {group.Length}.", nameof(group));
        }
    }
}
