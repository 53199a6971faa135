using Digits.Kernels;

namespace Digits.Deformation;

/// <summary>
/// The description of a 28x28 digit that <see cref="DeformationDistance"/> compares: its horizontal and
/// vertical Sobel gradients (pixels scaled to 0..1, the image taken as zero outside), laid out on the kernel's
/// padded grid. Gradients describe the strokes' edges and directions rather than their ink, so a match
/// depends on shape more than on stroke thickness.
/// </summary>
internal static class GradientPlanes
{
    /// <summary>Writes the gradient planes of <paramref name="image"/> into <paramref name="planes"/>.</summary>
    /// <param name="image">28x28 pixels, row-major, 0 = background.</param>
    /// <param name="planes">At least <see cref="DeformationDistance.ImageFloats"/> floats; every float is overwritten.</param>
    /// <exception cref="ArgumentException">The image is not 28x28 or the planes are too short.</exception>
    public static void Compute(ReadOnlySpan<byte> image, Span<float> planes)
    {
        const int side = DeformationDistance.Side;
        if (image.Length != side * side)
        {
            throw new ArgumentException($"Expected a {side}x{side} image ({side * side} values), got {image.Length}.", nameof(image));
        }

        if (planes.Length < DeformationDistance.ImageFloats)
        {
            throw new ArgumentException($"Expected at least {DeformationDistance.ImageFloats} floats for the planes, got {planes.Length}.", nameof(planes));
        }

        // The image on a zero border two pixels wide, so every Sobel tap below is in range.
        const int padded = side + 4;
        Span<float> pixels = stackalloc float[padded * padded];
        pixels.Clear();
        for (int y = 0; y < side; y++)
        {
            Span<float> row = pixels.Slice(((y + 2) * padded) + 2, side);
            ReadOnlySpan<byte> source = image.Slice(y * side, side);
            for (int x = 0; x < side; x++)
            {
                row[x] = source[x] * (1f / 255f);
            }
        }

        planes[..DeformationDistance.ImageFloats].Clear();
        Span<float> horizontal = planes[..DeformationDistance.GridSize];
        Span<float> vertical = planes.Slice(DeformationDistance.GridSize, DeformationDistance.GridSize);
        for (int y = -1; y <= side; y++)
        {
            ReadOnlySpan<float> above = pixels.Slice((y + 1) * padded, padded);
            ReadOnlySpan<float> here = pixels.Slice((y + 2) * padded, padded);
            ReadOnlySpan<float> below = pixels.Slice((y + 3) * padded, padded);
            int at = ((y + DeformationDistance.Origin) * DeformationDistance.Stride) + DeformationDistance.Origin;
            for (int x = -1; x <= side; x++)
            {
                // Padded column of image column x is x + 2.
                int l = x + 1, c = x + 2, r = x + 3;
                horizontal[at + x] = above[r] + (2 * here[r]) + below[r] - above[l] - (2 * here[l]) - below[l];
                vertical[at + x] = below[l] + (2 * below[c]) + below[r] - above[l] - (2 * above[c]) - above[r];
            }
        }
    }
}
