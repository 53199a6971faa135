using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// The image distortion model (IDM) distance between two 28x28 digits described by gradient planes
/// (Keysers et al., "Deformation Models for Image Recognition", 2007): every query pixel may match any
/// reference pixel within <c>warp</c> pixels of it, and the cost of a match is the squared difference of the
/// 3x3 local contexts of both gradient planes. The distance is the sum, over the query pixels, of each pixel's
/// cheapest match, so small local deformations (a stroke a pixel higher, a loop slightly wider) cost little.
/// </summary>
/// <remarks>
/// <para>Both images are given as <see cref="PlaneCount"/> planes of <see cref="GridSize"/> floats
/// (<see cref="Stride"/> x <see cref="Stride"/>, the image's pixel (x, y) at ((y + <see cref="Origin"/>) *
/// <see cref="Stride"/>) + x + <see cref="Origin"/>), zero outside the image and its one-pixel gradient border;
/// see <see cref="Deformation.GradientPlanes"/>. The sum runs over the 30x30 pixels the gradients can be non-zero on.</para>
/// <para>For one displacement d, the context cost of all pixels is a 3x3 box sum of the per-pixel cost
/// E_d(p) = sum over planes of (q(p) - r(p + d))². The kernel walks the rows top to bottom; for each row and
/// displacement it computes one new row of E_d and its horizontal 3-sums (kept for the next two rows), adds
/// three of those rows into the box sums and keeps the per-pixel minimum over d. The per-pixel minima are
/// added into one running sum per column, row by row, and the 30 column sums are added left to right.</para>
/// <para>Every path (512-, 256-, 128-bit and scalar) does exactly these float operations in this order, element
/// by element, so all of them return the same float bit for bit: the answer does not depend on the CPU. The
/// vector width only decides how many columns are done at once; the loop is written once
/// (<see cref="Run{TRows}"/>) and the row operations once per width (<see cref="IRowOperations"/>).</para>
/// <para>Because every added cost is non-negative and float addition is monotone, the sum of the columns after
/// any row is at most the final distance. <c>ComputeBounded</c> uses this to stop as soon as a
/// candidate is certainly farther than a limit (the k-th best distance so far, when re-ranking).</para>
/// </remarks>
internal static class DeformationDistance
{
    /// <summary>Floats per row of a plane.</summary>
    public const int Stride = 48;

    /// <summary>Offset of the image's pixel (0, 0) from the plane's corner, in rows and in columns.</summary>
    public const int Origin = 8;

    /// <summary>Floats in one plane.</summary>
    public const int GridSize = Stride * Stride;

    /// <summary>Planes per image (horizontal and vertical gradient).</summary>
    public const int PlaneCount = 2;

    /// <summary>Floats describing one image.</summary>
    public const int ImageFloats = PlaneCount * GridSize;

    /// <summary>Largest warp the planes' margins allow.</summary>
    public const int MaxWarp = 3;

    /// <summary>Side of the image the kernel is laid out for.</summary>
    public const int Side = 28;

    /// <summary>Columns of a row the kernel computes (30 summed pixels plus two ignored lanes).</summary>
    private const int RowFloats = 32;

    /// <summary>Pixels summed per row and rows summed: the image and its one-pixel gradient border.</summary>
    private const int SumSide = 30;

    /// <summary>Displacements tried at the largest warp.</summary>
    private const int MaxDisplacements = ((2 * MaxWarp) + 1) * ((2 * MaxWarp) + 1);

    // Scratch layout: the horizontal 3-sums of the last three cost rows of every displacement, the row's
    // per-pixel minimum, and the column sums.
    private const int SumsOffset = 0;
    private const int BestOffset = SumsOffset + (MaxDisplacements * 3 * RowFloats);
    private const int ColumnsOffset = BestOffset + RowFloats;

    /// <summary>Floats of scratch space the kernel needs.</summary>
    public const int ScratchFloats = ColumnsOffset + RowFloats;

    /// <summary>Gets the path <c>Compute</c> takes (for reports).</summary>
    public static SimdWidth Path => SimdWidths.Widest;

