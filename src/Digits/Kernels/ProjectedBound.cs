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

    /// <summary>
    /// <see cref="Survivors"/> for four queries against one group at once: each of the group's values is loaded
    /// once for all four. The masks equal four calls of <see cref="Survivors"/> bit for bit (same sums, same order).
    /// </summary>
    /// <param name="queries">Four queries' coordinates, one after another (4 x coordinates values).</param>
    /// <param name="group">The group, coordinate-major.</param>
    /// <param name="thresholds">Each query's threshold.</param>
    /// <param name="masks">Receives each query's survivor mask.</param>
    public static void SurvivorsOfFour(ReadOnlySpan<float> queries, ReadOnlySpan<float> group, ReadOnlySpan<float> thresholds, Span<uint> masks)
    {
        int coordinates = queries.Length / 4;
        if (!Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; i < 4; i++)
            {
                masks[i] = Survivors(queries.Slice(i * coordinates, coordinates), group, thresholds[i]);
            }

            return;
        }

        SurvivorsOfFour512(queries, group, thresholds, masks);
    }

    /// <summary>The 512-bit path of <see cref="SurvivorsOfFour"/>.</summary>
    internal static void SurvivorsOfFour512(ReadOnlySpan<float> queries, ReadOnlySpan<float> group, ReadOnlySpan<float> thresholds, Span<uint> masks)
    {
        int n = queries.Length / 4;
        Check(queries[..n], group);
        if (thresholds.Length < 4 || masks.Length < 4)
        {
            throw new ArgumentException("Expected four thresholds and room for four masks.");
        }

        ref float g = ref MemoryMarshal.GetReference(group);
        ref float q0 = ref MemoryMarshal.GetReference(queries);
        ref float q1 = ref Unsafe.Add(ref q0, n);
        ref float q2 = ref Unsafe.Add(ref q0, 2 * n);
        ref float q3 = ref Unsafe.Add(ref q0, 3 * n);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
        int j = 0;
        for (; j <= n - 4; j += 4)
        {
            var v = Vector512.LoadUnsafe(ref g, (nuint)(j * Lanes));
            a0 = Step(Unsafe.Add(ref q0, j), v, a0);
            b0 = Step(Unsafe.Add(ref q1, j), v, b0);
            c0 = Step(Unsafe.Add(ref q2, j), v, c0);
            e0 = Step(Unsafe.Add(ref q3, j), v, e0);
            v = Vector512.LoadUnsafe(ref g, (nuint)((j + 1) * Lanes));
            a1 = Step(Unsafe.Add(ref q0, j + 1), v, a1);
            b1 = Step(Unsafe.Add(ref q1, j + 1), v, b1);
            c1 = Step(Unsafe.Add(ref q2, j + 1), v, c1);
            e1 = Step(Unsafe.Add(ref q3, j + 1), v, e1);
            v = Vector512.LoadUnsafe(ref g, (nuint)((j + 2) * Lanes));
            a2 = Step(Unsafe.Add(ref q0, j + 2), v, a2);
            b2 = Step(Unsafe.Add(ref q1, j + 2), v, b2);
            c2 = Step(Unsafe.Add(ref q2, j + 2), v, c2);
            e2 = Step(Unsafe.Add(ref q3, j + 2), v, e2);
            v = Vector512.LoadUnsafe(ref g, (nuint)((j + 3) * Lanes));
            a3 = Step(Unsafe.Add(ref q0, j + 3), v, a3);
            b3 = Step(Unsafe.Add(ref q1, j + 3), v, b3);
            c3 = Step(Unsafe.Add(ref q2, j + 3), v, c3);
            e3 = Step(Unsafe.Add(ref q3, j + 3), v, e3);
        }

        // The tail (at most three coordinates) goes to chains 0, 1, 2, as in Bounds512.
        for (; j < n; j++)
        {
            var v = Vector512.LoadUnsafe(ref g, (nuint)(j * Lanes));
            switch (j & 3)
            {
                case 0:
                    (a0, b0, c0, e0) = (Step(Unsafe.Add(ref q0, j), v, a0), Step(Unsafe.Add(ref q1, j), v, b0), Step(Unsafe.Add(ref q2, j), v, c0), Step(Unsafe.Add(ref q3, j), v, e0));
                    break;
                case 1:
                    (a1, b1, c1, e1) = (Step(Unsafe.Add(ref q0, j), v, a1), Step(Unsafe.Add(ref q1, j), v, b1), Step(Unsafe.Add(ref q2, j), v, c1), Step(Unsafe.Add(ref q3, j), v, e1));
                    break;
                default:
                    (a2, b2, c2, e2) = (Step(Unsafe.Add(ref q0, j), v, a2), Step(Unsafe.Add(ref q1, j), v, b2), Step(Unsafe.Add(ref q2, j), v, c2), Step(Unsafe.Add(ref q3, j), v, e2));
                    break;
            }
        }

        masks[0] = (uint)Vector512.LessThanOrEqual((a0 + a1) + (a2 + a3), Vector512.Create(thresholds[0])).ExtractMostSignificantBits();
        masks[1] = (uint)Vector512.LessThanOrEqual((b0 + b1) + (b2 + b3), Vector512.Create(thresholds[1])).ExtractMostSignificantBits();
        masks[2] = (uint)Vector512.LessThanOrEqual((c0 + c1) + (c2 + c3), Vector512.Create(thresholds[2])).ExtractMostSignificantBits();
        masks[3] = (uint)Vector512.LessThanOrEqual((e0 + e1) + (e2 + e3), Vector512.Create(thresholds[3])).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Step(float query, Vector512<float> group, Vector512<float> sum)
    {
        var d = Vector512.Create(query) - group;
        return Vector512.FusedMultiplyAdd(d, d, sum);
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
