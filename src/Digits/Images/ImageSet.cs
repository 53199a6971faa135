namespace Digits.Images;

/// <summary>
/// A batch of grey images of one size, stored row-major as bytes (0 = background, 255 = full ink),
/// one image after another. This is the feature layout every model in the library works on:
/// pixel <c>p</c> of image <c>i</c> is <c>Pixels[i * PixelsPerImage + p]</c>, and the value a
/// classifier sees is <c>p / 255</c>.
/// </summary>
public sealed class ImageSet
{
    /// <summary>Creates a set over <paramref name="pixels"/> without copying them.</summary>
    /// <param name="pixels">All images, one after another; its length must be <c>count * rows * columns</c>.</param>
    /// <param name="count">Number of images.</param>
    /// <param name="rows">Image height in pixels.</param>
    /// <param name="columns">Image width in pixels.</param>
    /// <exception cref="ArgumentException">The sizes do not match the buffer.</exception>
    public ImageSet(byte[] pixels, int count, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)count * rows * columns != pixels.LongLength)
        {
            throw new ArgumentException(
                $"Expected {count} x {rows} x {columns} = {(long)count * rows * columns} pixels, got {pixels.LongLength}.",
                nameof(pixels));
        }

        Pixels = pixels;
        Count = count;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Gets all pixels, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>Gets the number of images.</summary>
    public int Count { get; }

    /// <summary>Gets the image height in pixels.</summary>
    public int Rows { get; }

    /// <summary>Gets the image width in pixels.</summary>
    public int Columns { get; }

    /// <summary>Gets the number of pixels in one image (<c>Rows * Columns</c>), the feature dimension.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>Gets the pixels of image <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based image index.</param>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Expected 0 <= index < {Count}, got {index}.");
            }

            return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
        }
    }

    /// <summary>Wraps one image (for example a 28x28 digit) as a set of one.</summary>
    /// <param name="pixels">The image's pixels, row-major.</param>
    /// <param name="rows">Image height.</param>
    /// <param name="columns">Image width.</param>
    /// <returns>A set holding a copy of the image.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "A set of a single image; nothing to do with the float type.")]
    public static ImageSet Single(ReadOnlySpan<byte> pixels, int rows = 28, int columns = 28)
        => new(pixels.ToArray(), 1, rows, columns);

    /// <summary>Returns images <c>[start, start + count)</c> as a new set (the pixels are copied).</summary>
    /// <param name="start">First image.</param>
    /// <param name="count">Number of images.</param>
    /// <returns>The slice.</returns>
    public ImageSet Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Expected a range within 0..{Count}, got start {start}, count {count}.");
        }

        return new ImageSet(Pixels.AsSpan(start * PixelsPerImage, count * PixelsPerImage).ToArray(), count, Rows, Columns);
    }

    /// <summary>Returns the images at <paramref name="indices"/>, in that order, as a new set.</summary>
    /// <param name="indices">Indices of the images to take.</param>
    /// <returns>The selection.</returns>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new byte[indices.Count * PixelsPerImage];
        for (int i = 0; i < indices.Count; i++)
        {
            this[indices[i]].CopyTo(pixels.AsSpan(i * PixelsPerImage, PixelsPerImage));
        }

        return new ImageSet(pixels, indices.Count, Rows, Columns);
    }
}