    /// <summary>IDM distance of <paramref name="query"/> to <paramref name="reference"/>, on the widest accelerated path.</summary>
    /// <param name="query">The query's planes (<see cref="ImageFloats"/> floats).</param>
    /// <param name="reference">The reference's planes.</param>
    /// <param name="warp">How far (in pixels, each axis) a query pixel may look for its match: 0 to <see cref="MaxWarp"/>.</param>
    /// <param name="scratch">Working space of at least <see cref="ScratchFloats"/> floats.</param>
    /// <returns>The distance (not negative); the same on every path.</returns>
    public static float Compute(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch)
        => ComputeBounded(query, reference, warp, scratch, float.PositiveInfinity);

    /// <summary>
    /// The IDM distance when it is at most <paramref name="limit"/>; otherwise some value larger than
    /// <paramref name="limit"/> (the partial sum at which the kernel stopped, at most the distance).
    /// </summary>
    /// <param name="query">The query's planes.</param>
    /// <param name="reference">The reference's planes.</param>
    /// <param name="warp">0 to <see cref="MaxWarp"/>.</param>
    /// <param name="scratch">At least <see cref="ScratchFloats"/> floats.</param>
    /// <param name="limit">The largest distance of interest; +infinity for the exact distance always.</param>
    /// <returns>The distance, or a partial sum above <paramref name="limit"/>.</returns>
    public static float ComputeBounded(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch, float limit)
    {
        Check(query, reference, warp, scratch);
        if (Vector512.IsHardwareAccelerated)
        {
            return Run<Rows512>(query, reference, warp, scratch, limit);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Run<Rows256>(query, reference, warp, scratch, limit);
        }

        return Vector128.IsHardwareAccelerated ? Run<Rows128>(query, reference, warp, scratch, limit) : Run<RowsScalar>(query, reference, warp, scratch, limit);
    }

    /// <summary><c>ComputeBounded</c> on one path.</summary>
    internal static float ComputeBounded(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch, float limit, SimdWidth width)
    {
        Check(query, reference, warp, scratch);
        return width switch
        {
            SimdWidth.Bits512 => Run<Rows512>(query, reference, warp, scratch, limit),
            SimdWidth.Bits256 => Run<Rows256>(query, reference, warp, scratch, limit),
            SimdWidth.Bits128 => Run<Rows128>(query, reference, warp, scratch, limit),
            _ => Run<RowsScalar>(query, reference, warp, scratch, limit),
        };
    }

    /// <summary><c>Compute</c> on one path.</summary>
    internal static float Compute(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch, SimdWidth width)
        => ComputeBounded(query, reference, warp, scratch, float.PositiveInfinity, width);

    // The loop, written once. Cost-grid row g (0..31) is image row g - 2; box row y (0..29, image row y - 1)
    // sums cost rows y, y + 1 and y + 2, whose 3-sums are kept per displacement in three rotating slots.
    private static float Run<TRows>(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch, float limit)
        where TRows : struct, IRowOperations
    {
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float r = ref MemoryMarshal.GetReference(reference);
        ref float s = ref MemoryMarshal.GetReference(scratch);
        ref float sums = ref Unsafe.Add(ref s, SumsOffset);
        ref float best = ref Unsafe.Add(ref s, BestOffset);
        ref float columns = ref Unsafe.Add(ref s, ColumnsOffset);
        scratch.Slice(ColumnsOffset, RowFloats).Clear();

        int side = (2 * warp) + 1;
        int displacements = side * side;
        Span<int> shifts = stackalloc int[MaxDisplacements];
        for (int d = 0; d < displacements; d++)
        {
            shifts[d] = (((d / side) - warp) * Stride) + (d % side) - warp;
            TRows.Sums(ref q, ref r, Start(0), shifts[d], ref Unsafe.Add(ref sums, d * 3 * RowFloats));
            TRows.Sums(ref q, ref r, Start(1), shifts[d], ref Unsafe.Add(ref sums, ((d * 3) + 1) * RowFloats));
        }

        for (int y = 0; y < SumSide; y++)
        {
            int at = Start(y + 2);
            ref float top = ref Unsafe.Add(ref sums, (y % 3) * RowFloats);
            ref float middle = ref Unsafe.Add(ref sums, ((y + 1) % 3) * RowFloats);
            ref float bottom = ref Unsafe.Add(ref sums, ((y + 2) % 3) * RowFloats);
            TRows.Row(ref q, ref r, at, shifts[0], ref top, ref middle, ref bottom, ref best, first: true);
            for (int d = 1; d < displacements; d++)
            {
                int offset = d * 3 * RowFloats;
                TRows.Row(ref q, ref r, at, shifts[d], ref Unsafe.Add(ref top, offset), ref Unsafe.Add(ref middle, offset), ref Unsafe.Add(ref bottom, offset), ref best, first: false);
            }

            TRows.Add(ref columns, ref best);
            if (limit < float.PositiveInfinity && y >= 4 && y < SumSide - 1)
            {
                float partial = SumColumns(ref columns);
                if (partial > limit)
                {
                    return partial;
                }
            }
        }

        return SumColumns(ref columns);
    }

