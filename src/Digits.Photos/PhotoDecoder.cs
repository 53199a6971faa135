using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// The one place that decides what a file is, by its bytes (never its name), and decodes it into 8-bit colour
/// pages: PNG, JPEG, GIF, BMP, WebP and single-page TIFF with OpenCV; HEIC, AVIF and multi-page TIFF with
/// Magick.NET; the scanned images of PDF pages (<see cref="PdfScans"/>). EXIF orientation is honoured, transparency is laid
/// over white paper, 16-bit, grey and CMYK images are converted. Sizes are checked from the header first, so an
/// image over the limit is refused before it is decoded; the pages of a document are decoded one at a time.
/// </summary>
public static class PhotoDecoder
{
    /// <summary>The longest side accepted, in pixels: OpenCV's own limit (2^20).</summary>
    public const int MaxSide = 1 << 20;

    /// <summary>The most pages of a document (PDF, TIFF) read by default.</summary>
    public const int MaxPages = 100;

    /// <summary>
    /// Decodes every page of <paramref name="bytes"/>, one at a time as the caller asks for the next: a PDF's or
    /// a TIFF's pages, or the one page of any other image. The file is checked before the first page is given.
    /// </summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height of each page.</param>
    /// <param name="workingSize">As for <see cref="Decode(byte[], long, int, out int)"/>.</param>
    /// <param name="maxPages">The most pages accepted.</param>
    /// <returns>The pages in order; the caller disposes each.</returns>
    /// <exception cref="PhotoException">The file, or a page when it is reached, is empty, not an image, truncated, undecodable or too large.</exception>
    public static IEnumerable<DecodedPage> Pages(byte[] bytes, long maxPixels = 40_000_000, int workingSize = 0, int maxPages = MaxPages)
    {
        var (format, _, _, pages) = Identify(bytes, maxPixels);
        PdfScans? document = format == "PDF" ? new PdfScans(bytes) : null; // read once: its structure, then each page's image
        pages = document?.PageCount ?? pages;
        if (pages == 0)
        {
            throw new PhotoException($"is a {format} without pages");
        }

        if (pages > maxPages)
        {
            throw new PhotoException($"is a {format} of {pages} pages; the limit is {maxPages}", tooLarge: true);
        }

        return format switch
        {
            "PDF" => PdfPages(document!, maxPixels, workingSize),
            "HEIC" or "AVIF" => MagickDocument(bytes, format, 1),
            "TIFF" when pages > 1 => MagickDocument(bytes, format, pages),
            _ => OnePage(bytes, format, maxPixels, workingSize),
        };
    }

    /// <summary>How many pages the file has (1 for an image), read without decoding them.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <returns>The number of pages.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated or corrupt.</exception>
    public static int PageCount(byte[] bytes)
    {
        var (format, _, _, pages) = Identify(bytes, long.MaxValue);
        if (format != "PDF")
        {
            return pages;
        }

        return new PdfScans(bytes).PageCount;
    }

    private static IEnumerable<DecodedPage> OnePage(byte[] bytes, string format, long maxPixels, int workingSize)
    {
        yield return new DecodedPage(1, 1, DecodeOne(bytes, format, maxPixels, workingSize, out int reduction), reduction)
        {
            ExifOrientation = format == "JPEG" ? ImageHeader.ExifOrientation(bytes) : 1, // OpenCV turns a JPEG as its tag says
        };
    }

    private static IEnumerable<DecodedPage> MagickDocument(byte[] bytes, string format, int pages)
    {
        for (int page = 0; page < pages; page++)
        {
            yield return new DecodedPage(page + 1, pages, MagickPages.Decode(bytes, format, page), 1);
        }
    }

    private static IEnumerable<DecodedPage> PdfPages(PdfScans document, long maxPixels, int workingSize)
    {
        for (int page = 1; page <= document.PageCount; page++)
        {
            var (file, pixels) = document.Page(page, (width, height) => OnPage(page, () => CheckSize("image", width, height, maxPixels)));
            int reduction = 1;
            Mat decoded = pixels ?? OnPage(page, () => DecodeRaster(file!, Check(file!, maxPixels).Format ?? "image", maxPixels, workingSize, out reduction));
            yield return new DecodedPage(page, document.PageCount, decoded, reduction);
        }
    }

    // A page's problem says which page.
    private static T OnPage<T>(int page, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (PhotoException ex)
        {
            throw new PhotoException($"page {page}'s image {ex.Message}", tooLarge: ex.TooLarge, notAnImage: ex.NotAnImage);
        }
    }

    private static void OnPage(int page, Action check) => OnPage(page, () =>
    {
        check();
        return 0;
    });

