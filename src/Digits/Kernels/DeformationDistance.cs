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
/// see <see cref="GradientPlanes"/>. The sum runs over the 30x30 pixels the gradients can be non-zero on.</para>
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
            TRows.Row(ref q, ref r, at, shifts[..displacements], ref top, ref middle, ref bottom, ref best);

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
        /// For every displacement d (its 3-sums' slots <c>d * 3 * 32</c> floats on from <paramref name="top"/>,
        /// <paramref name="middle"/> and <paramref name="bottom"/>): bottom = <see cref="Sums"/> of the new cost row,
        /// box = (top + middle) + bottom; then best = the minimum over d of box, taken in order of d from +infinity.
        /// </summary>
        static abstract void Row(ref float q, ref float r, int at, ReadOnlySpan<int> shifts, ref float top, ref float middle, ref float bottom, ref float best);

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

        public static void Row(ref float q, ref float r, int at, ReadOnlySpan<int> shifts, ref float top, ref float middle, ref float bottom, ref float best)
        {
            for (int d = 0; d < shifts.Length; d++)
            {
                int o = d * 3 * RowFloats;
                Sums(ref q, ref r, at, shifts[d], ref Unsafe.Add(ref bottom, o));
                for (int x = 0; x < RowFloats; x++)
                {
                    float box = Unsafe.Add(ref top, o + x) + Unsafe.Add(ref middle, o + x) + Unsafe.Add(ref bottom, o + x);
                    Unsafe.Add(ref best, x) = MinNative(d == 0 ? float.PositiveInfinity : Unsafe.Add(ref best, x), box);
                }
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
            ref float qa = ref Unsafe.Add(ref q, at);
            ref float ra = ref Unsafe.Add(ref r, at + shift);
            var c0 = Cost(Vector128.LoadUnsafe(ref qa, 0), Vector128.LoadUnsafe(ref qa, 0 + GridSize), ref ra, 0);
            var c1 = Cost(Vector128.LoadUnsafe(ref qa, 4), Vector128.LoadUnsafe(ref qa, 4 + GridSize), ref ra, 4);
            var c2 = Cost(Vector128.LoadUnsafe(ref qa, 8), Vector128.LoadUnsafe(ref qa, 8 + GridSize), ref ra, 8);
            var c3 = Cost(Vector128.LoadUnsafe(ref qa, 12), Vector128.LoadUnsafe(ref qa, 12 + GridSize), ref ra, 12);
            var c4 = Cost(Vector128.LoadUnsafe(ref qa, 16), Vector128.LoadUnsafe(ref qa, 16 + GridSize), ref ra, 16);
            var c5 = Cost(Vector128.LoadUnsafe(ref qa, 20), Vector128.LoadUnsafe(ref qa, 20 + GridSize), ref ra, 20);
            var c6 = Cost(Vector128.LoadUnsafe(ref qa, 24), Vector128.LoadUnsafe(ref qa, 24 + GridSize), ref ra, 24);
            var c7 = Cost(Vector128.LoadUnsafe(ref qa, 28), Vector128.LoadUnsafe(ref qa, 28 + GridSize), ref ra, 28);
            var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
            var h1 = c1 + LaneShift.Right(c1, c2, 1) + LaneShift.Right(c1, c2, 2);
            var h2 = c2 + LaneShift.Right(c2, c3, 1) + LaneShift.Right(c2, c3, 2);
            var h3 = c3 + LaneShift.Right(c3, c4, 1) + LaneShift.Right(c3, c4, 2);
            var h4 = c4 + LaneShift.Right(c4, c5, 1) + LaneShift.Right(c4, c5, 2);
            var h5 = c5 + LaneShift.Right(c5, c6, 1) + LaneShift.Right(c5, c6, 2);
            var h6 = c6 + LaneShift.Right(c6, c7, 1) + LaneShift.Right(c6, c7, 2);
            var h7 = c7 + LaneShift.Right(c7, Vector128<float>.Zero, 1) + LaneShift.Right(c7, Vector128<float>.Zero, 2);
            h0.StoreUnsafe(ref sums, 0);
            h1.StoreUnsafe(ref sums, 4);
            h2.StoreUnsafe(ref sums, 8);
            h3.StoreUnsafe(ref sums, 12);
            h4.StoreUnsafe(ref sums, 16);
            h5.StoreUnsafe(ref sums, 20);
            h6.StoreUnsafe(ref sums, 24);
            h7.StoreUnsafe(ref sums, 28);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Row(ref float q, ref float r, int at, ReadOnlySpan<int> shifts, ref float top, ref float middle, ref float bottom, ref float best)
        {
            // Sixteen query vectors and eight minima would not fit in the sixteen 128-bit registers: both stay in memory.
            ref float qa = ref Unsafe.Add(ref q, at);
            MemoryMarshal.CreateSpan(ref best, RowFloats).Fill(float.PositiveInfinity);
            for (int d = 0; d < shifts.Length; d++)
            {
                ref float ra = ref Unsafe.Add(ref r, at + shifts[d]);
                nuint o = (nuint)(d * 3 * RowFloats);
                var c0 = Cost(Vector128.LoadUnsafe(ref qa, 0), Vector128.LoadUnsafe(ref qa, 0 + GridSize), ref ra, 0);
                var c1 = Cost(Vector128.LoadUnsafe(ref qa, 4), Vector128.LoadUnsafe(ref qa, 4 + GridSize), ref ra, 4);
                var c2 = Cost(Vector128.LoadUnsafe(ref qa, 8), Vector128.LoadUnsafe(ref qa, 8 + GridSize), ref ra, 8);
                var c3 = Cost(Vector128.LoadUnsafe(ref qa, 12), Vector128.LoadUnsafe(ref qa, 12 + GridSize), ref ra, 12);
                var c4 = Cost(Vector128.LoadUnsafe(ref qa, 16), Vector128.LoadUnsafe(ref qa, 16 + GridSize), ref ra, 16);
                var c5 = Cost(Vector128.LoadUnsafe(ref qa, 20), Vector128.LoadUnsafe(ref qa, 20 + GridSize), ref ra, 20);
                var c6 = Cost(Vector128.LoadUnsafe(ref qa, 24), Vector128.LoadUnsafe(ref qa, 24 + GridSize), ref ra, 24);
                var c7 = Cost(Vector128.LoadUnsafe(ref qa, 28), Vector128.LoadUnsafe(ref qa, 28 + GridSize), ref ra, 28);
                var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
                var h1 = c1 + LaneShift.Right(c1, c2, 1) + LaneShift.Right(c1, c2, 2);
                var h2 = c2 + LaneShift.Right(c2, c3, 1) + LaneShift.Right(c2, c3, 2);
                var h3 = c3 + LaneShift.Right(c3, c4, 1) + LaneShift.Right(c3, c4, 2);
                var h4 = c4 + LaneShift.Right(c4, c5, 1) + LaneShift.Right(c4, c5, 2);
                var h5 = c5 + LaneShift.Right(c5, c6, 1) + LaneShift.Right(c5, c6, 2);
                var h6 = c6 + LaneShift.Right(c6, c7, 1) + LaneShift.Right(c6, c7, 2);
                var h7 = c7 + LaneShift.Right(c7, Vector128<float>.Zero, 1) + LaneShift.Right(c7, Vector128<float>.Zero, 2);
                h0.StoreUnsafe(ref bottom, o + 0);
                h1.StoreUnsafe(ref bottom, o + 4);
                h2.StoreUnsafe(ref bottom, o + 8);
                h3.StoreUnsafe(ref bottom, o + 12);
                h4.StoreUnsafe(ref bottom, o + 16);
                h5.StoreUnsafe(ref bottom, o + 20);
                h6.StoreUnsafe(ref bottom, o + 24);
                h7.StoreUnsafe(ref bottom, o + 28);
                var box0 = Vector128.LoadUnsafe(ref top, o + 0) + Vector128.LoadUnsafe(ref middle, o + 0) + h0;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 0), box0).StoreUnsafe(ref best, 0);
                var box1 = Vector128.LoadUnsafe(ref top, o + 4) + Vector128.LoadUnsafe(ref middle, o + 4) + h1;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 4), box1).StoreUnsafe(ref best, 4);
                var box2 = Vector128.LoadUnsafe(ref top, o + 8) + Vector128.LoadUnsafe(ref middle, o + 8) + h2;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 8), box2).StoreUnsafe(ref best, 8);
                var box3 = Vector128.LoadUnsafe(ref top, o + 12) + Vector128.LoadUnsafe(ref middle, o + 12) + h3;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 12), box3).StoreUnsafe(ref best, 12);
                var box4 = Vector128.LoadUnsafe(ref top, o + 16) + Vector128.LoadUnsafe(ref middle, o + 16) + h4;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 16), box4).StoreUnsafe(ref best, 16);
                var box5 = Vector128.LoadUnsafe(ref top, o + 20) + Vector128.LoadUnsafe(ref middle, o + 20) + h5;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 20), box5).StoreUnsafe(ref best, 20);
                var box6 = Vector128.LoadUnsafe(ref top, o + 24) + Vector128.LoadUnsafe(ref middle, o + 24) + h6;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 24), box6).StoreUnsafe(ref best, 24);
                var box7 = Vector128.LoadUnsafe(ref top, o + 28) + Vector128.LoadUnsafe(ref middle, o + 28) + h7;
                Vector128.MinNative(Vector128.LoadUnsafe(ref best, 28), box7).StoreUnsafe(ref best, 28);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(ref float columns, ref float row)
        {
            for (nuint x = 0; x < RowFloats; x += (nuint)Vector128<float>.Count)
            {
                (Vector128.LoadUnsafe(ref columns, x) + Vector128.LoadUnsafe(ref row, x)).StoreUnsafe(ref columns, x);
            }
        }

        // One cost vector: (q0 - r0)² + (q1 - r1)², the reference read x floats on in both planes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Cost(Vector128<float> q0, Vector128<float> q1, ref float r, nuint x)
        {
            var e0 = q0 - Vector128.LoadUnsafe(ref r, x);
            var e1 = q1 - Vector128.LoadUnsafe(ref r, x + GridSize);
            return (e0 * e0) + (e1 * e1);
        }
    }

    private readonly struct Rows256 : IRowOperations
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(ref float q, ref float r, int at, int shift, ref float sums)
        {
            ref float qa = ref Unsafe.Add(ref q, at);
            ref float ra = ref Unsafe.Add(ref r, at + shift);
            var c0 = Cost(Vector256.LoadUnsafe(ref qa, 0), Vector256.LoadUnsafe(ref qa, 0 + GridSize), ref ra, 0);
            var c1 = Cost(Vector256.LoadUnsafe(ref qa, 8), Vector256.LoadUnsafe(ref qa, 8 + GridSize), ref ra, 8);
            var c2 = Cost(Vector256.LoadUnsafe(ref qa, 16), Vector256.LoadUnsafe(ref qa, 16 + GridSize), ref ra, 16);
            var c3 = Cost(Vector256.LoadUnsafe(ref qa, 24), Vector256.LoadUnsafe(ref qa, 24 + GridSize), ref ra, 24);
            var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
            var h1 = c1 + LaneShift.Right(c1, c2, 1) + LaneShift.Right(c1, c2, 2);
            var h2 = c2 + LaneShift.Right(c2, c3, 1) + LaneShift.Right(c2, c3, 2);
            var h3 = c3 + LaneShift.Right(c3, Vector256<float>.Zero, 1) + LaneShift.Right(c3, Vector256<float>.Zero, 2);
            h0.StoreUnsafe(ref sums, 0);
            h1.StoreUnsafe(ref sums, 8);
            h2.StoreUnsafe(ref sums, 16);
            h3.StoreUnsafe(ref sums, 24);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Row(ref float q, ref float r, int at, ReadOnlySpan<int> shifts, ref float top, ref float middle, ref float bottom, ref float best)
        {
            // The query's row is the same for every displacement: loaded once, kept in registers with the minima.
            ref float qa = ref Unsafe.Add(ref q, at);
            var q00 = Vector256.LoadUnsafe(ref qa, 0);
            var q01 = Vector256.LoadUnsafe(ref qa, 8);
            var q02 = Vector256.LoadUnsafe(ref qa, 16);
            var q03 = Vector256.LoadUnsafe(ref qa, 24);
            var q10 = Vector256.LoadUnsafe(ref qa, 0 + GridSize);
            var q11 = Vector256.LoadUnsafe(ref qa, 8 + GridSize);
            var q12 = Vector256.LoadUnsafe(ref qa, 16 + GridSize);
            var q13 = Vector256.LoadUnsafe(ref qa, 24 + GridSize);
            var best0 = Vector256.Create(float.PositiveInfinity);
            var best1 = Vector256.Create(float.PositiveInfinity);
            var best2 = Vector256.Create(float.PositiveInfinity);
            var best3 = Vector256.Create(float.PositiveInfinity);
            for (int d = 0; d < shifts.Length; d++)
            {
                ref float ra = ref Unsafe.Add(ref r, at + shifts[d]);
                nuint o = (nuint)(d * 3 * RowFloats);
                var c0 = Cost(q00, q10, ref ra, 0);
                var c1 = Cost(q01, q11, ref ra, 8);
                var c2 = Cost(q02, q12, ref ra, 16);
                var c3 = Cost(q03, q13, ref ra, 24);
                var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
                var h1 = c1 + LaneShift.Right(c1, c2, 1) + LaneShift.Right(c1, c2, 2);
                var h2 = c2 + LaneShift.Right(c2, c3, 1) + LaneShift.Right(c2, c3, 2);
                var h3 = c3 + LaneShift.Right(c3, Vector256<float>.Zero, 1) + LaneShift.Right(c3, Vector256<float>.Zero, 2);
                h0.StoreUnsafe(ref bottom, o + 0);
                h1.StoreUnsafe(ref bottom, o + 8);
                h2.StoreUnsafe(ref bottom, o + 16);
                h3.StoreUnsafe(ref bottom, o + 24);
                var box0 = Vector256.LoadUnsafe(ref top, o + 0) + Vector256.LoadUnsafe(ref middle, o + 0) + h0;
                best0 = Vector256.MinNative(best0, box0);
                var box1 = Vector256.LoadUnsafe(ref top, o + 8) + Vector256.LoadUnsafe(ref middle, o + 8) + h1;
                best1 = Vector256.MinNative(best1, box1);
                var box2 = Vector256.LoadUnsafe(ref top, o + 16) + Vector256.LoadUnsafe(ref middle, o + 16) + h2;
                best2 = Vector256.MinNative(best2, box2);
                var box3 = Vector256.LoadUnsafe(ref top, o + 24) + Vector256.LoadUnsafe(ref middle, o + 24) + h3;
                best3 = Vector256.MinNative(best3, box3);
            }

            best0.StoreUnsafe(ref best, 0);
            best1.StoreUnsafe(ref best, 8);
            best2.StoreUnsafe(ref best, 16);
            best3.StoreUnsafe(ref best, 24);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(ref float columns, ref float row)
        {
            for (nuint x = 0; x < RowFloats; x += (nuint)Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref columns, x) + Vector256.LoadUnsafe(ref row, x)).StoreUnsafe(ref columns, x);
            }
        }

        // One cost vector: (q0 - r0)² + (q1 - r1)², the reference read x floats on in both planes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Cost(Vector256<float> q0, Vector256<float> q1, ref float r, nuint x)
        {
            var e0 = q0 - Vector256.LoadUnsafe(ref r, x);
            var e1 = q1 - Vector256.LoadUnsafe(ref r, x + GridSize);
            return (e0 * e0) + (e1 * e1);
        }
    }

    private readonly struct Rows512 : IRowOperations
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sums(ref float q, ref float r, int at, int shift, ref float sums)
        {
            ref float qa = ref Unsafe.Add(ref q, at);
            ref float ra = ref Unsafe.Add(ref r, at + shift);
            var c0 = Cost(Vector512.LoadUnsafe(ref qa, 0), Vector512.LoadUnsafe(ref qa, 0 + GridSize), ref ra, 0);
            var c1 = Cost(Vector512.LoadUnsafe(ref qa, 16), Vector512.LoadUnsafe(ref qa, 16 + GridSize), ref ra, 16);
            var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
            var h1 = c1 + LaneShift.Right(c1, Vector512<float>.Zero, 1) + LaneShift.Right(c1, Vector512<float>.Zero, 2);
            h0.StoreUnsafe(ref sums, 0);
            h1.StoreUnsafe(ref sums, 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Row(ref float q, ref float r, int at, ReadOnlySpan<int> shifts, ref float top, ref float middle, ref float bottom, ref float best)
        {
            // The query's row is the same for every displacement: loaded once, kept in registers with the minima.
            ref float qa = ref Unsafe.Add(ref q, at);
            var q00 = Vector512.LoadUnsafe(ref qa, 0);
            var q01 = Vector512.LoadUnsafe(ref qa, 16);
            var q10 = Vector512.LoadUnsafe(ref qa, 0 + GridSize);
            var q11 = Vector512.LoadUnsafe(ref qa, 16 + GridSize);
            var best0 = Vector512.Create(float.PositiveInfinity);
            var best1 = Vector512.Create(float.PositiveInfinity);
            for (int d = 0; d < shifts.Length; d++)
            {
                ref float ra = ref Unsafe.Add(ref r, at + shifts[d]);
                nuint o = (nuint)(d * 3 * RowFloats);
                var c0 = Cost(q00, q10, ref ra, 0);
                var c1 = Cost(q01, q11, ref ra, 16);
                var h0 = c0 + LaneShift.Right(c0, c1, 1) + LaneShift.Right(c0, c1, 2);
                var h1 = c1 + LaneShift.Right(c1, Vector512<float>.Zero, 1) + LaneShift.Right(c1, Vector512<float>.Zero, 2);
                h0.StoreUnsafe(ref bottom, o + 0);
                h1.StoreUnsafe(ref bottom, o + 16);
                var box0 = Vector512.LoadUnsafe(ref top, o + 0) + Vector512.LoadUnsafe(ref middle, o + 0) + h0;
                best0 = Vector512.MinNative(best0, box0);
                var box1 = Vector512.LoadUnsafe(ref top, o + 16) + Vector512.LoadUnsafe(ref middle, o + 16) + h1;
                best1 = Vector512.MinNative(best1, box1);
            }

            best0.StoreUnsafe(ref best, 0);
            best1.StoreUnsafe(ref best, 16);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Add(ref float columns, ref float row)
        {
            for (nuint x = 0; x < RowFloats; x += (nuint)Vector512<float>.Count)
            {
                (Vector512.LoadUnsafe(ref columns, x) + Vector512.LoadUnsafe(ref row, x)).StoreUnsafe(ref columns, x);
            }
        }

        // One cost vector: (q0 - r0)² + (q1 - r1)², the reference read x floats on in both planes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Cost(Vector512<float> q0, Vector512<float> q1, ref float r, nuint x)
        {
            var e0 = q0 - Vector512.LoadUnsafe(ref r, x);
            var e1 = q1 - Vector512.LoadUnsafe(ref r, x + GridSize);
            return (e0 * e0) + (e1 * e1);
        }
    }
}
