using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// Squared distances between short integer vectors, for 16 training vectors at once, compared with a
/// threshold: the exact integer sum over coordinates of (query[j] - image[j])². A group stores its 16
/// vectors two coordinates at a time (<c>group[((p * 16) + lane) * 2 + {0, 1}]</c> holds coordinates 2p and
/// 2p + 1 of vector <c>lane</c>), so one 16-bit multiply-add (<see cref="IntegerSimd.MultiplyAddAdjacent(Vector512{short}, Vector512{short})"/>)
/// handles two coordinates of 16 vectors at 512 bits, of 8 at 256 and of 4 at 128. The vector paths compute
/// |q|² + |y|² - 2 q·y from the stored squared lengths, which equals the sum of squared differences exactly
/// as long as that sum fits in an int (the caller's scale guarantees it; the intermediate wrap-around of
/// 32-bit integers cancels out). Every path gives the same masks and distances, bit for bit.
/// </summary>
internal static class QuantizedBound
{
    /// <summary>Vectors per group.</summary>
    public const int Lanes = 16;

    /// <summary>Gets the path the public methods take (for reports).</summary>
    public static SimdWidth Path => SimdWidths.Widest;

    /// <summary>Returns a bit per lane (bit i = lane i) whose squared distance is at most <paramref name="threshold"/>.</summary>
    /// <param name="query">The query's coordinates (even length).</param>
    /// <param name="queryNorm">The query's squared length (<see cref="SquaredLength"/>).</param>
    /// <param name="group">The group's coordinates, two at a time (16 x query length values).</param>
    /// <param name="norms">The group's 16 squared lengths.</param>
    /// <param name="threshold">The largest distance that survives.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Survivors(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return Survivors512(query, queryNorm, group, norms, threshold);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Survivors256(query, queryNorm, group, norms, threshold);
        }

        return Vector128.IsHardwareAccelerated ? Survivors128(query, queryNorm, group, norms, threshold) : SurvivorsScalar(query, group, threshold);
    }

    /// <summary><see cref="Survivors(ReadOnlySpan{short}, int, ReadOnlySpan{short}, ReadOnlySpan{int}, int)"/> on one path.</summary>
    internal static uint Survivors(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold, SimdWidth width) => width switch
    {
        SimdWidth.Bits512 => Survivors512(query, queryNorm, group, norms, threshold),
        SimdWidth.Bits256 => Survivors256(query, queryNorm, group, norms, threshold),
        SimdWidth.Bits128 => Survivors128(query, queryNorm, group, norms, threshold),
        _ => SurvivorsScalar(query, group, threshold),
    };

    /// <summary>
    /// <see cref="Survivors(ReadOnlySpan{short}, int, ReadOnlySpan{short}, ReadOnlySpan{int}, int)"/> for four
    /// queries against one group at once: each of the group's values is loaded once for all four. The masks
    /// equal four single-query calls.
    /// </summary>
    /// <param name="queries">Four queries' coordinates, one after another (4 x even length).</param>
    /// <param name="queryNorms">The four queries' squared lengths.</param>
    /// <param name="group">The group's coordinates, two at a time.</param>
    /// <param name="norms">The group's 16 squared lengths.</param>
    /// <param name="thresholds">Each query's threshold.</param>
    /// <param name="masks">Receives each query's survivor mask.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SurvivorsOfFour(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            SurvivorsOfFour512(queries, queryNorms, group, norms, thresholds, masks);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            SurvivorsOfFour256(queries, queryNorms, group, norms, thresholds, masks);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            SurvivorsOfFour128(queries, queryNorms, group, norms, thresholds, masks);
        }
        else
        {
            SurvivorsOfFour(queries, queryNorms, group, norms, thresholds, masks, SimdWidth.Scalar);
        }
    }

    /// <summary><see cref="SurvivorsOfFour(ReadOnlySpan{short}, ReadOnlySpan{int}, ReadOnlySpan{short}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{uint})"/> on one path.</summary>
    internal static void SurvivorsOfFour(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks, SimdWidth width)
    {
        switch (width)
        {
            case SimdWidth.Bits512:
                SurvivorsOfFour512(queries, queryNorms, group, norms, thresholds, masks);
                break;
            case SimdWidth.Bits256:
                SurvivorsOfFour256(queries, queryNorms, group, norms, thresholds, masks);
                break;
            case SimdWidth.Bits128:
                SurvivorsOfFour128(queries, queryNorms, group, norms, thresholds, masks);
                break;
            default:
                CheckFour(queries, queryNorms, thresholds, masks);
                int n = queries.Length / 4;
                for (int i = 0; i < 4; i++)
                {
                    masks[i] = SurvivorsScalar(queries.Slice(i * n, n), group, thresholds[i]);
                }

                break;
        }
    }

    /// <summary>Writes the 16 squared distances with the widest path available.</summary>
    internal static void Distances(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, Span<int> distances)
        => Distances(query, queryNorm, group, norms, distances, SimdWidths.Widest);

    /// <summary>Writes the 16 squared distances on one path.</summary>
    internal static void Distances(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, Span<int> distances, SimdWidth width)
    {
        if (distances.Length < Lanes)
        {
            throw new ArgumentException($"Expected room for {Lanes} distances, got {distances.Length}.", nameof(distances));
        }

        ref int target = ref MemoryMarshal.GetReference(distances);
        switch (width)
        {
            case SimdWidth.Bits512:
                Distances512(query, queryNorm, group, norms).StoreUnsafe(ref target);
                break;
            case SimdWidth.Bits256:
                var (low, high) = Distances256(query, queryNorm, group, norms);
                low.StoreUnsafe(ref target);
                high.StoreUnsafe(ref target, 8);
                break;
            case SimdWidth.Bits128:
                var (d0, d1, d2, d3) = Distances128(query, queryNorm, group, norms);
                d0.StoreUnsafe(ref target);
                d1.StoreUnsafe(ref target, 4);
                d2.StoreUnsafe(ref target, 8);
                d3.StoreUnsafe(ref target, 12);
                break;
            default:
                Span<long> wide = stackalloc long[Lanes];
                DistancesScalar(query, group, wide);
                for (int lane = 0; lane < Lanes; lane++)
                {
                    distances[lane] = (int)wide[lane];
                }

                break;
        }
    }

    /// <summary>Returns the sum of squares of <paramref name="vector"/> (a squared length for the norms).</summary>
    public static int SquaredLength(ReadOnlySpan<short> vector)
    {
        long sum = 0;
        foreach (short value in vector)
        {
            sum += value * value;
        }

        return checked((int)sum);
    }

    /// <summary>Writes the 16 squared distances as plain sums of squared differences (the definition every path must equal).</summary>
    internal static void DistancesScalar(ReadOnlySpan<short> query, ReadOnlySpan<short> group, Span<long> distances)
    {
        Check(query, group);
        for (int lane = 0; lane < Lanes; lane++)
        {
            long sum = 0;
            for (int j = 0; j < query.Length; j++)
            {
                int d = query[j] - group[(((j >> 1) * Lanes) + lane) * 2 + (j & 1)];
                sum += d * d;
            }

            distances[lane] = sum;
        }
    }

    internal static uint SurvivorsScalar(ReadOnlySpan<short> query, ReadOnlySpan<short> group, int threshold)
    {
        Span<long> distances = stackalloc long[Lanes];
        DistancesScalar(query, group, distances);
        uint mask = 0;
        for (int lane = 0; lane < Lanes; lane++)
        {
            mask |= distances[lane] <= threshold ? 1u << lane : 0;
        }

        return mask;
    }

    internal static uint Survivors512(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
        => (uint)Vector512.LessThanOrEqual(Distances512(query, queryNorm, group, norms), Vector512.Create(threshold)).ExtractMostSignificantBits();

    internal static uint Survivors256(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
    {
        var (low, high) = Distances256(query, queryNorm, group, norms);
        var t = Vector256.Create(threshold);
        return Vector256.LessThanOrEqual(low, t).ExtractMostSignificantBits() | (Vector256.LessThanOrEqual(high, t).ExtractMostSignificantBits() << 8);
    }

    internal static uint Survivors128(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
    {
        var (d0, d1, d2, d3) = Distances128(query, queryNorm, group, norms);
        var t = Vector128.Create(threshold);
        return Vector128.LessThanOrEqual(d0, t).ExtractMostSignificantBits()
               | (Vector128.LessThanOrEqual(d1, t).ExtractMostSignificantBits() << 4)
               | (Vector128.LessThanOrEqual(d2, t).ExtractMostSignificantBits() << 8)
               | (Vector128.LessThanOrEqual(d3, t).ExtractMostSignificantBits() << 12);
    }

    // The distance paths: one multiply-add per coordinate pair and vector of lanes, then norms + |q|² - 2 q·y.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Distances512(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms)
    {
        Check(query, group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int q = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(query));
        Vector512<int> dot = default;
        int pairs = query.Length / 2;
        for (int p = 0; p < pairs; p++)
        {
            dot += IntegerSimd.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q, p)).AsInt16(), Vector512.LoadUnsafe(ref g, (nuint)(p * 2 * Lanes)));
        }

        return Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(norms)) + Vector512.Create(queryNorm) - (dot + dot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> Low, Vector256<int> High) Distances256(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms)
    {
        Check(query, group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int q = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(query));
        Vector256<int> low = default, high = default;
        int pairs = query.Length / 2;
        for (int p = 0; p < pairs; p++)
        {
            var pair = Vector256.Create(Unsafe.Add(ref q, p)).AsInt16();
            nuint at = (nuint)(p * 2 * Lanes);
            low += IntegerSimd.MultiplyAddAdjacent(pair, Vector256.LoadUnsafe(ref g, at));
            high += IntegerSimd.MultiplyAddAdjacent(pair, Vector256.LoadUnsafe(ref g, at + 16));
        }

        var qn = Vector256.Create(queryNorm);
        ref int n = ref MemoryMarshal.GetReference(norms);
        return (Vector256.LoadUnsafe(ref n) + qn - (low + low), Vector256.LoadUnsafe(ref n, 8) + qn - (high + high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<int>, Vector128<int>, Vector128<int>, Vector128<int>) Distances128(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms)
    {
        Check(query, group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int q = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(query));
        Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default;
        int pairs = query.Length / 2;
        for (int p = 0; p < pairs; p++)
        {
            var pair = Vector128.Create(Unsafe.Add(ref q, p)).AsInt16();
            nuint at = (nuint)(p * 2 * Lanes);
            a0 += IntegerSimd.MultiplyAddAdjacent(pair, Vector128.LoadUnsafe(ref g, at));
            a1 += IntegerSimd.MultiplyAddAdjacent(pair, Vector128.LoadUnsafe(ref g, at + 8));
            a2 += IntegerSimd.MultiplyAddAdjacent(pair, Vector128.LoadUnsafe(ref g, at + 16));
            a3 += IntegerSimd.MultiplyAddAdjacent(pair, Vector128.LoadUnsafe(ref g, at + 24));
        }

        var qn = Vector128.Create(queryNorm);
        ref int n = ref MemoryMarshal.GetReference(norms);
        return (Vector128.LoadUnsafe(ref n) + qn - (a0 + a0), Vector128.LoadUnsafe(ref n, 4) + qn - (a1 + a1),
                Vector128.LoadUnsafe(ref n, 8) + qn - (a2 + a2), Vector128.LoadUnsafe(ref n, 12) + qn - (a3 + a3));
    }

    internal static void SurvivorsOfFour512(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        int n = CheckFour(queries, queryNorms, thresholds, masks);
        Check(queries[..n], group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int q0 = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(queries));
        ref int q1 = ref Unsafe.Add(ref q0, n / 2);
        ref int q2 = ref Unsafe.Add(ref q0, n);
        ref int q3 = ref Unsafe.Add(ref q0, 3 * n / 2);
        Vector512<int> a = default, b = default, c = default, e = default;
        int pairs = n / 2;
        for (int p = 0; p < pairs; p++)
        {
            var v = Vector512.LoadUnsafe(ref g, (nuint)(p * 2 * Lanes));
            a += IntegerSimd.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q0, p)).AsInt16(), v);
            b += IntegerSimd.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q1, p)).AsInt16(), v);
            c += IntegerSimd.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q2, p)).AsInt16(), v);
            e += IntegerSimd.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q3, p)).AsInt16(), v);
        }

        var y = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(norms));
        masks[0] = Mask(y, queryNorms[0], a, thresholds[0]);
        masks[1] = Mask(y, queryNorms[1], b, thresholds[1]);
        masks[2] = Mask(y, queryNorms[2], c, thresholds[2]);
        masks[3] = Mask(y, queryNorms[3], e, thresholds[3]);
    }

    internal static void SurvivorsOfFour256(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        int n = CheckFour(queries, queryNorms, thresholds, masks);
        Check(queries[..n], group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int q0 = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(queries));
        ref int q1 = ref Unsafe.Add(ref q0, n / 2);
        ref int q2 = ref Unsafe.Add(ref q0, n);
        ref int q3 = ref Unsafe.Add(ref q0, 3 * n / 2);
        Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, e0 = default, e1 = default;
        int pairs = n / 2;
        for (int p = 0; p < pairs; p++)
        {
            nuint at = (nuint)(p * 2 * Lanes);
            var low = Vector256.LoadUnsafe(ref g, at);
            var high = Vector256.LoadUnsafe(ref g, at + 16);
            var pa = Vector256.Create(Unsafe.Add(ref q0, p)).AsInt16();
            var pb = Vector256.Create(Unsafe.Add(ref q1, p)).AsInt16();
            var pc = Vector256.Create(Unsafe.Add(ref q2, p)).AsInt16();
            var pe = Vector256.Create(Unsafe.Add(ref q3, p)).AsInt16();
            a0 += IntegerSimd.MultiplyAddAdjacent(pa, low);
            a1 += IntegerSimd.MultiplyAddAdjacent(pa, high);
            b0 += IntegerSimd.MultiplyAddAdjacent(pb, low);
            b1 += IntegerSimd.MultiplyAddAdjacent(pb, high);
            c0 += IntegerSimd.MultiplyAddAdjacent(pc, low);
            c1 += IntegerSimd.MultiplyAddAdjacent(pc, high);
            e0 += IntegerSimd.MultiplyAddAdjacent(pe, low);
            e1 += IntegerSimd.MultiplyAddAdjacent(pe, high);
        }

        ref int normRef = ref MemoryMarshal.GetReference(norms);
        var yLow = Vector256.LoadUnsafe(ref normRef);
        var yHigh = Vector256.LoadUnsafe(ref normRef, 8);
        masks[0] = Mask(yLow, yHigh, queryNorms[0], a0, a1, thresholds[0]);
        masks[1] = Mask(yLow, yHigh, queryNorms[1], b0, b1, thresholds[1]);
        masks[2] = Mask(yLow, yHigh, queryNorms[2], c0, c1, thresholds[2]);
        masks[3] = Mask(yLow, yHigh, queryNorms[3], e0, e1, thresholds[3]);
    }

    // Four queries' 16 accumulators would not fit in sixteen 128-bit registers: two queries at a time, each
    // group value loaded once per pair.
    internal static void SurvivorsOfFour128(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        int n = CheckFour(queries, queryNorms, thresholds, masks);
        Check(queries[..n], group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int normRef = ref MemoryMarshal.GetReference(norms);
        int pairs = n / 2;
        for (int first = 0; first < 4; first += 2)
        {
            ref int qa = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(queries.Slice(first * n, n)));
            ref int qb = ref Unsafe.Add(ref qa, n / 2);
            Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (int p = 0; p < pairs; p++)
            {
                nuint at = (nuint)(p * 2 * Lanes);
                var v0 = Vector128.LoadUnsafe(ref g, at);
                var v1 = Vector128.LoadUnsafe(ref g, at + 8);
                var v2 = Vector128.LoadUnsafe(ref g, at + 16);
                var v3 = Vector128.LoadUnsafe(ref g, at + 24);
                var pa = Vector128.Create(Unsafe.Add(ref qa, p)).AsInt16();
                var pb = Vector128.Create(Unsafe.Add(ref qb, p)).AsInt16();
                a0 += IntegerSimd.MultiplyAddAdjacent(pa, v0);
                a1 += IntegerSimd.MultiplyAddAdjacent(pa, v1);
                a2 += IntegerSimd.MultiplyAddAdjacent(pa, v2);
                a3 += IntegerSimd.MultiplyAddAdjacent(pa, v3);
                b0 += IntegerSimd.MultiplyAddAdjacent(pb, v0);
                b1 += IntegerSimd.MultiplyAddAdjacent(pb, v1);
                b2 += IntegerSimd.MultiplyAddAdjacent(pb, v2);
                b3 += IntegerSimd.MultiplyAddAdjacent(pb, v3);
            }

            masks[first] = Mask(ref normRef, queryNorms[first], a0, a1, a2, a3, thresholds[first]);
            masks[first + 1] = Mask(ref normRef, queryNorms[first + 1], b0, b1, b2, b3, thresholds[first + 1]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mask(ref int norms, int queryNorm, Vector128<int> d0, Vector128<int> d1, Vector128<int> d2, Vector128<int> d3, int threshold)
    {
        var qn = Vector128.Create(queryNorm);
        var t = Vector128.Create(threshold);
        return Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref norms) + qn - (d0 + d0), t).ExtractMostSignificantBits()
               | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref norms, 4) + qn - (d1 + d1), t).ExtractMostSignificantBits() << 4)
               | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref norms, 8) + qn - (d2 + d2), t).ExtractMostSignificantBits() << 8)
               | (Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref norms, 12) + qn - (d3 + d3), t).ExtractMostSignificantBits() << 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mask(Vector512<int> norms, int queryNorm, Vector512<int> dot, int threshold)
        => (uint)Vector512.LessThanOrEqual(norms + Vector512.Create(queryNorm) - (dot + dot), Vector512.Create(threshold)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mask(Vector256<int> normsLow, Vector256<int> normsHigh, int queryNorm, Vector256<int> dotLow, Vector256<int> dotHigh, int threshold)
    {
        var qn = Vector256.Create(queryNorm);
        var t = Vector256.Create(threshold);
        return Vector256.LessThanOrEqual(normsLow + qn - (dotLow + dotLow), t).ExtractMostSignificantBits()
               | (Vector256.LessThanOrEqual(normsHigh + qn - (dotHigh + dotHigh), t).ExtractMostSignificantBits() << 8);
    }

    private static int CheckFour(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        if (queryNorms.Length < 4 || thresholds.Length < 4 || masks.Length < 4 || (queries.Length & 7) != 0)
        {
            throw new ArgumentException($"Expected four queries of an even length ({queries.Length} values given), four query norms, four thresholds and room for four masks.");
        }

        return queries.Length / 4;
    }

    private static void Check(ReadOnlySpan<short> query, ReadOnlySpan<short> group)
    {
        if ((query.Length & 1) != 0)
        {
            throw new ArgumentException($"Expected an even number of coordinates, got {query.Length}.", nameof(query));
        }

        if (group.Length < query.Length * Lanes)
        {
            throw new ArgumentException($"Expected a group of {query.Length * Lanes} values for {query.Length} coordinates, got {group.Length}.", nameof(group));
        }
    }

    private static void Check(ReadOnlySpan<short> query, ReadOnlySpan<short> group, ReadOnlySpan<int> norms)
    {
        Check(query, group);
        if (norms.Length < Lanes)
        {
            throw new ArgumentException($"Expected {Lanes} squared lengths, got {norms.Length}.", nameof(norms));
        }
    }
}
