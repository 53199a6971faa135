using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Digits.Kernels;

/// <summary>
/// Squared distances between short integer vectors, for 16 training vectors at once, compared with a
/// threshold: the exact integer sum over coordinates of (query[j] - image[j])². A group stores its 16
/// vectors two coordinates at a time (<c>group[((p * 16) + lane) * 2 + {0, 1}]</c> holds coordinates 2p and
/// 2p + 1 of vector <c>lane</c>), so one 16-bit multiply-add instruction handles two coordinates of 16
/// vectors; the vector paths compute |q|² + |y|² - 2 q·y from the stored squared lengths, which equals the
/// sum of squared differences exactly as long as that sum fits in an int (the caller's scale guarantees it;
/// the intermediate wrap-around of 32-bit integers cancels out).
/// </summary>
internal static class QuantizedBound
{
    /// <summary>Vectors per group.</summary>
    public const int Lanes = 16;

    /// <summary>Returns a bit per lane (bit i = lane i) whose squared distance is at most <paramref name="threshold"/>.</summary>
    /// <param name="query">The query's coordinates (even length).</param>
    /// <param name="queryNorm">The query's squared length (<see cref="SquaredLength"/>).</param>
    /// <param name="group">The group's coordinates, two at a time (16 x query length values).</param>
    /// <param name="norms">The group's 16 squared lengths.</param>
    /// <param name="threshold">The largest distance that survives.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Survivors(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
    {
        if (Avx512BW.IsSupported)
        {
            return Survivors512(query, queryNorm, group, norms, threshold);
        }

        if (Avx2.IsSupported)
        {
            return Survivors256(query, queryNorm, group, norms, threshold);
        }

        return SurvivorsScalar(query, group, threshold);
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

    /// <summary>Writes the 16 squared distances as plain sums of squared differences (the reference every path must equal).</summary>
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

    /// <summary>Writes the 16 squared distances with the widest vector path available.</summary>
    internal static void Distances(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, Span<int> distances)
    {
        if (!Avx512BW.IsSupported)
        {
            Span<long> wide = stackalloc long[Lanes];
            DistancesScalar(query, group, wide);
            for (int lane = 0; lane < Lanes; lane++)
            {
                distances[lane] = (int)wide[lane];
            }

            return;
        }

        Distances512(query, queryNorm, group, norms).CopyTo(distances);
    }

    internal static uint Survivors512(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
        => (uint)Vector512.LessThanOrEqual(Distances512(query, queryNorm, group, norms), Vector512.Create(threshold)).ExtractMostSignificantBits();

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
            dot += Avx512BW.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q, p)).AsInt16(), Vector512.LoadUnsafe(ref g, (nuint)(p * 2 * Lanes)));
        }

        return Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(norms)) + Vector512.Create(queryNorm) - (dot + dot);
    }

    internal static uint Survivors256(ReadOnlySpan<short> query, int queryNorm, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, int threshold)
    {
        Check(query, group, norms);
        ref short g = ref MemoryMarshal.GetReference(group);
        ref int q = ref Unsafe.As<short, int>(ref MemoryMarshal.GetReference(query));
        Vector256<int> low = default, high = default;
        int pairs = query.Length / 2;
        for (int p = 0; p < pairs; p++)
        {
            var pair = Vector256.Create(Unsafe.Add(ref q, p)).AsInt16();
            low += Avx2.MultiplyAddAdjacent(pair, Vector256.LoadUnsafe(ref g, (nuint)(p * 2 * Lanes)));
            high += Avx2.MultiplyAddAdjacent(pair, Vector256.LoadUnsafe(ref g, (nuint)((p * 2 * Lanes) + Lanes)));
        }

        var t = Vector256.Create(threshold);
        var qn = Vector256.Create(queryNorm);
        ref int n = ref MemoryMarshal.GetReference(norms);
        var lowDistances = Vector256.LoadUnsafe(ref n) + qn - (low + low);
        var highDistances = Vector256.LoadUnsafe(ref n, 8) + qn - (high + high);
        return Vector256.LessThanOrEqual(lowDistances, t).ExtractMostSignificantBits()
               | (Vector256.LessThanOrEqual(highDistances, t).ExtractMostSignificantBits() << 8);
    }

    /// <summary>
    /// <see cref="Survivors"/> for four queries against one group at once: each of the group's values is
    /// loaded once for all four. The masks equal four calls of <see cref="Survivors"/>.
    /// </summary>
    /// <param name="queries">Four queries' coordinates, one after another (4 x even length).</param>
    /// <param name="queryNorms">The four queries' squared lengths.</param>
    /// <param name="group">The group's coordinates, two at a time.</param>
    /// <param name="norms">The group's 16 squared lengths.</param>
    /// <param name="thresholds">Each query's threshold.</param>
    /// <param name="masks">Receives each query's survivor mask.</param>
    public static void SurvivorsOfFour(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        int n = queries.Length / 4;
        if (!Avx512BW.IsSupported)
        {
            for (int i = 0; i < 4; i++)
            {
                masks[i] = Survivors(queries.Slice(i * n, n), queryNorms[i], group, norms, thresholds[i]);
            }

            return;
        }

        SurvivorsOfFour512(queries, queryNorms, group, norms, thresholds, masks);
    }

    /// <summary>The 512-bit path of <see cref="SurvivorsOfFour"/>.</summary>
    internal static void SurvivorsOfFour512(ReadOnlySpan<short> queries, ReadOnlySpan<int> queryNorms, ReadOnlySpan<short> group, ReadOnlySpan<int> norms, ReadOnlySpan<int> thresholds, Span<uint> masks)
    {
        int n = queries.Length / 4;
        Check(queries[..n], group, norms);
        if (queryNorms.Length < 4 || thresholds.Length < 4 || masks.Length < 4)
        {
            throw new ArgumentException("Expected four query norms, four thresholds and room for four masks.");
        }

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
            a += Avx512BW.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q0, p)).AsInt16(), v);
            b += Avx512BW.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q1, p)).AsInt16(), v);
            c += Avx512BW.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q2, p)).AsInt16(), v);
            e += Avx512BW.MultiplyAddAdjacent(Vector512.Create(Unsafe.Add(ref q3, p)).AsInt16(), v);
        }

        var y = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(norms));
        masks[0] = Mask(y, queryNorms[0], a, thresholds[0]);
        masks[1] = Mask(y, queryNorms[1], b, thresholds[1]);
        masks[2] = Mask(y, queryNorms[2], c, thresholds[2]);
        masks[3] = Mask(y, queryNorms[3], e, thresholds[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mask(Vector512<int> norms, int queryNorm, Vector512<int> dot, int threshold)
        => (uint)Vector512.LessThanOrEqual(norms + Vector512.Create(queryNorm) - (dot + dot), Vector512.Create(threshold)).ExtractMostSignificantBits();

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