    // The plane offset of cost-grid row g's first column (image column -2).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Start(int g) => ((Origin - 2 + g) * Stride) + Origin - 2;

    // The 30 column sums, left to right (the last two lanes are outside the image's border and ignored).
    private static float SumColumns(ref float columns)
    {
        float total = 0;
        for (int x = 0; x < SumSide; x++)
        {
            total += Unsafe.Add(ref columns, x);
        }

        return total;
    }

    private static void Check(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch)
    {
        if (query.Length < ImageFloats || reference.Length < ImageFloats)
        {
            ThrowLength(query.Length, reference.Length);
        }

        if ((uint)warp > MaxWarp)
        {
            ThrowWarp(warp);
        }

        if (scratch.Length < ScratchFloats)
        {
            ThrowScratch(scratch.Length);
        }
    }

    private static void ThrowLength(int query, int reference)
        => throw new ArgumentException($"Expected {ImageFloats} floats of planes per image, got {query} (query) and {reference} (reference).");

    private static void ThrowWarp(int warp)
        => throw new ArgumentOutOfRangeException(nameof(warp), $"Expected a warp of 0 to {MaxWarp} pixels, got {warp}.");

    private static void ThrowScratch(int length)
        => throw new ArgumentException($"Expected at least {ScratchFloats} floats of scratch space, got {length}.", nameof(length));

    /// <summary>The kernel's row operations on 32 columns, once per vector width; all do the same float operations per element.</summary>
    private interface IRowOperations
    {
        /// <summary>
        /// sums[x] = (cost[x] + cost[x + 1]) + cost[x + 2] for the 32 columns from plane offset <paramref name="at"/>,
        /// where cost[x] = (q0 - r0)² + (q1 - r1)² with the reference shifted by <paramref name="shift"/>, and
        /// cost[32] = cost[33] = 0.
        /// </summary>
        static abstract void Sums(ref float q, ref float r, int at, int shift, ref float sums);

        /// <summary>
        /// bottom = <see cref="Sums"/>; box = (top + middle) + bottom; best = box for the first displacement, else
        /// min(best, box).
        /// </summary>
        static abstract void Row(ref float q, ref float r, int at, int shift, ref float top, ref float middle, ref float bottom, ref float best, bool first);

        /// <summary>columns += row.</summary>
        static abstract void Add(ref float columns, ref float row);
    }

