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

        planes[..DeformationDistance.ImageFloats].Clear();
        Span<float> horizontal = planes[..DeformationDistance.GridSize];
        Span<float> vertical = planes.Slice(DeformationDistance.GridSize, DeformationDistance.GridSize);
        for (int y = -1; y <= side; y++)
        {
            for (int x = -1; x <= side; x++)
            {
                float gx = Pixel(image, x + 1, y - 1) + (2 * Pixel(image, x + 1, y)) + Pixel(image, x + 1, y + 1)
                    - Pixel(image, x - 1, y - 1) - (2 * Pixel(image, x - 1, y)) - Pixel(image, x - 1, y + 1);
                float gy = Pixel(image, x - 1, y + 1) + (2 * Pixel(image, x, y + 1)) + Pixel(image, x + 1, y + 1)
                    - Pixel(image, x - 1, y - 1) - (2 * Pixel(image, x, y - 1)) - Pixel(image, x + 1, y - 1);
                int at = ((y + DeformationDistance.Origin) * DeformationDistance.Stride) + x + DeformationDistance.Origin;
                horizontal[at] = gx;
                vertical[at] = gy;
            }
        }
    }

    /// <summary>Returns the planes of every image of a set, one block of <see cref="DeformationDistance.ImageFloats"/> floats per image.</summary>
    /// <param name="images">28x28 images.</param>
    /// <returns>The planes, image after image.</returns>
    public static float[] Compute(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var planes = new float[(long)images.Count * DeformationDistance.ImageFloats];
        Parallel.For(0, images.Count, i => Compute(images[i], planes.AsSpan(i * DeformationDistance.ImageFloats, DeformationDistance.ImageFloats)));
        return planes;
    }

    private static float Pixel(ReadOnlySpan<byte> image, int x, int y)
        => (uint)x < DeformationDistance.Side && (uint)y < DeformationDistance.Side ? image[(y * DeformationDistance.Side) + x] / 255f : 0f;
}
