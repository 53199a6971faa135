using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Digits.Kernels;

/// <summary>
/// The description of a 28x28 digit that <see cref="DeformationDistance"/> compares: its horizontal and
/// vertical Sobel gradients (pixels scaled to 0..1, the image taken as zero outside), laid out on the kernel's
/// padded grid. Gradients describe the strokes' edges and directions rather than their ink, so a match
/// depends on shape more than on stroke thickness.
/// </summary>
/// <remarks>
/// Re-ranking computes the planes of 100 candidates per query, so the Sobel rows run 32 columns at a time on
/// the widest vectors; every path does the same float operations per element, in the same order, so the planes
/// are the same bit for bit on every CPU.
/// </remarks>
internal static class GradientPlanes
{
    private const int Side = DeformationDistance.Side;

    // The image on a zero border two pixels wide on the top, bottom and left and six on the right, so every
    // Sobel tap of the 32 columns x = -1..30 is in range (columns 29 and 30 come out zero).
    private const int Padded = Side + 8;
    private const int PaddedRows = Side + 4;
    private const int Columns = 32;

    /// <summary>Writes the gradient planes of <paramref name="image"/> into <paramref name="planes"/>.</summary>
    /// <param name="image">28x28 pixels, row-major, 0 = background.</param>
    /// <param name="planes">At least <see cref="DeformationDistance.ImageFloats"/> floats; every float is overwritten.</param>
    /// <exception cref="ArgumentException">The image is not 28x28 or the planes are too short.</exception>
    public static void Compute(ReadOnlySpan<byte> image, Span<float> planes)
    {
        Check(image, planes);
        planes[..DeformationDistance.ImageFloats].Clear();
        Write(image, planes, SimdWidths.Widest);
    }

    /// <summary>
    /// <see cref="Compute(ReadOnlySpan{byte}, Span{float})"/> into planes that an earlier call already filled: only the area gradients can be
    /// non-zero on is written, since everything outside it is still zero.
    /// </summary>
    /// <param name="image">28x28 pixels.</param>
    /// <param name="planes">Planes last written by <see cref="Compute(ReadOnlySpan{byte}, Span{float})"/> or this method.</param>
    public static void Overwrite(ReadOnlySpan<byte> image, Span<float> planes)
    {
        Check(image, planes);
        Write(image, planes, SimdWidths.Widest);
    }

    /// <summary><see cref="Compute(ReadOnlySpan{byte}, Span{float})"/> on one path.</summary>
    internal static void Compute(ReadOnlySpan<byte> image, Span<float> planes, SimdWidth width)
    {
        Check(image, planes);
        planes[..DeformationDistance.ImageFloats].Clear();
        Write(image, planes, width);
    }