    private readonly struct RowsScalar : IRowOperations
    {
        public static void Sums(ref float q, ref float r, int at, int shift, ref float sums)
        {
            Span<float> cost = stackalloc float[RowFloats + 2];
            for (int x = 0; x < RowFloats; x++)
            {
                float e0 = Unsafe.Add(ref q, at + x) - Unsafe.Add(ref r, at + shift + x);
                float e1 = Unsafe.Add(ref q, GridSize + at + x) - Unsafe.Add(ref r, GridSize + at + shift + x);
                cost[x] = (e0 * e0) + (e1 * e1);
            }

            cost[RowFloats] = cost[RowFloats + 1] = 0;
            for (int x = 0; x < RowFloats; x++)
            {
                Unsafe.Add(ref sums, x) = cost[x] + cost[x + 1] + cost[x + 2];
            }
        }

        public static void Row(ref float q, ref float r, int at, int shift, ref float top, ref float middle, ref float bottom, ref float best, bool first)
        {
            Sums(ref q, ref r, at, shift, ref bottom);
            for (int x = 0; x < RowFloats; x++)
            {
                float box = Unsafe.Add(ref top, x) + Unsafe.Add(ref middle, x) + Unsafe.Add(ref bottom, x);
                Unsafe.Add(ref best, x) = first ? box : MinNative(Unsafe.Add(ref best, x), box);
            }
        }

        public static void Add(ref float columns, ref float row)
        {
            for (int x = 0; x < RowFloats; x++)
            {
                Unsafe.Add(ref columns, x) += Unsafe.Add(ref row, x);
            }
        }

        // What the vector paths' MinNative does (costs are never NaN or negative zero, so every min agrees).
        private static float MinNative(float a, float b) => a < b ? a : b;
    }

