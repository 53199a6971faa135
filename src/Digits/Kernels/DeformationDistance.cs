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
/// E_d(p) = sum over planes of (q(p) - r(p + d))², so the kernel computes E_d a row at a time, box-sums it and
/// keeps the per-pixel minimum over d. The vector paths work on 32-pixel rows (two 512-bit or four 256-bit
/// vectors) and add in a different order from the scalar path: last bits may differ between paths.</para>
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

    /// <summary>Side of the per-displacement cost rows (30 summed pixels plus the box sum's one-pixel rim).</summary>
    private const int CostSide = 32;

    /// <summary>Pixels summed per row and rows summed: the image and its one-pixel gradient border.</summary>
    private const int SumSide = 30;

    /// <summary>Floats of scratch space <see cref="Compute"/> needs.</summary>
    public const int ScratchFloats = (CostSide * CostSide) + (SumSide * CostSide) + 64;

    /// <summary>IDM distance of <paramref name="query"/> to <paramref name="reference"/>, on the widest accelerated path.</summary>
    /// <param name="query">The query's planes (<see cref="ImageFloats"/> floats).</param>
    /// <param name="reference">The reference's planes.</param>
    /// <param name="warp">How far (in pixels, each axis) a query pixel may look for its match: 0 to <see cref="MaxWarp"/>.</param>
    /// <param name="scratch">Working space of at least <see cref="ScratchFloats"/> floats.</param>
    /// <returns>The distance (not negative).</returns>
    public static float Compute(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch)
    {
        Check(query, reference, warp, scratch);
        if (Vector512.IsHardwareAccelerated)
        {
            return Compute512(query, reference, warp, scratch);
        }

        return Vector256.IsHardwareAccelerated ? Compute256(query, reference, warp, scratch) : ComputeScalar(query, reference, warp, scratch);
    }

    /// <summary>The 512-bit path (callers check <see cref="Vector512.IsHardwareAccelerated"/>).</summary>
    internal static float Compute512(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch)
    {
        Check(query, reference, warp, scratch);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float r = ref MemoryMarshal.GetReference(reference);
        ref float cost = ref MemoryMarshal.GetReference(scratch);
        ref float best = ref Unsafe.Add(ref cost, CostSide * CostSide);
        ResetBest(scratch);

        // Rows and columns of the cost grid start one pixel outside the summed 30x30 area.
        const int first = Origin - 2;
        for (int dy = -warp; dy <= warp; dy++)
        {
            for (int dx = -warp; dx <= warp; dx++)
            {
                int shift = (dy * Stride) + dx;
                Vector512<float> h0a = default, h0b = default, h1a = default, h1b = default;
                for (int row = 0; row < CostSide; row++)
                {
                    int at = ((first + row) * Stride) + first;
                    ref float rowCost = ref Unsafe.Add(ref cost, row * CostSide);
                    for (int half = 0; half < CostSide; half += 16)
                    {
                        var e0 = Vector512.LoadUnsafe(ref q, (nuint)(at + half)) - Vector512.LoadUnsafe(ref r, (nuint)(at + half + shift));
                        var e1 = Vector512.LoadUnsafe(ref q, (nuint)(GridSize + at + half)) - Vector512.LoadUnsafe(ref r, (nuint)(GridSize + at + half + shift));
                        ((e0 * e0) + (e1 * e1)).StoreUnsafe(ref rowCost, (nuint)half);
                    }

                    // Horizontal 3-sums for the 30 summed columns (lanes 30 and 31 read past the row and are masked at the end).
                    var ha = Vector512.LoadUnsafe(ref rowCost) + Vector512.LoadUnsafe(ref rowCost, 1) + Vector512.LoadUnsafe(ref rowCost, 2);
                    var hb = Vector512.LoadUnsafe(ref rowCost, 16) + Vector512.LoadUnsafe(ref rowCost, 17) + Vector512.LoadUnsafe(ref rowCost, 18);
                    if (row >= 2)
                    {
                        ref float rowBest = ref Unsafe.Add(ref best, (row - 2) * CostSide);
                        var ba = h0a + h1a + ha;
                        var bb = h0b + h1b + hb;
                        Vector512.Min(Vector512.LoadUnsafe(ref rowBest), ba).StoreUnsafe(ref rowBest);
                        Vector512.Min(Vector512.LoadUnsafe(ref rowBest, 16), bb).StoreUnsafe(ref rowBest, 16);
                    }

                    (h0a, h1a, h0b, h1b) = (h1a, ha, h1b, hb);
                }
            }
        }

        var keep = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)(SumSide - 16)));
        var sum = Vector512<float>.Zero;
        for (int row = 0; row < SumSide; row++)
        {
            ref float rowBest = ref Unsafe.Add(ref best, row * CostSide);
            sum += Vector512.LoadUnsafe(ref rowBest) + (Vector512.LoadUnsafe(ref rowBest, 16) & keep);
        }

        return Vector512.Sum(sum);
    }

    /// <summary>The 256-bit path (callers check <see cref="Vector256.IsHardwareAccelerated"/>).</summary>
    internal static float Compute256(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch)
    {
        Check(query, reference, warp, scratch);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float r = ref MemoryMarshal.GetReference(reference);
        ref float cost = ref MemoryMarshal.GetReference(scratch);
        ref float best = ref Unsafe.Add(ref cost, CostSide * CostSide);
        ResetBest(scratch);

        const int first = Origin - 2;
        for (int dy = -warp; dy <= warp; dy++)
        {
            for (int dx = -warp; dx <= warp; dx++)
            {
                int shift = (dy * Stride) + dx;
                for (int row = 0; row < CostSide; row++)
                {
                    int at = ((first + row) * Stride) + first;
                    ref float rowCost = ref Unsafe.Add(ref cost, row * CostSide);
                    for (int part = 0; part < CostSide; part += 8)
                    {
                        var e0 = Vector256.LoadUnsafe(ref q, (nuint)(at + part)) - Vector256.LoadUnsafe(ref r, (nuint)(at + part + shift));
                        var e1 = Vector256.LoadUnsafe(ref q, (nuint)(GridSize + at + part)) - Vector256.LoadUnsafe(ref r, (nuint)(GridSize + at + part + shift));
                        ((e0 * e0) + (e1 * e1)).StoreUnsafe(ref rowCost, (nuint)part);
                    }
                }

                // Box sums: horizontal 3-sums of three consecutive cost rows, added, for each summed row.
                for (int row = 0; row < SumSide; row++)
                {
                    ref float top = ref Unsafe.Add(ref cost, row * CostSide);
                    ref float rowBest = ref Unsafe.Add(ref best, row * CostSide);
                    for (int part = 0; part < CostSide; part += 8)
                    {
                        var box = Vector256<float>.Zero;
                        for (int k = 0; k < 3; k++)
                        {
                            ref float line = ref Unsafe.Add(ref top, (k * CostSide) + part);
                            box += Vector256.LoadUnsafe(ref line) + Vector256.LoadUnsafe(ref line, 1) + Vector256.LoadUnsafe(ref line, 2);
                        }

                        Vector256.Min(Vector256.LoadUnsafe(ref rowBest, (nuint)part), box).StoreUnsafe(ref rowBest, (nuint)part);
                    }
                }
            }
        }

        var keep = Vector256.LessThan(Vector256<float>.Indices, Vector256.Create((float)(SumSide - 24)));
        var sum = Vector256<float>.Zero;
        for (int row = 0; row < SumSide; row++)
        {
            ref float rowBest = ref Unsafe.Add(ref best, row * CostSide);
            sum += Vector256.LoadUnsafe(ref rowBest) + Vector256.LoadUnsafe(ref rowBest, 8) + Vector256.LoadUnsafe(ref rowBest, 16)
                + (Vector256.LoadUnsafe(ref rowBest, 24) & keep);
        }

        return Vector256.Sum(sum);
    }

    /// <summary>The portable path, and the reference for the vector paths: the definition, pixel by pixel.</summary>
    internal static float ComputeScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int warp, Span<float> scratch)
    {
        Check(query, reference, warp, scratch);
        float total = 0;
        for (int y = -1; y <= Side; y++)
        {
            for (int x = -1; x <= Side; x++)
            {
                float cheapest = float.MaxValue;
                for (int dy = -warp; dy <= warp; dy++)
                {
                    for (int dx = -warp; dx <= warp; dx++)
                    {
                        float context = 0;
                        for (int oy = -1; oy <= 1; oy++)
                        {
                            for (int ox = -1; ox <= 1; ox++)
                            {
                                int at = ((y + oy + Origin) * Stride) + x + ox + Origin;
                                int shifted = at + (dy * Stride) + dx;
                                for (int plane = 0; plane < PlaneCount; plane++)
                                {
                                    float e = query[(plane * GridSize) + at] - reference[(plane * GridSize) + shifted];
                                    context += e * e;
                                }
                            }
                        }

                        cheapest = Math.Min(cheapest, context);
                    }
                }

                total += cheapest;
            }
        }

        return total;
    }

    // The per-pixel cheapest cost so far, before any displacement is tried.
    private static void ResetBest(Span<float> scratch) => scratch.Slice(CostSide * CostSide, SumSide * CostSide).Fill(float.MaxValue);

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
}
