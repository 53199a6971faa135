using ImageMagick;
using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// What OpenCV does not read, through Magick.NET: HEIC and AVIF (libheif; the phone's rotation boxes are applied as
/// the image is decoded, and the EXIF orientation beside them is not applied again) and the pages of a multi-page
/// TIFF (each decoded alone, so a long fax never sits in memory whole; its orientation tag honoured).
/// </summary>
internal static class MagickPages
{
    /// <summary>The size of the first page and the number of pages, read without decoding the pixels.</summary>
    /// <exception cref="PhotoException">The file is corrupt.</exception>
    public static (int Width, int Height, int Pages) Ping(byte[] bytes, string format)
    {
        try
        {
            var pages = MagickImageInfo.ReadCollection(bytes).ToList();
            return pages.Count == 0 ? throw Corrupt(format, "no image in it") : ((int)pages[0].Width, (int)pages[0].Height, pages.Count);
        }
        catch (MagickException ex)
        {
            throw Corrupt(format, ex.Message);
        }
    }

    /// <summary>Decodes one page (0 for the first) into an 8-bit BGR image, transparency laid over white paper.</summary>
    /// <returns>The page; the caller disposes it.</returns>
    /// <exception cref="PhotoException">The file is corrupt, or the page is not in it.</exception>
    public static Mat Decode(byte[] bytes, string format, int page)
    {
        try
        {
            var settings = new MagickReadSettings { FrameIndex = (uint)page, FrameCount = 1 };
            using var image = new MagickImage(bytes, settings);
            if (format == "TIFF")
            {
                image.AutoOrient(); // libheif has already turned a HEIC; turning it by its EXIF tag too would turn it twice
            }

            if (image.HasAlpha)
            {
                image.BackgroundColor = MagickColors.White;
                image.Alpha(AlphaAction.Remove);
            }

            image.ColorSpace = ColorSpace.sRGB; // CMYK and Lab scans too
            image.ColorType = ColorType.TrueColor; // grey and palette pages as three channels
            byte[] bgr = image.ToByteArray(MagickFormat.Bgr);
            var decoded = new Mat((int)image.Height, (int)image.Width, MatType.CV_8UC3);
            System.Runtime.InteropServices.Marshal.Copy(bgr, 0, decoded.Data, bgr.Length);
            return decoded;
        }
        catch (MagickException ex)
        {
            throw Corrupt(format, ex.Message);
        }
    }

    private static PhotoException Corrupt(string format, string said)
        => new($"could not be decoded: a corrupt {format} (the decoder said: {said.Split('\n', StringSplitOptions.TrimEntries)[0]})");
}