    private readonly struct Rows128 : IRowOperations
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(ref float q, ref float r, int at, int shift, ref float sums)
        {
            var h = RowSums(ref q, ref r, at, shift);
            h.Item1.StoreUnsafe(ref sums, 0);
            h.Item2.StoreUnsafe(ref sums, 4);
            h.Item3.StoreUnsafe(ref sums, 8);
            h.Item4.StoreUnsafe(ref sums, 12);
            h.Item5.StoreUnsafe(ref sums, 16);
            h.Item6.StoreUnsafe(ref sums, 20);
            h.Item7.StoreUnsafe(ref sums, 24);
            h.Item8.StoreUnsafe(ref sums, 28);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Row(ref float q, ref float r, int at, int shift, ref float top, ref float middle, ref float bottom, ref float best, bool first)
        {
            var h = RowSums(ref q, ref r, at, shift);
            h.Item1.StoreUnsafe(ref bottom, 0);
            h.Item2.StoreUnsafe(ref bottom, 4);
            h.Item3.StoreUnsafe(ref bottom, 8);
            h.Item4.StoreUnsafe(ref bottom, 12);
            h.Item5.StoreUnsafe(ref bottom, 16);
            h.Item6.StoreUnsafe(ref bottom, 20);
            h.Item7.StoreUnsafe(ref bottom, 24);
            h.Item8.StoreUnsafe(ref bottom, 28);
            Box(Vector128.LoadUnsafe(ref top, 0) + Vector128.LoadUnsafe(ref middle, 0) + h.Item1, ref best, 0, first);
            Box(Vector128.LoadUnsafe(ref top, 4) + Vector128.LoadUnsafe(ref middle, 4) + h.Item2, ref best, 4, first);
            Box(Vector128.LoadUnsafe(ref top, 8) + Vector128.LoadUnsafe(ref middle, 8) + h.Item3, ref best, 8, first);
            Box(Vector128.LoadUnsafe(ref top, 12) + Vector128.LoadUnsafe(ref middle, 12) + h.Item4, ref best, 12, first);
            Box(Vector128.LoadUnsafe(ref top, 16) + Vector128.LoadUnsafe(ref middle, 16) + h.Item5, ref best, 16, first);
            Box(Vector128.LoadUnsafe(ref top, 20) + Vector128.LoadUnsafe(ref middle, 20) + h.Item6, ref best, 20, first);
            Box(Vector128.LoadUnsafe(ref top, 24) + Vector128.LoadUnsafe(ref middle, 24) + h.Item7, ref best, 24, first);
            Box(Vector128.LoadUnsafe(ref top, 28) + Vector128.LoadUnsafe(ref middle, 28) + h.Item8, ref best, 28, first);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(ref float columns, ref float row)
        {
            for (nuint x = 0; x < RowFloats; x += (nuint)Vector128<float>.Count)
            {
                (Vector128.LoadUnsafe(ref columns, x) + Vector128.LoadUnsafe(ref row, x)).StoreUnsafe(ref columns, x);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Cost(ref float q, ref float r, int at, int shift)
        {
            var e0 = Vector128.LoadUnsafe(ref q, (nuint)at) - Vector128.LoadUnsafe(ref r, (nuint)(at + shift));
            var e1 = Vector128.LoadUnsafe(ref q, (nuint)(GridSize + at)) - Vector128.LoadUnsafe(ref r, (nuint)(GridSize + at + shift));
            return (e0 * e0) + (e1 * e1);
        }

        // The 3-sums of one cost row, computed in registers: the neighbouring columns come from lane shifts.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>) RowSums(ref float q, ref float r, int at, int shift)
        {
            var c0 = Cost(ref q, ref r, at + 0, shift);
            var c1 = Cost(ref q, ref r, at + 4, shift);
            var c2 = Cost(ref q, ref r, at + 8, shift);
            var c3 = Cost(ref q, ref r, at + 12, shift);
            var c4 = Cost(ref q, ref r, at + 16, shift);
            var c5 = Cost(ref q, ref r, at + 20, shift);
            var c6 = Cost(ref q, ref r, at + 24, shift);
            var c7 = Cost(ref q, ref r, at + 28, shift);
            var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
            var h1 = c1 + LaneShift.Right(c1, c2, 1) + LaneShift.Right(c1, c2, 2);
            var h2 = c2 + LaneShift.Right(c2, c3, 1) + LaneShift.Right(c2, c3, 2);
            var h3 = c3 + LaneShift.Right(c3, c4, 1) + LaneShift.Right(c3, c4, 2);
            var h4 = c4 + LaneShift.Right(c4, c5, 1) + LaneShift.Right(c4, c5, 2);
            var h5 = c5 + LaneShift.Right(c5, c6, 1) + LaneShift.Right(c5, c6, 2);
            var h6 = c6 + LaneShift.Right(c6, c7, 1) + LaneShift.Right(c6, c7, 2);
            var h7 = c7 + LaneShift.Right(c7, Vector128<float>.Zero, 1) + LaneShift.Right(c7, Vector128<float>.Zero, 2);
            return (h0, h1, h2, h3, h4, h5, h6, h7);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Box(Vector128<float> box, ref float best, nuint x, bool first)
            => (first ? box : Vector128.MinNative(Vector128.LoadUnsafe(ref best, x), box)).StoreUnsafe(ref best, x);
    }

    private readonly struct Rows256 : IRowOperations
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(ref float q, ref float r, int at, int shift, ref float sums)
        {
            var h = RowSums(ref q, ref r, at, shift);
            h.Item1.StoreUnsafe(ref sums, 0);
            h.Item2.StoreUnsafe(ref sums, 8);
            h.Item3.StoreUnsafe(ref sums, 16);
            h.Item4.StoreUnsafe(ref sums, 24);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Row(ref float q, ref float r, int at, int shift, ref float top, ref float middle, ref float bottom, ref float best, bool first)
        {
            var h = RowSums(ref q, ref r, at, shift);
            h.Item1.StoreUnsafe(ref bottom, 0);
            h.Item2.StoreUnsafe(ref bottom, 8);
            h.Item3.StoreUnsafe(ref bottom, 16);
            h.Item4.StoreUnsafe(ref bottom, 24);
            Box(Vector256.LoadUnsafe(ref top, 0) + Vector256.LoadUnsafe(ref middle, 0) + h.Item1, ref best, 0, first);
            Box(Vector256.LoadUnsafe(ref top, 8) + Vector256.LoadUnsafe(ref middle, 8) + h.Item2, ref best, 8, first);
            Box(Vector256.LoadUnsafe(ref top, 16) + Vector256.LoadUnsafe(ref middle, 16) + h.Item3, ref best, 16, first);
            Box(Vector256.LoadUnsafe(ref top, 24) + Vector256.LoadUnsafe(ref middle, 24) + h.Item4, ref best, 24, first);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(ref float columns, ref float row)
        {
            for (nuint x = 0; x < RowFloats; x += (nuint)Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref columns, x) + Vector256.LoadUnsafe(ref row, x)).StoreUnsafe(ref columns, x);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Cost(ref float q, ref float r, int at, int shift)
        {
            var e0 = Vector256.LoadUnsafe(ref q, (nuint)at) - Vector256.LoadUnsafe(ref r, (nuint)(at + shift));
            var e1 = Vector256.LoadUnsafe(ref q, (nuint)(GridSize + at)) - Vector256.LoadUnsafe(ref r, (nuint)(GridSize + at + shift));
            return (e0 * e0) + (e1 * e1);
        }

        // The 3-sums of one cost row, computed in registers: the neighbouring columns come from lane shifts.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) RowSums(ref float q, ref float r, int at, int shift)
        {
            var c0 = Cost(ref q, ref r, at + 0, shift);
            var c1 = Cost(ref q, ref r, at + 8, shift);
            var c2 = Cost(ref q, ref r, at + 16, shift);
            var c3 = Cost(ref q, ref r, at + 24, shift);
            var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
            var h1 = c1 + LaneShift.Right(c1, c2, 1) + LaneShift.Right(c1, c2, 2);
            var h2 = c2 + LaneShift.Right(c2, c3, 1) + LaneShift.Right(c2, c3, 2);
            var h3 = c3 + LaneShift.Right(c3, Vector256<float>.Zero, 1) + LaneShift.Right(c3, Vector256<float>.Zero, 2);
            return (h0, h1, h2, h3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Box(Vector256<float> box, ref float best, nuint x, bool first)
            => (first ? box : Vector256.MinNative(Vector256.LoadUnsafe(ref best, x), box)).StoreUnsafe(ref best, x);
    }

    private readonly struct Rows512 : IRowOperations
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(ref float q, ref float r, int at, int shift, ref float sums)
        {
            var h = RowSums(ref q, ref r, at, shift);
            h.Item1.StoreUnsafe(ref sums, 0);
            h.Item2.StoreUnsafe(ref sums, 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Row(ref float q, ref float r, int at, int shift, ref float top, ref float middle, ref float bottom, ref float best, bool first)
        {
            var h = RowSums(ref q, ref r, at, shift);
            h.Item1.StoreUnsafe(ref bottom, 0);
            h.Item2.StoreUnsafe(ref bottom, 16);
            Box(Vector512.LoadUnsafe(ref top, 0) + Vector512.LoadUnsafe(ref middle, 0) + h.Item1, ref best, 0, first);
            Box(Vector512.LoadUnsafe(ref top, 16) + Vector512.LoadUnsafe(ref middle, 16) + h.Item2, ref best, 16, first);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(ref float columns, ref float row)
        {
            for (nuint x = 0; x < RowFloats; x += (nuint)Vector512<float>.Count)
            {
                (Vector512.LoadUnsafe(ref columns, x) + Vector512.LoadUnsafe(ref row, x)).StoreUnsafe(ref columns, x);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Cost(ref float q, ref float r, int at, int shift)
        {
            var e0 = Vector512.LoadUnsafe(ref q, (nuint)at) - Vector512.LoadUnsafe(ref r, (nuint)(at + shift));
            var e1 = Vector512.LoadUnsafe(ref q, (nuint)(GridSize + at)) - Vector512.LoadUnsafe(ref r, (nuint)(GridSize + at + shift));
            return (e0 * e0) + (e1 * e1);
        }

        // The 3-sums of one cost row, computed in registers: the neighbouring columns come from lane shifts.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector512<float>, Vector512<float>) RowSums(ref float q, ref float r, int at, int shift)
        {
            var c0 = Cost(ref q, ref r, at + 0, shift);
            var c1 = Cost(ref q, ref r, at + 16, shift);
            var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
            var h1 = c1 + LaneShift.Right(c1, Vector512<float>.Zero, 1) + LaneShift.Right(c1, Vector512<float>.Zero, 2);
            return (h0, h1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Box(Vector512<float> box, ref float best, nuint x, bool first)
            => (first ? box : Vector512.MinNative(Vector512.LoadUnsafe(ref best, x), box)).StoreUnsafe(ref best, x);
    }
}
