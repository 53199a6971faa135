using Digits.Images;

namespace Digits.Preprocessing;

/// <summary>
/// The named steps a model applies to every image, training and query alike, before the KNN search:
/// deskewing by image moments, then an optional Gaussian blur.
/// </summary>
public sealed record Preprocessor
{
    /// <summary>Gets no preprocessing at all (raw pixels).</summary>
    public static Preprocessor None { get; } = new();

    /// <summary>Gets a value indicating whether slanted digits are straightened. Defaults to <c>false</c>.</summary>
    public bool Deskew { get; init; }

    /// <summary>Gets the Gaussian blur's sigma in pixels, or 0 for none. Defaults to 0.</summary>
    public double BlurSigma { get; init; }

    /// <summary>Gets a value indicating whether any step is on.</summary>
    public bool IsIdentity => !Deskew && BlurSigma <= 0;

    /// <summary>A short description such as <c>deskew + blur 1.0</c> or <c>raw pixels</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => IsIdentity ? "raw pixels" : string.Join(" + ", new[] { Deskew ? "deskew" : null, BlurSigma > 0 ? $"blur {BlurSigma:0.0#}" : null }.Where(s => s is not null));

    /// <summary>Applies the steps to one image.</summary>
    /// <param name="image">Pixels, row-major.</param>
    /// <param name="rows">Height.</param>
    /// <param name="columns">Width.</param>
    /// <returns>The processed pixels (a new array).</returns>
    public byte[] Apply(ReadOnlySpan<byte> image, int rows = 28, int columns = 28)
    {
        byte[] result = image.ToArray();
        if (Deskew)
        {
            Preprocessing.Deskew.Apply(image, result, rows, columns);
        }

        if (BlurSigma > 0)
        {
            byte[] blurred = new byte[result.Length];
            GaussianSmoothing.Apply(result, blurred, rows, columns, BlurSigma);
            result = blurred;
        }

        return result;
    }

    /// <summary>Applies the steps to every image of a set, on all cores.</summary>
    /// <param name="images">The images.</param>
    /// <returns>A new set (the same one when there is nothing to do).</returns>
    public ImageSet Apply(ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (IsIdentity)
        {
            return images;
        }

        int d = images.PixelsPerImage;
        byte[] pixels = new byte[images.Pixels.Length];
        Parallel.For(0, images.Count, i => Apply(images[i], images.Rows, images.Columns).CopyTo(pixels.AsSpan(i * d, d)));
        return new ImageSet(pixels, images.Count, images.Rows, images.Columns);
    }
}