    /// <summary>Decodes <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height.</param>
    /// <returns>A BGR image; the caller disposes it.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated, undecodable or too large.</exception>
    public static Mat Decode(byte[] bytes, long maxPixels = 40_000_000) => Decode(bytes, maxPixels, 0, out _);

    /// <summary>
    /// Decodes <paramref name="bytes"/>, letting a large JPEG be decoded at 1/2, 1/4 or 1/8 of its size (the
    /// JPEG decoder skips the fine detail, several times faster) when the result still has a longer side of
    /// at least 90% of <paramref name="workingSize"/>.
    /// </summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height (of the full image).</param>
    /// <param name="workingSize">The longest side the caller will reduce the image to anyway; 0 for full size.</param>
    /// <param name="reduction">Receives the factor the image was reduced by while decoding (1, 2, 4 or 8).</param>
    /// <returns>A BGR image; the caller disposes it.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated, undecodable or too large.</exception>
    public static Mat Decode(byte[] bytes, long maxPixels, int workingSize, out int reduction)
    {
        var (format, _, _, pages) = Identify(bytes, maxPixels);
        if (format is "PDF" or "HEIC" or "AVIF" || pages > 1)
        {
            // The first page of a document.
            DecodedPage first = Pages(bytes, maxPixels, workingSize, int.MaxValue).First();
            reduction = first.Reduction;
            return first.Image;
        }

        return DecodeOne(bytes, format, maxPixels, workingSize, out reduction);
    }

    // A TIFF that OpenCV's reader refuses may be one that Magick.NET's libtiff reads: a valid scan is not refused
    // while either of the two can read it.
    private static Mat DecodeOne(byte[] bytes, string format, long maxPixels, int workingSize, out int reduction)
    {
        try
        {
            return DecodeRaster(bytes, format, maxPixels, workingSize, out reduction);
        }
        catch (PhotoException first) when (format == "TIFF" && !first.TooLarge)
        {
            reduction = 1;
            try
            {
                return MagickPages.Decode(bytes, format, 0);
            }
            catch (PhotoException)
            {
                throw first;
            }
        }
    }

    // What OpenCV decodes, the header already checked.
    private static Mat DecodeRaster(byte[] bytes, string format, long maxPixels, int workingSize, out int reduction)
    {
        var header = ImageHeader.Read(bytes)!.Value;

        bool mayHaveAlpha = format is "PNG" or "WebP" or "TIFF" or "GIF";
        reduction = 1;
        if (format == "JPEG" && workingSize > 0)
        {
            foreach (int factor in new[] { 8, 4, 2 })
            {
                if (Math.Max(header.Width, header.Height) / factor >= 0.9 * workingSize)
                {
                    reduction = factor;
                    break;
                }
            }
        }

        ImreadModes mode = mayHaveAlpha ? ImreadModes.Unchanged
            : reduction switch { 2 => ImreadModes.ReducedColor2, 4 => ImreadModes.ReducedColor4, 8 => ImreadModes.ReducedColor8, _ => ImreadModes.Color };
        Mat decoded;
        try
        {
            decoded = Cv2.ImDecode(bytes, mode);
        }
        catch (OpenCVException ex)
        {
            // OpenCV's decoders assert on what they cannot read; for a file we did not write that is a bad file.
            throw new PhotoException($"could not be decoded: a corrupt {format} (the decoder said: {FirstWords(ex)})");
        }

        if (decoded.Empty())
        {
            decoded.Dispose();
            throw new PhotoException($"could not be decoded: a corrupt or truncated {format}");
        }

        try
        {
            CheckSize(format, decoded.Width * reduction, decoded.Height * reduction, maxPixels);
        }
        catch
        {
            decoded.Dispose();
            throw;
        }

        if (decoded.Type() == MatType.CV_8UC3)
        {
            return decoded; // the common case: no copy (fresh megabytes cost page faults)
        }

        using (decoded)
        {
            return ToBgr8(decoded, format);
        }
    }

