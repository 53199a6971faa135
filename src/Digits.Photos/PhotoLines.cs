using Digits.Lines;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Lines of a photo as a line reader (<see cref="LineNetwork"/>) reads them: the ink map (<see cref="InkMap"/>)
/// of a line's region, with margins, made a <see cref="LineImage"/>.
/// </summary>
public static class PhotoLines
{
    /// <summary>The margin above and below a line's writing, as a share of its height.</summary>
    public const double VerticalMargin = 0.2;

    /// <summary>The margin before and after a line's writing, as a share of its height.</summary>
    public const double HorizontalMargin = 0.4;

    /// <summary>The whole photo as one line: a form field, a cheque's amount, a cell cut from a table.</summary>
    /// <param name="bytes">The image file's content.</param>
    /// <param name="options">Sizes and limits.</param>
    /// <exception cref="PhotoException">The content is not a readable image, or it is too large.</exception>
    public static LineImage Field(byte[] bytes, PhotoOptions? options = null)
    {
        var (ink, width, height) = FieldInk(bytes, options);
        return LineImage.FromInk(ink, width, height);
    }

    /// <summary>The ink map of a whole photo at working size (0 = paper), for reading it as one line.</summary>
    /// <param name="bytes">The image file's content.</param>
    /// <param name="options">Sizes and limits.</param>
    /// <exception cref="PhotoException">The content is not a readable image, or it is too large.</exception>
    public static (byte[] Ink, int Width, int Height) FieldInk(byte[] bytes, PhotoOptions? options = null)
    {
        options ??= new PhotoOptions();
        OpenCvNative.EnsureLoaded();
        using Mat photo = PhotoDecoder.Decode(bytes, options.MaxPixels, options.WorkingSize, out _);
        using Mat working = WorkingImage.Resize(photo, options, out _);
        using Mat paper = InkMap.Paper(working);
        using Mat ink = InkMap.Compute(working, paper);
        ink.GetArray(out byte[] pixels);
        return (pixels, ink.Width, ink.Height);
    }

    /// <summary>The line of writing in <paramref name="box"/> of an ink map, with margins round it (clipped to the map).</summary>
    /// <param name="ink">The ink map (8-bit, one channel).</param>
    /// <param name="box">The line's writing.</param>
    /// <param name="margin">Whether to add the margins.</param>
    public static LineImage Crop(Mat ink, Rect box, bool margin = true) => CropWithRegion(ink, box, margin).Line;

    /// <summary>As <see cref="Crop"/>, with the region of the ink map the line image was made from.</summary>
    // With a pen of more than 1, the ink is widened by a round pen that many pixels wide (a hairline drawn with a
    // mouse or a fine pen, which the line reader has seen only in letters).
    internal static (LineImage Line, Rect Region) CropWithRegion(Mat ink, Rect box, bool margin = true, int pen = 0)
    {
        ArgumentNullException.ThrowIfNull(ink);
        int dy = margin ? (int)Math.Round(box.Height * VerticalMargin) : 0, dx = margin ? (int)Math.Round(box.Height * HorizontalMargin) : 0;
        var region = new Rect(box.X - dx, box.Y - dy, box.Width + (2 * dx), box.Height + (2 * dy)).Intersect(new Rect(0, 0, ink.Width, ink.Height));
        if (region.Width < 1 || region.Height < 1)
        {
            throw new ArgumentException($"the line's box {box} lies outside the {ink.Width}x{ink.Height} ink map", nameof(box));
        }

        using var view = new Mat(ink, region);
        using Mat copy = view.Clone();
        if (pen > 1)
        {
            using var round = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(pen, pen));
            Cv2.Dilate(copy, copy, round);
        }

        copy.GetArray(out byte[] pixels);
        return (LineImage.FromInk(pixels, region.Width, region.Height), region);
    }
}