    private static void Write(ReadOnlySpan<byte> image, Span<float> planes, SimdWidth width)
    {
        Span<float> pixels = stackalloc float[Padded * PaddedRows];
        pixels.Clear();
        for (int y = 0; y < Side; y++)
        {
            Span<float> row = pixels.Slice(((y + 2) * Padded) + 2, Side);
            ReadOnlySpan<byte> source = image.Slice(y * Side, Side);
            for (int x = 0; x < Side; x++)
            {
                row[x] = source[x] * (1f / 255f);
            }
        }

        ref float p = ref MemoryMarshal.GetReference(pixels);
        ref float horizontal = ref MemoryMarshal.GetReference(planes);
        ref float vertical = ref Unsafe.Add(ref horizontal, DeformationDistance.GridSize);
        for (int y = -1; y <= Side; y++)
        {
            // Row y's taps: padded rows y + 1, y + 2, y + 3; output column x (from -1) reads padded columns x + 1..x + 3.
            ref float above = ref Unsafe.Add(ref p, (y + 1) * Padded);
            int at = ((y + DeformationDistance.Origin) * DeformationDistance.Stride) + DeformationDistance.Origin - 1;
            ref float h = ref Unsafe.Add(ref horizontal, at);
            ref float v = ref Unsafe.Add(ref vertical, at);
            switch (width)
            {
                case SimdWidth.Bits512:
                    Row<Sobel512>(ref above, ref h, ref v);
                    break;
                case SimdWidth.Bits256:
                    Row<Sobel256>(ref above, ref h, ref v);
                    break;
                case SimdWidth.Bits128:
                    Row<Sobel128>(ref above, ref h, ref v);
                    break;
                default:
                    Row<SobelScalar>(ref above, ref h, ref v);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TSobel>(ref float above, ref float horizontal, ref float vertical)
        where TSobel : struct, ISobel
    {
        for (int x = 0; x < Columns; x += TSobel.Count)
        {
            TSobel.Write(ref Unsafe.Add(ref above, x), ref Unsafe.Add(ref horizontal, x), ref Unsafe.Add(ref vertical, x));
        }
    }

    private static void Check(ReadOnlySpan<byte> image, Span<float> planes)
    {
        if (image.Length != Side * Side)
        {
            throw new ArgumentException($"Expected a {Side}x{Side} image ({Side * Side} values), got {image.Length}.", nameof(image));
        }

        if (planes.Length < DeformationDistance.ImageFloats)
        {
            throw new ArgumentException($"Expected at least {DeformationDistance.ImageFloats} floats for the planes, got {planes.Length}.", nameof(planes));
        }
    }

    /// <summary>
    /// The two Sobel taps for <see cref="Count"/> columns: with a, m, b the rows above, at and below and l, c, r
    /// the columns left, at and right, horizontal = a[r] + 2 m[r] + b[r] - a[l] - 2 m[l] - b[l] and
    /// vertical = b[l] + 2 b[c] + b[r] - a[l] - 2 a[c] - a[r], added left to right.
    /// </summary>
    private interface ISobel
    {
        static abstract int Count { get; }

        static abstract void Write(ref float above, ref float horizontal, ref float vertical);
    }

    private readonly struct SobelScalar : ISobel
    {
        public static int Count => 1;

        public static void Write(ref float a, ref float horizontal, ref float vertical)
        {
            ref float m = ref Unsafe.Add(ref a, Padded);
            ref float b = ref Unsafe.Add(ref a, 2 * Padded);
            horizontal = Unsafe.Add(ref a, 2) + (2 * Unsafe.Add(ref m, 2)) + Unsafe.Add(ref b, 2) - a - (2 * m) - b;
            vertical = b + (2 * Unsafe.Add(ref b, 1)) + Unsafe.Add(ref b, 2) - a - (2 * Unsafe.Add(ref a, 1)) - Unsafe.Add(ref a, 2);
        }
    }

    private readonly struct Sobel128 : ISobel
    {
        public static int Count => Vector128<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref float a, ref float horizontal, ref float vertical)
        {
            ref float m = ref Unsafe.Add(ref a, Padded);
            ref float b = ref Unsafe.Add(ref a, 2 * Padded);
            var al = Vector128.LoadUnsafe(ref a);
            var ac = Vector128.LoadUnsafe(ref a, 1);
            var ar = Vector128.LoadUnsafe(ref a, 2);
            var bl = Vector128.LoadUnsafe(ref b);
            var br = Vector128.LoadUnsafe(ref b, 2);
            (ar + (Vector128.LoadUnsafe(ref m, 2) * 2) + br - al - (Vector128.LoadUnsafe(ref m) * 2) - bl).StoreUnsafe(ref horizontal);
            (bl + (Vector128.LoadUnsafe(ref b, 1) * 2) + br - al - (ac * 2) - ar).StoreUnsafe(ref vertical);
        }
    }

    private readonly struct Sobel256 : ISobel
    {
        public static int Count => Vector256<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref float a, ref float horizontal, ref float vertical)
        {
            ref float m = ref Unsafe.Add(ref a, Padded);
            ref float b = ref Unsafe.Add(ref a, 2 * Padded);
            var al = Vector256.LoadUnsafe(ref a);
            var ac = Vector256.LoadUnsafe(ref a, 1);
            var ar = Vector256.LoadUnsafe(ref a, 2);
            var bl = Vector256.LoadUnsafe(ref b);
            var br = Vector256.LoadUnsafe(ref b, 2);
            (ar + (Vector256.LoadUnsafe(ref m, 2) * 2) + br - al - (Vector256.LoadUnsafe(ref m) * 2) - bl).StoreUnsafe(ref horizontal);
            (bl + (Vector256.LoadUnsafe(ref b, 1) * 2) + br - al - (ac * 2) - ar).StoreUnsafe(ref vertical);
        }
    }

    private readonly struct Sobel512 : ISobel
    {
        public static int Count => Vector512<float>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Write(ref float a, ref float horizontal, ref float vertical)
        {
            ref float m = ref Unsafe.Add(ref a, Padded);
            ref float b = ref Unsafe.Add(ref a, 2 * Padded);
            var al = Vector512.LoadUnsafe(ref a);
            var ac = Vector512.LoadUnsafe(ref a, 1);
            var ar = Vector512.LoadUnsafe(ref a, 2);
            var bl = Vector512.LoadUnsafe(ref b);
            var br = Vector512.LoadUnsafe(ref b, 2);
            (ar + (Vector512.LoadUnsafe(ref m, 2) * 2) + br - al - (Vector512.LoadUnsafe(ref m) * 2) - bl).StoreUnsafe(ref horizontal);
            (bl + (Vector512.LoadUnsafe(ref b, 1) * 2) + br - al - (ac * 2) - ar).StoreUnsafe(ref vertical);
        }
    }
}