    /// <summary>
    /// Checks <paramref name="bytes"/> without decoding them, in microseconds: a format this program reads, a
    /// size within <paramref name="maxPixels"/>, a JPEG whose markers run to its end-of-image marker (data after it, as cameras write, is allowed), PNG chunks that fit in the file.
    /// A server runs this before an upload waits for its turn, so a bad upload is answered at once, even when busy.
    /// </summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height.</param>
    /// <returns>The format and size its header gives.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated or too large.</exception>
    public static (string? Format, int Width, int Height) Check(byte[] bytes, long maxPixels = 40_000_000)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new PhotoException("the file is empty");
        }

        var header = ImageHeader.Read(bytes)
                     ?? throw new PhotoException("is not an image this program reads (expected PNG, JPEG, GIF, BMP, WebP, TIFF, HEIC, AVIF or PDF)", notAnImage: true);
        string format = header.Format ?? "image";
        if (format is "HEIC" or "AVIF")
        {
            var (width, height, _) = MagickPages.Ping(bytes, format);
            header = (format, width, height);
        }

        CheckSize(format, header.Width, header.Height, maxPixels);
        if (format == "JPEG" && JpegMarkers.EndOfImage(bytes) < 0)
        {
            throw new PhotoException("is a truncated JPEG (its data ends before its end-of-image marker)");
        }

        if (format == "PNG" && PngChunks.FindProblem(bytes) is { } problem)
        {
            throw new PhotoException(problem);
        }

        return header;
    }

    // The format, the first page's size and the number of pages (a PDF's are counted when it is opened: 0 here).
    private static (string Format, int Width, int Height, int Pages) Identify(byte[] bytes, long maxPixels)
    {
        var (format, width, height) = Check(bytes, maxPixels);
        string name = format ?? "image";
        int pages = name switch
        {
            "PDF" => 0,
            "TIFF" => ImageHeader.TiffPageCount(bytes),
            _ => 1,
        };
        return (name, width, height, pages);
    }

    private static void CheckSize(string format, int width, int height, long maxPixels)
    {
        if (width < 0 || height < 0)
        {
            throw new PhotoException($"is a {format} with an invalid size {width}x{height}");
        }

        if (width > MaxSide || height > MaxSide)
        {
            throw new PhotoException($"is {width}x{height}; no side may be over {MaxSide:N0} pixels", tooLarge: true);
        }

        if ((long)width * height > maxPixels)
        {
            throw new PhotoException(
                $"is {width}x{height} = {(long)width * height / 1e6:F1} megapixels; the limit is {maxPixels / 1e6:F0} megapixels",
                tooLarge: true);
        }
    }

    // Any depth and channel count a decoder may give (TIFF allows signed, 32-bit and two-channel images) as 8-bit BGR.
    private static Mat ToBgr8(Mat image, string format)
    {
        Mat? bgr = null;
        try
        {
            using var eightBit = new Mat();
            int channels = image.Channels();
            var (scale, shift) = image.Depth() switch
            {
                MatType.CV_8S => (1.0, 128.0),
                MatType.CV_16U => (1 / 256.0, 0.0),
                MatType.CV_16S => (1 / 256.0, 128.0),
                MatType.CV_32S => (1 / 16_777_216.0, 128.0),
                MatType.CV_32F or MatType.CV_64F => (255.0, 0.0),
                _ => (1.0, 0.0),
            };
            image.ConvertTo(eightBit, MatType.MakeType(MatType.CV_8U, channels), scale, shift);

            bgr = new Mat();
            switch (channels)
            {
                case 1:
                case 2: // grey and alpha: the grey
                    using (Mat grey = eightBit.ExtractChannel(0))
                    {
                        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
                    }

                    break;
                case 4:
                    OverWhite(eightBit, bgr);
                    break;
                case 3:
                    eightBit.CopyTo(bgr);
                    break;
                default:
                    throw new PhotoException($"could not be decoded: a {format} with {channels} channels");
            }

            return bgr;
        }
        catch (OpenCVException ex)
        {
            bgr?.Dispose();
            throw new PhotoException($"could not be decoded: a {format} of a kind this program does not read (the decoder said: {FirstWords(ex)})");
        }
        catch
        {
            bgr?.Dispose();
            throw;
        }
    }

    // The gist of an OpenCV error, for a message: its first line, without OpenCV's "> " quoting.
    private static string FirstWords(OpenCVException error)
        => (error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "").TrimStart('>', ' ').TrimEnd(':');

    // Transparent pixels become white paper: colour * alpha + 255 * (1 - alpha).
    private static void OverWhite(Mat bgra, Mat bgr)
    {
        Mat[] channels = Cv2.Split(bgra);
        try
        {
            using var alpha = new Mat();
            channels[3].ConvertTo(alpha, MatType.CV_32F, 1 / 255.0);
            using var inverse = new Mat();
            Cv2.Subtract(Scalar.All(1.0), alpha, inverse);
            var blended = new Mat[3];
            for (int c = 0; c < 3; c++)
            {
                using var colour = new Mat();
                channels[c].ConvertTo(colour, MatType.CV_32F);
                using var mixed = new Mat();
                Cv2.Multiply(colour, alpha, mixed);
                using var paper = new Mat();
                Cv2.Multiply(inverse, Scalar.All(255.0), paper);
                blended[c] = new Mat();
                Cv2.Add(mixed, paper, mixed);
                mixed.ConvertTo(blended[c], MatType.CV_8U);
            }

            Cv2.Merge(blended, bgr);
            foreach (Mat m in blended)
            {
                m.Dispose();
            }
        }
        finally
        {
            foreach (Mat m in channels)
            {
                m.Dispose();
            }
        }
    }
}
